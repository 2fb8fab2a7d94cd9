"""Message templates the owner edits, the wa.me links they open, the unpaid and waitlist pages."""
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.utils import timezone

from customers.names import has_honorific
from orders.models import MessageTemplate, Order, ShopSettings, WaitlistEntry
from orders.roles import CUSTOMER_SERVICE, FINANCE, OWNER, PRODUCTION
from orders.services import place_order, record_payment
from orders.services.messages import customer_links, ensure_templates, fill, render_message, wa_link
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    shop = ShopSettings(shop_name="Dapur Bunda", whatsapp="0811-2222-3333", payment_instructions="BCA 123 a.n. Bunda")
    shop.full_clean()
    shop.save()
    nastar = make_product("Kue Nastar", price=75_000)
    period = make_period(products=[(nastar, 10)])
    return place_order(period=period, customer=make_customer("Ibu Ani"), lines={nastar: 2})


def test_placeholders_are_filled_and_unknown_ones_stay_as_typed():
    assert fill("Halo {nama}, {kode} {tidak_ada} {0} {nama.__class__}", {"nama": "Ani", "kode": "PO-1"}) == (
        "Halo Ani, PO-1 {tidak_ada} {0} {nama.__class__}"
    )


def test_a_placeholder_typed_into_a_name_is_not_filled_again():
    assert fill("Halo {nama}, kode {kode}", {"nama": "{kode}", "kode": "PO-1"}) == "Halo {kode}, kode PO-1"


def test_default_templates_are_indonesian_and_created_once():
    ensure_templates()
    ensure_templates()
    assert MessageTemplate.objects.count() == len(MessageTemplate.Kind.values) == 10
    assert MessageTemplate.objects.get(kind="payment_reminder").text.startswith("Halo Kak {nama}")


def test_the_payment_reminder_names_the_order_what_is_owed_and_how_to_pay(order):
    record_payment(order, amount=50_000)
    text = render_message(MessageTemplate.Kind.PAYMENT_REMINDER, Order.objects.get(pk=order.pk))
    assert "Ibu Ani" in text and order.code in text and "Rp100.000" in text and "BCA 123 a.n. Bunda" in text


def test_the_owner_s_own_wording_is_used(order):
    ensure_templates()
    MessageTemplate.objects.filter(kind="thank_you").update(text="Makasih {nama}! {produk}")
    assert render_message("thank_you", order) == "Makasih Ibu Ani! - 2 box Kue Nastar"


def test_a_wa_me_link_has_the_digits_and_the_text_encoded():
    link = wa_link("+6281234567890", 'Halo <b>&"x"\nbaris')
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert unquote(link.split("text=")[1]) == 'Halo <b>&"x"\nbaris'
    assert "<" not in link and "&" not in link.split("?")[1] and "\n" not in link


def test_each_order_gets_one_link_per_message_kind_to_the_customer(order):
    links = customer_links(order)
    assert len(links) == 5
    assert all(url.startswith("https://wa.me/6281234567890?text=") for _label, url in links)


def test_a_paid_order_gets_no_payment_reminder_and_a_cancelled_one_no_messages(order):
    from orders.services import cancel_order, mark_paid

    paid = mark_paid(order)
    labels = [label for label, _url in customer_links(paid)]
    assert "Pengingat bayar" not in labels and len(labels) == 4
    assert customer_links(cancel_order(paid, reason="Pelanggan batal")) == []


def test_the_order_page_part_shows_the_whatsapp_buttons(order, client):
    from django.template.loader import render_to_string

    html = render_to_string("orders/_order_actions_extra.html", {"order": order, "perms": {}})
    assert html.count("https://wa.me/6281234567890") == 5 and "Pengingat bayar" in html


def test_the_unpaid_page_lists_unpaid_orders_with_a_reminder_link(order, client):
    client.force_login(make_user("cs", role="CS"))
    html = client.get("/pesanan/belum-bayar/").content.decode()
    assert order.code in html and "Ingatkan via WA" in html and "https://wa.me/6281234567890?text=" in html


def test_the_unpaid_page_needs_permission(order, client):
    client.force_login(make_user("dapur", role="Produksi & Pengiriman"))
    # Production sees orders (view_order) but cannot let them expire.
    assert client.post("/pesanan/belum-bayar/kedaluwarsa/").status_code == 403


def test_the_owner_edits_a_template_and_shop_settings(client):
    client.force_login(make_user("pemilik", role="Pemilik"))
    page = client.get("/pesanan/template-pesan/")
    assert "Pengingat bayar" in page.content.decode()
    client.post("/pesanan/template-pesan/", {"kind": "thank_you", "thank_you-text": "Makasih {nama}"})
    assert MessageTemplate.objects.get(kind="thank_you").text == "Makasih {nama}"
    answer = client.post("/pesanan/toko/", {"shop_name": "Dapur Bunda", "whatsapp": "0811 2222 3333", "payment_instructions": "QRIS"})
    assert answer.status_code == 302
    assert ShopSettings.load().whatsapp == "+6281122223333"
    bad = client.post("/pesanan/toko/", {"shop_name": "X", "whatsapp": "123", "payment_instructions": ""})
    assert "bukan nomor WhatsApp" in bad.content.decode() and ShopSettings.load().shop_name == "Dapur Bunda"


def test_a_helper_cannot_edit_templates_or_settings(client):
    client.force_login(make_user("cs", role="CS"))
    assert client.get("/pesanan/template-pesan/").status_code == 403
    assert client.post("/pesanan/toko/", {"shop_name": "X"}).status_code == 403


def test_the_owner_sees_the_waitlist_and_messages_each_person(client):
    period = make_period(products=[make_product()])
    WaitlistEntry.objects.create(period=period, name="Bu Sari", whatsapp="+6281311112222")
    client.force_login(make_user("cs", role="CS"))
    html = client.get("/pesanan/daftar-tunggu/").content.decode()
    assert "Bu Sari" in html and "https://wa.me/6281311112222?text=" in html
    assert "0813-1111-2222" in html  # the number as people read it
    entry = WaitlistEntry.objects.get()
    client.post("/pesanan/daftar-tunggu/", {"told": entry.pk})
    entry.refresh_from_db()
    assert entry.notified_at is not None and entry.notified_at <= timezone.now() + timedelta(seconds=1)


def _nav(html):
    return html[html.index('<nav class="mainnav"') : html.index("</nav>")]


def test_the_owner_reaches_the_waitlist_from_the_more_menu(client):
    client.force_login(make_user("pemilik", role=OWNER))
    nav = _nav(client.get("/").content.decode())
    assert '<a href="/pesanan/daftar-tunggu/" >Daftar Tunggu</a>' in nav
    page = client.get("/pesanan/daftar-tunggu/").content.decode()
    assert '<a href="/pesanan/daftar-tunggu/" aria-current="page">Daftar Tunggu</a>' in _nav(page)
    assert "Belum ada yang menunggu." in page


@pytest.mark.parametrize("role", [FINANCE, PRODUCTION])
def test_a_role_without_the_waitlist_does_not_see_it_in_the_menu(client, role):
    client.force_login(make_user("staf", role=role))
    assert "/pesanan/daftar-tunggu/" not in _nav(client.get("/").content.decode())
    assert client.get("/pesanan/daftar-tunggu/").status_code == 403


def test_the_period_page_opens_the_waitlist_of_that_period_only(client):
    lebaran = make_period("PO Lebaran", products=[make_product()])
    natal = make_period("PO Natal", slug="po-natal")
    WaitlistEntry.objects.create(period=lebaran, name="Bu Sari", whatsapp="+6281311112222")
    WaitlistEntry.objects.create(period=natal, name="Pak Joko", whatsapp="+6281322223333")
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    period_page = client.get(lebaran.get_absolute_url()).content.decode()
    link = f"/pesanan/daftar-tunggu/?period={lebaran.slug}"
    assert f'href="{link}">Daftar Tunggu</a>' in period_page
    html = client.get(link).content.decode()
    assert "Bu Sari" in html and "Pak Joko" not in html
    told = client.post(link, {"told": WaitlistEntry.objects.get(name="Bu Sari").pk})
    assert told.url == link and WaitlistEntry.objects.get(name="Bu Sari").notified_at is not None
    everyone = client.get("/pesanan/daftar-tunggu/").content.decode()
    assert "Bu Sari" in everyone and "Pak Joko" in everyone
    assert client.get("/pesanan/daftar-tunggu/?period=tidak-ada").status_code == 404


def test_the_unpaid_page_reads_the_same_number_of_queries_for_2_or_12_orders(order, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("cs", role="CS"))
    product = make_product("Kastengel")
    period = make_period("PO Tanpa Kuota", products=[product])
    place_order(period=period, customer=make_customer("Ibu Dua", "0812-2222-0000"), lines={product: 1})
    client.get("/pesanan/belum-bayar/")  # the first visit creates the default message templates
    with CaptureQueriesContext(connection) as few:
        client.get("/pesanan/belum-bayar/")
    few = len(few)  # now: the next request resets Django's query log
    for number in range(10):
        place_order(period=period, customer=make_customer(f"Pelanggan {number}", f"0813-0000-{number:04d}"), lines={product: 1})
    with django_assert_max_num_queries(few):
        html = client.get("/pesanan/belum-bayar/").content.decode()
    assert html.count("Ingatkan via WA") == 12  # the fixture's order and eleven more


@pytest.mark.parametrize(
    "name",
    ["Bu Hartini", "Ibu Hartini", "ibu. Hartini", "Bu.Hartini", "PAK Budi", "Bapak Budi", "Mbak Sinta", "Mas Andi",
     "Kak Nadia", "Kakak Nadia", "Dik Intan", "Om Heru", "Tante Lina", "Cik Mei", "Ko Ahong", "Ci Lily",
     "Bang Ucok", "Teh Euis", "Aa Ujang", "Uni Rina"],
)
def test_a_name_with_its_own_honorific_is_not_given_a_second_one(name):
    assert has_honorific(name)
    assert fill("Halo Kak {nama}, terima kasih Kak {nama}!", {"nama": name}) == f"Halo {name}, terima kasih {name}!"
    assert fill("Halo kak. {nama}", {"nama": name}) == f"Halo {name}"


@pytest.mark.parametrize("name", ["Hartini", "Bunga Citra", "Omar", "Kakanda Putra", "Masayu", "Uniqa", "Bu", "Cikal Ayu", "Koko"])
def test_a_name_without_an_honorific_keeps_the_templates_kak(name):
    assert not has_honorific(name)
    assert fill("Halo Kak {nama}", {"nama": name}) == f"Halo Kak {name}"


def test_the_confirmation_to_bu_hartini_greets_her_once(order):
    order.customer.name = "Bu Hartini"
    order.customer.save()
    text = render_message(MessageTemplate.Kind.CONFIRMATION, Order.objects.get(pk=order.pk))
    assert text.startswith("Halo Bu Hartini, terima kasih") and "Kak" not in text


def test_showing_the_whatsapp_buttons_writes_nothing(order, client):
    # Rendering a page must not write: the buttons read the owner's wording or fall back to the
    # defaults without creating template rows (or the shop's settings row).
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    MessageTemplate.objects.all().delete()
    ShopSettings.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("orders/_order_actions_extra.html", {"order": order, "perms": {}})
    assert html.count("https://wa.me/6281234567890") == 5 and "Pengingat bayar" in html
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert MessageTemplate.objects.count() == 0 and ShopSettings.objects.count() == 0
