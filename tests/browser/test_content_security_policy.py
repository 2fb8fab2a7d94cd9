"""Under the Content-Security-Policy every page's own scripts still run, and the browser reports no violation."""
import pytest
from playwright.sync_api import expect

from orders.roles import CUSTOMER_SERVICE
from tests.browser.conftest import log_in
from tests.conftest import make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_order_form_and_the_public_page_work_with_no_policy_violation(live_server, phone):
    nastar = make_product("Kue Nastar", price=75_000)
    make_period("PO Lebaran", products=[(nastar, 20)])
    make_user("cs", role=CUSTOMER_SERVICE)
    refused = []
    phone.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)

    phone.goto(live_server.url + "/po-lebaran/")
    assert phone.locator("input[name=website]").evaluate("el => el.tabIndex") == -1

    log_in(phone, live_server, "cs")
    phone.goto(live_server.url + "/pesanan/baru/")
    phone.locator("button[data-step='1']").first.click()
    phone.locator("button[data-step='1']").first.click()
    expect(phone.locator(f"#id_qty_{nastar.pk}")).to_have_value("2")  # static/js/order_form.js ran
    expect(phone.locator("#total")).to_contain_text("150.000")  # and htmx asked for the total
    assert refused == []
