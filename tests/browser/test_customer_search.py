import pytest

from orders.roles import CUSTOMER_SERVICE
from tests.browser.conftest import log_in
from tests.conftest import make_customer, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_helper_finds_a_customer_by_number_as_she_types_on_a_phone(live_server, phone):
    make_user("cs", role=CUSTOMER_SERVICE)
    make_customer("Ibu Ani", "0812-3456-7890")
    make_customer("Bapak Budi", "0813-1111-2222")
    log_in(phone, live_server, "cs")
    phone.get_by_role("link", name="Pelanggan").first.click()
    phone.get_by_placeholder("Nama atau nomor WhatsApp").press_sequentially("0813")
    phone.wait_for_url(lambda url: "/pelanggan/?q=0813" in url)  # the chosen sort rides along
    results = phone.locator("#results")
    assert "Bapak Budi" in results.inner_text() and "Ibu Ani" not in results.inner_text()
    phone.get_by_role("link", name="Bapak Budi").click()
    assert phone.get_by_text("0813-1111-2222").is_visible()
