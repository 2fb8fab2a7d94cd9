"""A customer orders on a phone from the public PO page; the owner reminds them to pay."""
from urllib.parse import unquote

import pytest

from orders.models import Order, ShopSettings
from tests.browser.conftest import log_in
from tests.conftest import make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_customer_orders_on_a_phone_and_the_owner_sends_the_payment_reminder(phone, live_server):
    shop = ShopSettings(shop_name="Dapur Bunda", whatsapp="0811-2222-3333", payment_instructions="BCA 1234567890 a.n. Bunda")
    shop.full_clean()
    shop.save()
    nastar = make_product("Kue Nastar", price=75_000)
    make_period("PO Lebaran", products=[(nastar, 12)])
    make_user("pemilik", role="Pemilik")

    phone.goto(live_server.url + "/po-lebaran/")
    assert phone.locator("#stock").get_by_text("sisa 12 box").is_visible()
    phone.get_by_label("Kue Nastar").fill("2")
    phone.get_by_label("Nama Anda").fill("Ibu Ani")
    phone.get_by_label("Nomor WhatsApp").fill("0812 3456 7890")
    phone.get_by_label("Antar", exact=True).check()
    phone.get_by_label("Alamat (untuk dikirim)").fill("Jl. Melati 5, Bandung")
    phone.get_by_role("button", name="Pesan").click()

    phone.wait_for_url("**/pesanan/**")
    order = Order.objects.get()
    assert phone.locator("#order-code").inner_text() == order.code
    assert phone.locator("#order-total").inner_text() == "Rp150.000"
    assert phone.get_by_text("BCA 1234567890 a.n. Bunda").is_visible()
    link = phone.locator("#wa-shop").get_attribute("href")
    assert link.startswith("https://wa.me/6281122223333?text=")
    text = unquote(link.split("text=", 1)[1])
    assert order.code in text and "Nama: Ibu Ani" in text and "2 box Kue Nastar" in text and "Total: Rp150.000" in text

    log_in(phone, live_server, "pemilik")
    phone.goto(live_server.url + "/pesanan/belum-bayar/")
    row = phone.locator("tr", has_text=order.code)
    assert row.get_by_text("Ibu Ani").is_visible()
    reminder = row.get_by_role("link", name="Ingatkan via WA").get_attribute("href")
    assert reminder.startswith("https://wa.me/6281234567890?text=")
    reminder_text = unquote(reminder.split("text=", 1)[1])
    assert order.code in reminder_text and "Rp150.000" in reminder_text and "BCA 1234567890" in reminder_text
