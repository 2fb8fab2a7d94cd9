"""The order table stays light as the order book grows: the same queries, and rows of the same small size."""
import gzip
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.roles import OWNER
from orders.models import Order, OrderLine
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db
URL = reverse("orders:order_list")
# A row holds its eleven cells and one form with the buttons the order can take (here Lunas, Siap,
# Sudah Diambil, each naming its order for a screen reader). Before trimming such a row was ~2,400
# bytes: three forms, each with its own token, number and way back, and every cell's heading
# repeated for the phone layout.
ROW_BUDGET_BYTES = 1_650


def add_orders(count, start):
    """`count` more orders straight into the database, each with its own customer and two lines."""
    nastar, kastengel = make_product(f"Kue Nastar {start}"), make_product(f"Kastengel {start}", unit="toples")
    period = make_period(name=f"PO {start}", slug=f"po-{start}", products=[nastar, kastengel])
    orders = Order.objects.bulk_create(
        Order(code=f"PO-2506-{n:04d}", customer=make_customer(f"Ibu Pelanggan {n:03d}", f"0812-7000-{n:04d}"), period=period, delivery_date=period.delivery_date)
        for n in range(start, start + count)
    )
    OrderLine.objects.bulk_create(
        OrderLine(order=order, product=product, quantity=2, unit_price=product.price) for order in orders for product in (nastar, kastengel)
    )


def rows_and_queries(client, count, start=0):
    add_orders(count, start)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL).content.decode()
    return re.findall(r'<tr id="order-.*?</tr>', html, re.S), len(queries)


def test_rows_cost_the_same_queries_and_bytes_at_5_and_45_orders(client):
    client.force_login(make_user("pemilik", role=OWNER))
    few, few_queries = rows_and_queries(client, 5)
    many, many_queries = rows_and_queries(client, 40, start=5)
    assert (len(few), len(many)) == (5, 45)
    assert few_queries == many_queries
    sizes = {len(row.encode()) for row in few + many}
    assert max(sizes) - min(sizes) <= 4, sizes  # row numbers 1-45 and customer ids differ by a character or two
    assert max(sizes) <= ROW_BUDGET_BYTES, max(sizes)


def test_each_row_has_one_form_with_one_token(client):
    client.force_login(make_user("pemilik", role=OWNER))
    rows, _queries = rows_and_queries(client, 3)
    for row in rows:
        assert row.count("<form") == 1 and row.count("csrfmiddlewaretoken") == 1
        assert ">Lunas<span" in row and ">Siap<span" in row


def test_the_table_goes_out_gzip_compressed_to_a_browser_that_accepts_it(client):
    client.force_login(make_user("pemilik", role=OWNER))
    add_orders(50, 0)
    plain = client.get(URL)
    packed = client.get(URL, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(gzip.decompress(packed.content)) > 50_000 and len(packed.content) < len(plain.content) / 5
    assert "Content-Encoding" not in plain  # a client that does not say it accepts gzip gets plain HTML
