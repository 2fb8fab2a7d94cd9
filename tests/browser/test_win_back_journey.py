import pytest
from urllib.parse import unquote

from orders.roles import OWNER
from tests.browser.conftest import log_in
from tests.conftest import make_customer, make_period, make_product, make_user
from tests.growth_rows import at, order, period_between

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_opens_the_not_back_yet_list_on_a_phone_and_taps_whatsapp(live_server, phone):
    make_user("owner", role=OWNER)
    nastar = make_product("Kue Nastar")
    lebaran = period_between("PO Lebaran 2025", at(2025, 2, 1), at(2025, 3, 20))
    make_period("PO Lebaran 2026", slug="lebaran-2026", products=[nastar])
    order(make_customer("Pak Joko", "0812-5555-0002"), lebaran, at(2025, 3, 1), {nastar: 1})
    opened = []
    # wa.me is outside the test's world: answer it here and keep the address the button opened.
    phone.context.route("https://wa.me/**", lambda route: (opened.append(route.request.url), route.fulfill(body="ok")))
    log_in(phone, live_server, "owner")
    phone.get_by_text("Lainnya").click()
    phone.get_by_role("link", name="Siapa yang dihubungi").click()
    assert phone.get_by_text("Pesan di PO Lebaran 2025 dan belum pesan di PO mana pun sesudahnya.").is_visible()
    with phone.context.expect_page() as chat:
        phone.get_by_role("link", name="WhatsApp Pak Joko").tap()
    chat.value.wait_for_load_state()
    assert opened and opened[0].startswith("https://wa.me/6281255550002?text=")
    text = unquote(opened[0].split("text=")[1])
    assert "Pak Joko" in text and live_server.url + "/lebaran-2026/" in text
