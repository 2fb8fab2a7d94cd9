"""The public PO page: customers order for themselves, without logging in."""
import re
import threading
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from customers.models import Customer
from orders.models import Order, OrderLine, PreorderPeriod, ShopSettings, WaitlistEntry
from tests.conftest import make_period, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def nastar():
    return make_product("Kue Nastar", price=75_000)


@pytest.fixture
def period(nastar):
    return make_period("PO Lebaran", products=[(nastar, 20)])


def form_data(client, period, **fields):
    page = client.get(f"/{period.slug}/")
    key = re.search(r'name="key" value="([0-9a-f]+)"', page.content.decode()).group(1)
    nastar_id = period.offers.first().product_id
    data = {"name": "Ibu Ani", "whatsapp": "0812-3456-7890", "delivery_method": "pickup", "key": key, f"qty_{nastar_id}": "2"}
    data.update(fields)
    return data


def test_the_public_page_shows_the_offer_price_and_what_is_left_without_login(client, period):
    page = client.get("/po-lebaran/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kue Nastar" in html and "Rp75.000" in html and "sisa 20 box" in html
    assert 'name="website"' in html  # the honeypot is there, hidden by CSS


def test_a_product_without_a_cap_shows_no_number(client):
    period = make_period("PO Bebas", products=[make_product("Bolu")])
    assert "sisa" not in client.get(f"/{period.slug}/").content.decode()


def test_the_stock_part_alone_is_served_to_htmx(client, period):
    part = client.get("/po-lebaran/?part=stock", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="stock"' in part and "<form" not in part and "sisa 20 box" in part


def test_a_customer_orders_and_lands_on_the_confirmation_with_a_whatsapp_link(client, period):
    _shop(shop_name="Dapur Bunda", whatsapp="0811-2222-3333", payment_instructions="BCA 123 a.n. Bunda")
    answer = client.post("/po-lebaran/", form_data(client, period))
    assert answer.status_code == 302
    order = Order.objects.get()
    assert order.channel == "form" and order.customer.whatsapp == "+6281234567890"
    page = client.get(answer.url).content.decode()
    assert order.code in page and "Rp150.000" in page and "BCA 123 a.n. Bunda" in page
    link = re.search(r'href="(https://wa.me/[^"]+)"', page).group(1)
    assert link.startswith("https://wa.me/6281122223333?text=")
    text = unquote(link.split("text=")[1])
    assert order.code in text and "2 box Kue Nastar" in text and "Rp150.000" in text


def test_the_confirmation_needs_the_signed_link(client, period):
    answer = client.post("/po-lebaran/", form_data(client, period))
    code = Order.objects.get().code
    assert client.get(f"/po-lebaran/pesanan/{code}/").status_code == 404
    assert client.get(f"/po-lebaran/pesanan/{code}/?t=forged").status_code == 404
    other = answer.url.replace(code, code[:-1] + "9")
    assert client.get(other).status_code == 404


def test_a_double_tapped_order_button_makes_one_order(client, period):
    data = form_data(client, period)
    first = client.post("/po-lebaran/", data)
    second = client.post("/po-lebaran/", data)
    assert Order.objects.count() == 1
    assert first.url == second.url


def test_a_bot_filling_the_honeypot_saves_nothing(client, period):
    answer = client.post("/po-lebaran/", form_data(client, period, website="http://spam.example"))
    assert answer.status_code == 400
    assert "Pesanan Anda tidak dapat dikirim" in answer.content.decode()
    assert Order.objects.count() == 0 and Customer.objects.count() == 0


def test_too_many_submits_from_one_address_are_refused(client, period, settings):
    settings.PUBLIC_SUBMITS_PER_MINUTE = 3
    for _ in range(3):
        assert client.post("/po-lebaran/", form_data(client, period, name="")).status_code == 400
    answer = client.post("/po-lebaran/", form_data(client, period))
    assert answer.status_code == 429
    assert "Terlalu banyak pesanan" in answer.content.decode()
    assert Order.objects.count() == 0
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/po-lebaran/", form_data(other, period)).status_code == 302


BAD_INPUT = [
    ({"name": ""}, "Mohon isi nama Anda"),
    ({"name": "   "}, "Mohon isi nama Anda"),
    ({"name": "x" * 10_000}, "120 karakter"),
    ({"whatsapp": ""}, "Mohon isi nomor WhatsApp"),
    ({"whatsapp": "12345"}, "bukan nomor WhatsApp"),
    ({"whatsapp": "<script>alert(1)</script>"}, "bukan nomor WhatsApp"),
    ({"whatsapp": "0812" * 20}, "paling banyak 30 karakter"),
    ({"delivery_method": "teleport"}, "Masukkan pilihan yang valid"),
    ({"delivery_method": "delivery", "address": ""}, "Alamat kirim wajib diisi"),
    ({"address": "x" * 10_000}, "500 karakter"),
    ({"notes": "x" * 10_000}, "1000 karakter"),
    ({"qty": ""}, "Pilih minimal satu produk"),
    ({"qty": "0"}, "Pilih minimal satu produk"),
    ({"qty": "-3"}, "Jumlah tidak boleh negatif"),
    ({"qty": "99999999"}, "Paling banyak 9999 per produk"),
    ({"qty": "dua"}, "Tulis bilangan bulat"),
    ({"qty": "1,5"}, "Tulis bilangan bulat tanpa koma"),
    ({"qty": "21"}, "Kuota Kue Nastar tinggal 20 box"),
    ({"qty_999999": "1"}, "tidak ditawarkan"),
]


@pytest.mark.parametrize("change, message", BAD_INPUT)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client, period, change, message):
    data = form_data(client, period)
    if "qty" in change:
        data[f"qty_{period.offers.first().product_id}"] = change.pop("qty")
    data.update(change)
    answer = client.post("/po-lebaran/", data)
    html = answer.content.decode()
    assert answer.status_code in (400, 409)
    assert message in html
    assert Order.objects.count() == 0 and OrderLine.objects.count() == 0 and Customer.objects.count() == 0


def test_typed_script_is_shown_as_text(client, period):
    answer = client.post("/po-lebaran/", form_data(client, period, name="<script>alert(1)</script>", whatsapp="abc"))
    html = answer.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_name_with_script_stays_text_on_the_confirmation_and_in_the_link(client, period):
    _shop(whatsapp="0811-2222-3333")
    answer = client.post("/po-lebaran/", form_data(client, period, name='<script>x</script>"&'))
    page = client.get(answer.url).content.decode()
    assert "<script>x</script>" not in page
    link = re.search(r'href="(https://wa.me/[^"]+)"', page).group(1)
    assert "<" not in link and '"' not in link and " " not in link
    assert '<script>x</script>"&' in unquote(link.replace("&amp;", "&").split("text=")[1])


def test_a_closed_period_takes_no_order_and_offers_the_waitlist(client, nastar):
    make_period("PO Tutup", products=[(nastar, 5)], opens_in_days=-5, closes_in_days=-1)
    page = client.get("/po-tutup/").content.decode()
    assert "PO ini sudah ditutup" in page and "Kabari saya" in page
    answer = client.post("/po-tutup/", {"name": "Ani", "whatsapp": "0812-3456-7890", "delivery_method": "pickup", "key": "k1", f"qty_{nastar.pk}": "1"})
    assert Order.objects.count() == 0
    assert "PO ini sudah ditutup" in answer.content.decode()


def test_a_full_period_says_so_and_takes_waitlist_entries(client, nastar):
    period = make_period("PO Penuh", products=[(nastar, 2)])
    client.post("/po-penuh/", form_data(client, period) | {f"qty_{nastar.pk}": "2"})
    page = client.get("/po-penuh/").content.decode()
    assert "PO ini sudah penuh" in page and "habis" in page
    done = client.post("/po-penuh/tunggu/", {"name": "Bu Sari", "whatsapp": "0813 1111 2222"})
    assert "daftar tunggu" in done.content.decode()
    client.post("/po-penuh/tunggu/", {"name": "Bu Sari", "whatsapp": "+62 813-1111-2222"})
    entry = WaitlistEntry.objects.get()
    assert entry.whatsapp == "+6281311112222" and entry.period == period


def test_a_waitlist_entry_with_a_bad_number_is_refused(client, nastar):
    make_period("PO Tutup", products=[nastar], opens_in_days=-5, closes_in_days=-1)
    answer = client.post("/po-tutup/tunggu/", {"name": "Bu Sari", "whatsapp": "123"})
    assert answer.status_code == 400 and "bukan nomor WhatsApp" in answer.content.decode()
    assert WaitlistEntry.objects.count() == 0


@pytest.mark.parametrize("slug", ["pesanan", "masuk", "admin", "static", "Produksi"])
def test_a_period_cannot_take_a_link_name_the_app_uses(slug):
    period = make_period("PO X", slug="po-x")
    period.slug = slug
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "slug" in error.value.message_dict


def test_staff_pages_still_win_over_period_links(client):
    assert reverse("orders:unpaid") == "/pesanan/belum-bayar/"
    assert client.get("/masuk/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_thirty_customers_on_the_last_five_boxes_buy_exactly_five(nastar):
    period = make_period("PO Rebutan", products=[(nastar, 5)])
    barrier = threading.Barrier(30)
    statuses = []

    def customer(number):
        client = Client(REMOTE_ADDR=f"10.1.0.{number}")
        data = form_data(client, period, name=f"Pembeli {number}", whatsapp=f"0812-3456-{7000 + number:04d}")
        data[f"qty_{nastar.pk}"] = "1"
        barrier.wait()
        try:
            statuses.append(client.post("/po-rebutan/", data).status_code)
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=customer, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [302, 409]
    assert statuses.count(302) == 5
    assert sum(OrderLine.objects.values_list("quantity", flat=True)) == 5
    assert PreorderPeriod.objects.get().orders.count() == 5


def _shop(**fields):
    shop = ShopSettings(**fields)
    shop.full_clean()
    shop.save()
    return shop


def test_a_second_customer_on_the_same_phone_pressing_back_gets_their_own_order(client, period):
    data = form_data(client, period)
    first = client.post("/po-lebaran/", data)
    # The next person takes the phone, presses Back: the page comes back with the same hidden key.
    second = client.post("/po-lebaran/", data | {"name": "Pak Budi", "whatsapp": "0813-9999-0000"})
    assert second.status_code == 302 and second.url != first.url
    page = client.get(second.url).content.decode()
    assert "Pak Budi" in page and "Ibu Ani" not in page
    assert sorted(Order.objects.values_list("customer__name", flat=True)) == ["Ibu Ani", "Pak Budi"]


def test_a_page_replayed_from_another_browser_never_shows_the_first_customers_order(client, period):
    data = form_data(client, period)
    first = client.post("/po-lebaran/", data)
    other = Client()
    other.get("/po-lebaran/")  # its own browser session (cookie); the cached page still holds the first key
    second = other.post("/po-lebaran/", data)
    assert second.status_code == 302 and second.url != first.url
    assert Order.objects.count() == 2


def test_the_public_form_and_the_confirmation_are_never_stored_by_a_cache(client, period):
    assert "no-store" in client.get("/po-lebaran/")["Cache-Control"]
    assert "no-store" in client.post("/po-lebaran/", form_data(client, period, name=""))["Cache-Control"]
    answer = client.post("/po-lebaran/", form_data(client, period))
    assert "no-store" in client.get(answer.url)["Cache-Control"]


# --- The running total and the question to the shop ------------------------------------------

def test_the_order_form_shows_the_total_before_the_order_button(client, period):
    html = client.get("/po-lebaran/").content.decode()
    order_button = html.index('class="primary big">Pesan</button>')
    assert html.index('id="total"') < order_button
    assert "Rp0" in html[html.index('id="total"'):order_button] and "Hitung total" in html


def test_calculate_total_without_js_shows_the_total_keeps_what_was_typed_and_orders_nothing(client, period, nastar):
    bolu = make_product("Bolu Pandan", price=40_000)
    period.offers.create(product=bolu)
    data = form_data(client, period, name="", whatsapp="", total="1", **{f"qty_{bolu.pk}": "1"})
    page = client.post("/po-lebaran/", data)
    html = page.content.decode()
    assert page.status_code == 200 and Order.objects.count() == 0
    assert "Rp190.000" in html  # 2 × Rp75.000 + 1 × Rp40.000
    assert f'name="qty_{bolu.pk}" value="1"' in html and f'value="{data["key"]}"' in html
    assert "Nama wajib diisi" not in html and "errorlist" not in html


def test_htmx_gets_only_the_total_as_quantities_change(client, period, nastar):
    data = form_data(client, period, total="1", **{f"qty_{nastar.pk}": "3"})
    answer = client.post("/po-lebaran/", data, HTTP_HX_REQUEST="true")
    html = answer.content.decode()
    assert answer.status_code == 200 and html.lstrip().startswith('<span id="total"')
    assert "Rp225.000" in html and "<form" not in html
    assert Order.objects.count() == 0


def test_an_unreadable_quantity_is_left_out_of_the_total_and_said_so(client, period, nastar):
    data = form_data(client, period, total="1", **{f"qty_{nastar.pk}": "dua"})
    html = client.post("/po-lebaran/", data, HTTP_HX_REQUEST="true").content.decode()
    assert "Rp0" in html and "periksa jumlahnya" in html


def test_ask_via_whatsapp_opens_a_chat_with_the_shop_only_when_it_has_a_number(client, period):
    assert "Tanya via WhatsApp" not in client.get("/po-lebaran/").content.decode()
    shop = ShopSettings(shop_name='Dapur "Bunda" & <Co>', whatsapp="0811-2222-3333")
    shop.full_clean()
    shop.save()
    html = client.get("/po-lebaran/").content.decode()
    link = re.search(r'href="(https://wa\.me/6281122223333\?text=[^"]+)"[^>]*>Tanya via WhatsApp', html).group(1)
    assert "<" not in link and '"' not in link and " " not in link
    assert unquote(link.split("text=")[1].replace("&amp;", "&")) == 'Halo Dapur "Bunda" & <Co>, saya mau tanya tentang PO Lebaran: '
