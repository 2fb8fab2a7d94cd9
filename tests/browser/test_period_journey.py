from datetime import timedelta

import pytest
from django.utils import timezone

from orders.roles import OWNER
from tests.browser.conftest import log_in
from tests.conftest import make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_creates_a_po_period_with_two_products_and_a_unit_cap(live_server, desktop):
    make_user("pemilik", role=OWNER)
    make_product("Kue Nastar")
    make_product("Putri Salju")
    now = timezone.localtime()
    log_in(desktop, live_server, "pemilik")
    desktop.get_by_text("Lainnya").click()
    desktop.get_by_role("link", name="Periode PO", exact=True).first.click()
    desktop.get_by_role("link", name="Periode PO baru").click()
    desktop.fill("#id_name", "PO Natal")
    desktop.fill("#id_opens_at", now.strftime("%Y-%m-%dT%H:%M"))
    desktop.fill("#id_closes_at", (now + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"))
    desktop.fill("#id_delivery_date", (now + timedelta(days=7)).strftime("%Y-%m-%d"))
    desktop.get_by_role("checkbox", name="Kue Nastar").check()
    desktop.get_by_label("Kuota Kue Nastar").fill("30")
    desktop.get_by_role("checkbox", name="Putri Salju").check()
    desktop.get_by_role("button", name="Simpan").click()
    desktop.wait_for_url("**/pesanan/periode/po-natal/")
    assert desktop.locator("h1").inner_text().startswith("PO Natal")
    gauges = desktop.locator("#gauges")
    assert "0 / 30 box" in gauges.inner_text() and "Putri Salju" in gauges.inner_text()
    desktop.get_by_text("Lainnya").click()
    desktop.get_by_role("link", name="Periode PO", exact=True).first.click()
    assert desktop.get_by_role("link", name="PO Natal").is_visible()


def test_period_page_is_readable_on_a_phone(live_server, phone):
    make_user("pemilik", role=OWNER)
    make_period("PO Lebaran Kue Kering", products=[(make_product("Kue Nastar"), 40), make_product("Kastengel Keju")], max_orders=60)
    log_in(phone, live_server, "pemilik")
    phone.goto(live_server.url + "/pesanan/periode/po-lebaran-kue-kering/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator(".gauge").count() == 4
    assert phone.get_by_text("sisa 40 box").is_visible()
    assert phone.get_by_role("button", name="Salin untuk periode berikutnya").is_visible()
