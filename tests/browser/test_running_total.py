"""The public order form's running total: live as quantities change, and by a button without JS."""
import pytest
from playwright.sync_api import expect

from orders.models import Order
from tests.browser.conftest import PHONE
from tests.conftest import make_period, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def po():
    nastar = make_product("Kue Nastar", price=75_000)
    bolu = make_product("Bolu Pandan", price=40_000)
    return make_period("PO Lebaran", products=[(nastar, 12), bolu])


def test_the_total_follows_the_quantities_as_they_are_typed(phone, live_server, po):
    phone.goto(live_server.url + "/po-lebaran/")
    expect(phone.locator("#total")).to_contain_text("Rp0")
    phone.get_by_label("Kue Nastar").fill("2")
    expect(phone.locator("#total")).to_contain_text("Rp150.000")
    phone.get_by_label("Bolu Pandan").fill("1")
    expect(phone.locator("#total")).to_contain_text("Rp190.000")
    assert Order.objects.count() == 0


def test_without_javascript_the_button_calculates_the_total(browser, live_server, po):
    context = browser.new_context(locale="id-ID", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/po-lebaran/")
    page.get_by_label("Kue Nastar").fill("3")
    page.get_by_role("button", name="Hitung total").click()
    expect(page.locator("#total")).to_contain_text("Rp225.000")
    expect(page.get_by_label("Kue Nastar")).to_have_value("3")
    assert Order.objects.count() == 0
    context.close()


def test_enter_in_a_field_orders_rather_than_only_counting(phone, live_server, po):
    phone.goto(live_server.url + "/po-lebaran/")
    phone.get_by_label("Kue Nastar").fill("2")
    phone.get_by_label("Nama Anda").fill("Ibu Ani")
    phone.get_by_label("Nomor WhatsApp").fill("0812 3456 7890")
    phone.get_by_label("Nomor WhatsApp").press("Enter")
    phone.wait_for_url("**/pesanan/**")
    assert phone.locator("#order-code").inner_text() == Order.objects.get().code
