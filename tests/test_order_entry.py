import re

import pytest
from django.urls import reverse

from customers.models import Customer
from orders.models import Order
from orders.roles import CUSTOMER_SERVICE, FINANCE, PRODUCTION
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db
URL = reverse("orders:order_create")


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=75_000)
    brownies = make_product("Brownies", price=50_000)
    period = make_period(products=[(nastar, 5), brownies])
    return {"period": period, "nastar": nastar, "brownies": brownies}


@pytest.fixture
def cs(client):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    return client


def entry(shop, **fields):
    data = {
        "period": shop["period"].slug,
        "new_name": "Ibu Sari",
        "new_whatsapp": "0812-9999-0000",
        "channel": "whatsapp",
        "delivery_method": "pickup",
        "idempotency_key": "key-1",
        f"qty_{shop['nastar'].pk}": "2",
        "action": "place",
    }
    data.update(fields)
    return data


def test_the_entry_page_offers_the_open_periods_products(cs, shop):
    page = cs.get(URL).content.decode()
    assert "Pesanan Baru" in page and "Kue Nastar" in page and "Rp75.000" in page
    assert 'name="idempotency_key"' in page


def test_a_new_customer_order_is_placed_and_opens_its_page(cs, shop):
    response = cs.post(URL, entry(shop), follow=True)
    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    assert f"Pesanan {order.code} tersimpan." in response.content.decode()
    assert order.customer.whatsapp == "+6281299990000" and order.total == 150_000


def test_a_double_submit_makes_one_order(cs, shop):
    cs.post(URL, entry(shop))
    cs.post(URL, entry(shop))
    assert Order.objects.count() == 1


def test_a_found_customer_is_used(cs, shop):
    ani = make_customer()
    cs.post(URL, entry(shop, customer=ani.pk, new_name=""))
    assert Order.objects.get().customer == ani


def test_customer_search_as_you_type_returns_only_the_list(cs, shop):
    make_customer("Ibu Ani", "0812-3456-7890")
    make_customer("Bapak Budi", "0813-1111-2222")
    response = cs.get(URL, {"customer_q": "0813"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Bapak Budi" in html and "Ibu Ani" not in html
    assert 'name="customer"' in html


def test_customer_search_without_javascript_re_renders_the_form_with_results(cs, shop):
    make_customer("Ibu Ani", "0812-3456-7890")
    response = cs.post(URL, entry(shop, action="find", customer_q="ani"))
    html = response.content.decode()
    assert "<html" in html and "Ibu Ani" in html and Order.objects.count() == 0
    assert "errorlist" not in html


def _first_submit_button(html):
    """(name, value) of the first submit button of the entry form: the one Enter in a field presses."""
    form = html[html.index('<form id="entry"') :]
    button = re.search(r"<button\b([^>]*)>", form).group(1)
    assert 'type="submit"' in button
    return re.search(r'name="([^"]*)"', button).group(1), re.search(r'value="([^"]*)"', button).group(1)


def test_enter_in_a_quantity_saves_the_order(cs, shop):
    name, value = _first_submit_button(cs.get(URL).content.decode())
    response = cs.post(URL, entry(shop, **{name: value, "customer_q": "", "customer_q_shown": ""}), follow=True)
    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == order.get_absolute_url() and order.total == 150_000


def test_enter_after_typing_a_name_searches_instead_of_saving(cs, shop):
    make_customer("Ibu Ani", "0812-3456-7890")
    name, value = _first_submit_button(cs.get(URL).content.decode())
    html = cs.post(URL, entry(shop, **{name: value, "customer_q": "ani", "customer_q_shown": ""})).content.decode()
    assert "Ibu Ani" in html and "errorlist" not in html and Order.objects.count() == 0
    # The results are on screen now, so the next Enter saves (here with the customer picked from them).
    ani = Customer.objects.get(name="Ibu Ani")
    assert 'name="customer_q_shown" value="ani"' in html
    cs.post(URL, entry(shop, **{name: value, "customer_q": "ani", "customer_q_shown": "ani", "customer": ani.pk, "new_name": ""}))
    assert Order.objects.get().customer == ani


def test_the_total_is_computed_on_the_server_as_quantities_change(cs, shop):
    data = entry(shop, action="total", **{f"qty_{shop['brownies'].pk}": "3"})
    html = cs.post(URL, data, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and "Rp300.000" in html


def test_the_plus_button_adds_one_and_redraws_the_products(cs, shop):
    data = entry(shop, action=f"plus:{shop['nastar'].pk}")
    html = cs.post(URL, data, headers={"HX-Request": "true"}).content.decode()
    assert f'name="qty_{shop["nastar"].pk}"' in html and 'value="3"' in html and "Rp225.000" in html
    assert Order.objects.count() == 0


def test_the_minus_button_never_goes_below_zero_without_javascript(cs, shop):
    data = entry(shop, action=f"minus:{shop['brownies'].pk}")
    html = cs.post(URL, data).content.decode()
    assert f'id="id_qty_{shop["brownies"].pk}" value="0"' in html


def test_a_refused_cap_shows_its_indonesian_message_and_saves_nothing(cs, shop):
    response = cs.post(URL, entry(shop, **{f"qty_{shop['nastar'].pk}": "6"}))
    html = response.content.decode()
    assert "Kuota Kue Nastar tinggal 5 box." in html
    assert Order.objects.count() == 0 and not Customer.objects.exists()


def test_delivery_needs_an_address(cs, shop):
    html = cs.post(URL, entry(shop, delivery_method="delivery")).content.decode()
    assert "Alamat kirim wajib diisi." in html
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"qty_NASTAR": ""}, "Pilih minimal satu produk."),
        ({"qty_NASTAR": "-1"}, "Pastikan nilai ini lebih besar dari atau sama dengan 0."),
        ({"qty_NASTAR": "100000"}, "Pastikan nilai ini lebih kecil dari atau sama dengan 9999."),
        ({"qty_NASTAR": "dua"}, "Tulis bilangan bulat, misalnya 12 atau 150.000."),
        ({"new_name": ""}, "Pilih pelanggan, atau isi nama pelanggan baru."),
        ({"new_whatsapp": "12"}, "“12” bukan nomor WhatsApp yang benar."),
        ({"channel": "tiktok"}, "Masukkan pilihan yang valid."),
        ({"period": "tidak-ada"}, "Masukkan pilihan yang valid."),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(cs, shop, fields, message):
    fields = {key.replace("NASTAR", str(shop["nastar"].pk)): value for key, value in fields.items()}
    response = cs.post(URL, entry(shop, **fields))
    assert message in response.content.decode()
    assert Order.objects.count() == 0 and not Customer.objects.exists()


@pytest.mark.parametrize("role", [FINANCE, PRODUCTION])
def test_only_roles_that_take_orders_can_open_the_entry(client, shop, role):
    client.force_login(make_user("someone", role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, entry(shop)).status_code == 403
    assert Order.objects.count() == 0


def test_with_no_open_period_the_page_says_so(cs):
    assert "Belum ada periode PO yang menerima pesanan." in cs.get(URL).content.decode()


def test_choosing_another_period_redraws_its_products_only(cs, shop):
    putri = make_product("Putri Salju", price=70_000)
    make_period("PO Natal", products=[putri])
    html = cs.post(URL, entry(shop, period="po-natal", action="lines"), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and "Putri Salju" in html and "Kue Nastar" not in html


def test_a_shop_with_thousands_of_customers_and_products_can_still_pick_them(cs):
    # Ids past 999 must reach the form as digits ("1234"), never localised ("1.234").
    nastar = make_product("Kue Nastar", price=75_000)
    Product = type(nastar)
    kastengel = Product.objects.create(pk=1234, name="Kastengel", unit="box", price=80_000, units_per_batch=10, minutes_per_batch=120)
    period = make_period(products=[nastar, kastengel])
    ani = Customer.objects.create(pk=2345, name="Ibu Ani", whatsapp="+6281234567890")
    found = cs.get(URL, {"period": period.slug, "customer_q": "ani"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="2345"' in found
    page = cs.get(URL, {"period": period.slug}).content.decode()
    assert 'name="qty_1234"' in page and 'value="plus:1234"' in page
    response = cs.post(URL, {
        "period": period.slug, "customer": "2345", "channel": "whatsapp", "delivery_method": "pickup",
        "idempotency_key": "key-big", "qty_1234": "2", "action": "place",
    }, follow=True)
    order = Order.objects.get()
    assert order.customer == ani and order.total == 160_000
