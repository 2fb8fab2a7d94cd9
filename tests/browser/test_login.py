import pytest

from orders.roles import OWNER
from tests.browser.conftest import log_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_logs_in_on_a_phone_and_sees_the_indonesian_home(live_server, phone):
    make_user("pemilik", role=OWNER)
    phone.goto(live_server.url + "/")
    assert "/masuk/" in phone.url
    assert phone.locator("h1").inner_text() == "Masuk"
    log_in(phone, live_server, "pemilik")
    assert phone.locator(".who").inner_text() == "Pemilik"  # on a phone the bar shows the role only
    assert phone.locator("h1").inner_text() == "Halo, pemilik"
    # On a phone "Keluar" sits in the Lainnya menu, so the top bar stays on one line.
    phone.get_by_text("Lainnya").click()
    phone.get_by_role("button", name="Keluar").click()
    assert "/masuk/" in phone.url
