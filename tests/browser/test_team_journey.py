"""The team on two phones at once: the owner invites a CS helper, who sets a password from the link;
an order then travels CS → Keuangan → Gudang → Kurir, each seeing it in their own queue."""
import pytest
from django.utils import timezone

from orders.models import Channel, Order
from orders.roles import COURIER, FINANCE, OWNER, PRODUCTION
from orders.services import place_order
from tests.browser.conftest import log_in
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
PASSWORD = "kue-nastar-enak-2026"


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **SMALL_PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in_as(page, live_server, username, password="rahasia-123"):
    page.context.clear_cookies()
    log_in(page, live_server, username, password)
    page.goto(live_server.url + "/tim/tugas/")


def card(page, queue, code):
    return page.locator(f"#queue-{queue} #task-{queue}-{code}")


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_an_order_travels_from_cs_to_delivery_on_two_phones(live_server, phone, small_phone):
    make_user("pemilik", role=OWNER)
    for username, role in (("keuangan", FINANCE), ("gudang", PRODUCTION), ("kurir", COURIER)):
        make_user(username, role=role)
    nastar = make_product("Kue Nastar", price=60_000)
    period = make_period(products=[nastar], delivery_in_days=1)
    order = place_order(
        period=period, customer=make_customer("Ibu Ani", "0812-3456-7890"), lines={nastar: 2},
        channel=Channel.ONLINE_FORM, delivery_method="delivery", delivery_address="Jl. Melati 3, Bandung",
    )

    # The owner, on a phone, adds a CS helper and gets the one-time link.
    sign_in_as(phone, live_server, "pemilik")
    phone.goto(live_server.url + "/tim/")
    phone.fill("input[name=name]", "Mbak Sari")
    phone.fill("input[name=whatsapp]", "0813-1111-2222")
    phone.select_option("select[name=role]", "CS")
    phone.get_by_role("button", name="Tambah dan buat tautan").click()
    link = phone.locator("#invite-link").input_value()
    assert "wa.me/6281311112222" in phone.get_by_role("link", name="Kirim lewat WhatsApp").get_attribute("href")
    assert fits(phone)

    # The helper opens it on the other phone and sets a password; she lands on her queue.
    small_phone.goto(link)
    small_phone.fill("input[name=new_password1]", PASSWORD)
    small_phone.fill("input[name=new_password2]", PASSWORD)
    small_phone.get_by_role("button", name="Simpan kata sandi").click()
    small_phone.wait_for_url("**/tim/tugas/")
    confirm = card(small_phone, "confirm", order.code)
    assert "Ibu Ani" in confirm.inner_text() and fits(small_phone)
    confirm.get_by_role("button", name="Sudah dikonfirmasi").click()
    assert f"{order.code} sudah dikonfirmasi" in small_phone.locator(".messages").inner_text()
    assert card(small_phone, "confirm", order.code).count() == 0

    # Keuangan sees the unpaid order due tomorrow and marks it paid.
    sign_in_as(phone, live_server, "keuangan")
    card(phone, "due", order.code).get_by_role("button", name="Lunas").click()
    phone.wait_for_url("**/tim/tugas/")
    assert card(phone, "due", order.code).count() == 0

    # Gudang sees it only now, paid, and packs it.
    sign_in_as(small_phone, live_server, "gudang")
    assert small_phone.locator("#queue-confirm").count() == 0  # only their own queues
    card(small_phone, "pack", order.code).get_by_role("button", name="Sudah dikemas (Siap)").click()
    small_phone.wait_for_url("**/tim/tugas/")
    assert card(small_phone, "pack", order.code).count() == 0

    # On the delivery day the courier has the address, a map and the phone, and delivers it.
    Order.objects.filter(pk=order.pk).update(delivery_date=timezone.localdate())
    sign_in_as(phone, live_server, "kurir")
    delivery = card(phone, "deliver", order.code)
    assert "Jl. Melati 3, Bandung" in delivery.inner_text()
    assert delivery.get_by_role("link", name="Peta").get_attribute("href").startswith("https://www.google.com/maps/search/")
    assert delivery.locator("a[href='tel:+6281234567890']").count() == 1
    assert fits(phone)
    delivery.get_by_role("button", name="Sudah diantar").click()
    phone.wait_for_url("**/tim/tugas/")
    assert card(phone, "deliver", order.code).count() == 0

    # The owner reads who did each step.
    sign_in_as(small_phone, live_server, "pemilik")
    small_phone.goto(live_server.url + "/tim/aktivitas/")
    feed = small_phone.locator(".activity-feed").inner_text()
    for who, what in (("sari", "Dikonfirmasi dengan pelanggan"), ("keuangan", "Lunas"), ("gudang", "Siap"), ("kurir", "Sudah Dikirim")):
        assert any(who in line and what in line for line in feed.splitlines()), (who, what)
    assert Order.objects.get(pk=order.pk).fulfilment_status == "sent"
