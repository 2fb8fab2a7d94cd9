from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.filters import OrderFilterForm, filtered_orders
from orders.models import Order, OrderLine, PaymentStatus
from orders.roles import FINANCE, OWNER, PRODUCTION
from orders.services import mark_paid, place_order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db
URL = reverse("orders:order_list")


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=75_000)
    brownies = make_product("Brownies", price=50_000)
    period = make_period(products=[nastar, brownies])
    ani = place_order(period=period, customer=make_customer("Ibu Ani", "0812-3456-7890"), lines={nastar: 2})
    budi = place_order(
        period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={brownies: 1}, channel="instagram"
    )
    return {"period": period, "nastar": nastar, "brownies": brownies, "ani": ani, "budi": budi}


@pytest.fixture
def owner_client(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def table_body(response):
    return response.content.decode().split("<tbody", 1)[1]


def bulk_orders(count, period, product):
    """`count` orders straight into the database (the table's speed, not placing, is under test)."""
    customers = [make_customer(f"Pelanggan {n}", f"0812-7000-{n:04d}") for n in range(3)]
    now = timezone.now()
    orders = Order.objects.bulk_create(
        Order(code=f"PO-BULK-{n:05d}", customer=customers[n % 3], period=period, delivery_date=period.delivery_date, placed_at=now - timedelta(minutes=n))
        for n in range(count)
    )
    OrderLine.objects.bulk_create(OrderLine(order=o, product=product, quantity=1 + n % 4, unit_price=product.price) for n, o in enumerate(orders))


def test_the_table_shows_the_articles_columns_in_indonesian(owner_client, shop):
    page = owner_client.get(URL).content.decode()
    for header in ["No", "Tanggal Order", "Nama Pelanggan", "Produk Dipesan", "Jumlah", "Total Harga", "Tanggal Kirim", "Status Bayar", "Status Kirim", "Saluran", "Kode Pesanan"]:
        assert f">{header}" in page, header
    assert "Ibu Ani" in page and "Rp150.000" in page and "2 box" in page
    assert "Belum Bayar" in page and "Belum Dikirim" in page


def test_each_customer_name_in_the_table_opens_the_customer_page(owner_client, shop):
    body = table_body(owner_client.get(URL))
    ani = shop["ani"].customer
    assert f'href="{reverse("customers:customer_detail", args=[ani.pk])}">Ibu Ani</a>' in body


def test_a_filter_change_from_htmx_gets_only_the_table(owner_client, shop):
    full = owner_client.get(URL, {"channel": "instagram"})
    fragment = owner_client.get(URL, {"channel": "instagram"}, headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in fragment.content
    assert b'id="filters"' not in fragment.content
    assert b"Bapak Budi" in fragment.content and b"Ibu Ani" not in fragment.content


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"q": "ani"}, {"Ibu Ani"}),
        ({"q": "0813"}, {"Bapak Budi"}),
        ({"q": "0813-1111"}, {"Bapak Budi"}),
        ({"channel": "whatsapp"}, {"Ibu Ani"}),
        ({"payment": "unpaid"}, {"Ibu Ani", "Bapak Budi"}),
        ({"payment": "paid"}, set()),
        ({"fulfilment": "pending"}, {"Ibu Ani", "Bapak Budi"}),
        ({"period": "po-lebaran"}, {"Ibu Ani", "Bapak Budi"}),
    ],
)
def test_filters_and_search_choose_the_orders(shop, params, shown):
    orders, form = filtered_orders(params)
    assert form.is_valid()
    assert {order.customer.name for order in orders} == shown


def test_search_by_order_code(shop):
    orders, _form = filtered_orders({"q": shop["budi"].code})
    assert [order.code for order in orders] == [shop["budi"].code]


def test_date_filters_use_the_jakarta_order_date_and_the_delivery_date(shop):
    today = timezone.localdate()
    assert filtered_orders({"placed_from": today.isoformat(), "placed_to": today.isoformat()})[0].count() == 2
    assert filtered_orders({"placed_from": (today + timedelta(days=1)).isoformat()})[0].count() == 0
    assert filtered_orders({"delivery": shop["period"].delivery_date.isoformat()})[0].count() == 2
    assert filtered_orders({"delivery": today.isoformat()})[0].count() == 0


def test_sorting_by_total_both_ways(shop):
    ascending = [o.customer.name for o in filtered_orders({"sort": "total"})[0]]
    descending = [o.customer.name for o in filtered_orders({"sort": "-total"})[0]]
    assert ascending == ["Bapak Budi", "Ibu Ani"] and descending == ["Ibu Ani", "Bapak Budi"]


@pytest.mark.parametrize("sort", ["placed", "customer", "products", "units", "total", "delivery", "payment", "fulfilment", "channel", "code"])
def test_every_column_sorts_both_ways(shop, sort):
    assert filtered_orders({"sort": sort})[0].count() == 2
    assert len(list(filtered_orders({"sort": f"-{sort}"})[0])) == 2


def test_a_header_click_reverses_the_current_sort(owner_client, shop):
    page = owner_client.get(URL, {"sort": "total"}).content.decode()
    assert "?sort=-total" in page and 'aria-sort="ascending"' in page


@pytest.mark.parametrize(
    "params",
    [
        {"placed_from": "kemarin"},
        {"delivery": "2025-13-45"},
        {"payment": "hutang"},
        {"sort": "drop table"},
        {"page": "-1"},
        {"page": "abc"},
        {"period": "tidak-ada"},
        {"q": "x" * 500},
        {"placed_from": "2025-06-10", "placed_to": "2025-06-01"},
    ],
)
def test_bad_filter_values_are_reported_not_crashing(owner_client, shop, params):
    response = owner_client.get(URL, params)
    assert response.status_code == 200
    assert "tidak dipahami" in response.content.decode()


def test_a_huge_page_number_shows_the_last_page(owner_client, shop):
    response = owner_client.get(URL, {"page": "999999"})
    assert response.status_code == 200 and b"Ibu Ani" in response.content


def test_the_table_pages_by_fifty(owner_client, shop):
    bulk_orders(60, shop["period"], shop["nastar"])
    first = owner_client.get(URL).content.decode()
    second = owner_client.get(URL, {"page": 2}).content.decode()
    assert "Halaman 1 dari 2" in first and "62 pesanan" in first
    assert first.count('<tr id="order-') == 50 and second.count('<tr id="order-') == 12


@pytest.mark.parametrize("count", [10, 500])
def test_the_table_needs_the_same_few_queries_for_10_or_500_orders(owner_client, django_assert_max_num_queries, count):
    nastar = make_product()
    period = make_period(products=[nastar])
    bulk_orders(count, period, nastar)
    with django_assert_max_num_queries(11):
        response = owner_client.get(URL, {"sort": "-total", "q": "pelanggan"})
    assert response.content.decode().count('<tr id="order-') == min(count, 50)


def test_one_tap_lunas_from_htmx_swaps_only_the_row(owner_client, shop):
    order = shop["ani"]
    response = owner_client.post(
        reverse("orders:order_mark_paid", args=[order.code]), {"no": "3", "next": URL}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="order-{order.code}"')
    assert ">Lunas<" in html and ">3<" in html
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID and order.amount_paid == 150_000


def test_one_tap_lunas_without_javascript_redirects_back_showing_what_changed_with_undo(owner_client, shop):
    response = owner_client.post(reverse("orders:order_mark_paid", args=[shop["ani"].code]), {"next": URL + "?q=ani"}, follow=True)
    assert response.redirect_chain[-1][0] == URL + "?q=ani"
    html = response.content.decode()
    assert f"{shop['ani'].code}: Belum Bayar → <strong>Lunas</strong>" in html and "Urungkan" in html


def test_a_refused_lunas_shows_its_indonesian_message_in_the_row(owner_client, shop):
    url = reverse("orders:order_mark_paid", args=[shop["ani"].code])
    owner_client.post(url)
    response = owner_client.post(url, headers={"HX-Request": "true"})
    assert f"Pesanan {shop['ani'].code} sudah lunas." in response.content.decode()


def test_siap_then_sudah_diambil_from_the_row(owner_client, shop):
    mark_paid(shop["ani"])
    url = reverse("orders:order_set_status", args=[shop["ani"].code])
    assert ">Siap<" in owner_client.post(url, {"status": "ready"}, headers={"HX-Request": "true"}).content.decode()
    owner_client.post(url, {"status": "picked_up"})
    shop["ani"].refresh_from_db()
    assert shop["ani"].fulfilment_status == "picked_up"


def test_a_pickup_order_offers_sudah_diambil_not_sudah_dikirim(owner_client, shop):
    row = table_body(owner_client.get(URL, {"q": "ani"}))
    assert 'value="picked_up"' in row and 'value="sent"' not in row


def test_a_produksi_helper_cannot_mark_lunas(client, shop):
    client.force_login(make_user("dapur", role=PRODUCTION))
    assert ">Lunas<" not in table_body(client.get(URL))
    response = client.post(reverse("orders:order_mark_paid", args=[shop["ani"].code]), headers={"HX-Request": "true"})
    assert response.status_code == 403
    shop["ani"].refresh_from_db()
    assert shop["ani"].payment_status == PaymentStatus.UNPAID


def test_keuangan_cannot_change_the_delivery_status(client, shop):
    client.force_login(make_user("kasir", role=FINANCE))
    response = client.post(reverse("orders:order_set_status", args=[shop["ani"].code]), {"status": "ready"})
    assert response.status_code == 403
    shop["ani"].refresh_from_db()
    assert shop["ani"].fulfilment_status == "pending"


def test_a_user_without_a_role_cannot_see_the_table(client, shop):
    client.force_login(make_user("tamu"))
    assert client.get(URL).status_code == 403


def test_the_row_actions_refuse_get(owner_client, shop):
    assert owner_client.get(reverse("orders:order_mark_paid", args=[shop["ani"].code])).status_code == 405


def test_an_unknown_status_is_refused_with_a_message(owner_client, shop):
    response = owner_client.post(reverse("orders:order_set_status", args=[shop["ani"].code]), {"status": "hilang"}, follow=True)
    assert "Status kirim tidak dikenal." in response.content.decode()


def test_the_filter_form_names_its_get_parameters_exactly():
    assert list(OrderFilterForm().fields) == ["period", "placed_from", "placed_to", "delivery", "payment", "fulfilment", "channel", "q", "sort", "page"]
