"""On a phone: a counter sale paid in cash with change, and an evening's stock count with a difference."""
import pytest
from playwright.sync_api import expect

from orders.models import Order
from orders.roles import CUSTOMER_SERVICE, PRODUCTION
from stock.models import MovementKind, StockItem, StockMovement
from stock.selectors import on_hand
from stock.services import receive
from tests.browser.conftest import log_in
from tests.conftest import make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kastengel():
    product = make_product("Kue Kastengel", unit="toples", price=60_000)
    StockItem.objects.create(product=product)
    receive(product=product, quantity=5)
    return product


def test_a_counter_sale_in_cash_with_change_on_a_phone(live_server, phone, kastengel):
    make_user("kasir", role=CUSTOMER_SERVICE)
    log_in(phone, live_server, "kasir")
    phone.goto(live_server.url + "/kasir/")
    phone.locator(".counter-product", has_text="Kue Kastengel").click()
    expect(phone.locator(".counter-cart")).to_contain_text("1 × Kue Kastengel")
    phone.locator(".counter-product", has_text="Kue Kastengel").click()
    expect(phone.locator(".counter-cart .total")).to_contain_text("Rp120.000")
    phone.get_by_role("radio", name="Tunai").check()
    phone.get_by_label("Uang diterima (untuk tunai)").fill("150.000")
    phone.get_by_role("button", name="Selesai: simpan penjualan").click()
    expect(phone.locator(".change-due")).to_contain_text("Rp30.000")
    order = Order.objects.get()
    assert (order.total, order.channel, order.payment_status) == (120_000, "offline", "paid")
    assert on_hand([kastengel])[kastengel.pk] == 3


def test_a_stock_count_with_a_difference_on_a_phone(live_server, phone, kastengel):
    make_user("dapur", role=PRODUCTION)
    log_in(phone, live_server, "dapur")
    phone.goto(live_server.url + "/stok/opname/")
    phone.get_by_label("Kue Kastengel").fill("4")
    phone.get_by_role("button", name="Simpan stok opname").click()
    expect(phone.locator(".errorlist")).to_contain_text("tulis alasannya")
    phone.get_by_label("Alasan selisih").fill("1 toples pecah")
    phone.get_by_role("button", name="Simpan stok opname").click()
    expect(phone.locator(".messages")).to_contain_text("1 produk dikoreksi")
    correction = StockMovement.objects.get(kind=MovementKind.CORRECTION)
    assert (correction.quantity, correction.reason) == (-1, "1 toples pecah")
    assert on_hand([kastengel])[kastengel.pk] == 4
