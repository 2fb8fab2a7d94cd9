"""The counter (kasir) page: tap products, see the total, take cash with change, a receipt."""
import pytest
from django.test import Client
from django.urls import reverse

from orders.models import Order
from orders.roles import CUSTOMER_SERVICE
from stock.models import StockItem
from stock.selectors import on_hand
from stock.services import receive
from tests.conftest import make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cashier():
    client = Client()
    client.force_login(make_user("kasir", role=CUSTOMER_SERVICE))
    return client


def stocked(name, price, units=5):
    product = make_product(name, unit="toples", price=price)
    StockItem.objects.create(product=product)
    receive(product=product, quantity=units)
    return product


def test_a_walk_in_sale_in_three_taps_with_cash_and_change(cashier):
    kastengel = stocked("Kue Kastengel", 60_000)
    url = reverse("counter")
    page = cashier.get(url).text
    assert "Kue Kastengel" in page and "5 toples di stok" in page
    key = page.split('name="key" value="')[1].split('"')[0]
    tapped = cashier.post(url, {"key": key, "action": f"plus:{kastengel.pk}"}).text
    assert "Rp60.000" in tapped
    tapped = cashier.post(url, {"key": key, f"q_{kastengel.pk}": "1", "action": f"plus:{kastengel.pk}"}).text
    assert "2 × Kue Kastengel" in tapped and "Rp120.000" in tapped
    done = cashier.post(url, {"key": key, f"q_{kastengel.pk}": "2", "method": "cash", "cash": "150.000", "action": "sell"}, follow=True)
    assert "Kembalian" in done.text and "Rp30.000" in done.text
    order = Order.objects.get()
    assert order.code in done.text and "wa.me" in done.text
    assert (order.channel, order.payment_status, order.fulfilment_status) == ("offline", "paid", "picked_up")
    assert on_hand([kastengel])[kastengel.pk] == 3
    again = cashier.post(url, {"key": key, f"q_{kastengel.pk}": "2", "method": "cash", "cash": "150.000", "action": "sell"})
    assert again.status_code == 302 and Order.objects.count() == 1  # a double tap makes one sale


def test_too_little_cash_is_refused_on_the_page_and_nothing_is_sold(cashier):
    kastengel = stocked("Kue Kastengel", 60_000)
    response = cashier.post(reverse("counter"), {f"q_{kastengel.pk}": "1", "method": "cash", "cash": "50000", "action": "sell"})
    assert "Uang tunai kurang: total Rp60.000, pelanggan memberi Rp50.000." in response.text
    assert Order.objects.count() == 0 and on_hand([kastengel])[kastengel.pk] == 5


def test_the_last_jar_sold_elsewhere_says_stock_is_gone(cashier):
    kastengel = stocked("Kue Kastengel", 60_000, units=1)
    response = cashier.post(reverse("counter"), {f"q_{kastengel.pk}": "2", "method": "qris", "action": "sell"})
    assert "Stok Kue Kastengel tinggal 1 toples." in response.text
    assert Order.objects.count() == 0


def test_the_receipt_prints_the_lines_and_the_payment(cashier):
    kastengel = stocked("Kue Kastengel", 60_000)
    cashier.post(reverse("counter"), {f"q_{kastengel.pk}": "1", "method": "transfer", "action": "sell"})
    order = Order.objects.get()
    page = cashier.get(reverse("counter_receipt", args=[order.code])).text
    assert "1 × Kue Kastengel" in page and "Transfer" in page and "Terima kasih!" in page
