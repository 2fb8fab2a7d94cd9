"""Enter in a field of the quick order entry saves the order, with JavaScript on and off."""
import pytest
from playwright.sync_api import expect

from orders.models import Order
from orders.roles import CUSTOMER_SERVICE
from tests.browser.conftest import PHONE, log_in
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_enter_in_the_search_finds_and_enter_in_a_quantity_saves(live_server, browser, javascript):
    kastengel = make_product("Kastengel", price=80_000)
    make_period(products=[make_product("Kue Nastar", price=75_000), kastengel])
    make_customer("Ibu Ani", "0812-3456-7890")
    make_user("cs", role=CUSTOMER_SERVICE)
    context = browser.new_context(java_script_enabled=javascript, locale="id-ID", timezone_id="Asia/Jakarta", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "cs")
    page.goto(live_server.url + "/pesanan/baru/")

    page.fill("#id_customer_q", "ani")
    if javascript:
        page.evaluate("window.sameDocument = true")
    page.press("#id_customer_q", "Enter")
    expect(page.get_by_label("Ibu Ani")).to_be_visible()
    if javascript:  # with JavaScript the search swaps in its results; the page is not sent
        assert page.evaluate("window.sameDocument === true")
    expect(page.locator(".errorlist")).to_have_count(0)
    assert not Order.objects.exists()

    page.get_by_label("Ibu Ani").check()
    quantity = page.locator(f"#id_qty_{kastengel.pk}")
    quantity.fill("2")
    quantity.press("Enter")
    expect(page.locator(".messages")).to_contain_text("tersimpan")
    order = Order.objects.get()
    assert page.url.endswith(order.get_absolute_url())
    assert order.customer.name == "Ibu Ani" and order.total == 160_000
    context.close()
