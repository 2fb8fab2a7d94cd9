import pytest
from playwright.sync_api import expect

from orders.models import FulfilmentStatus, Order, PaymentStatus
from orders.roles import CUSTOMER_SERVICE, OWNER
from orders.services import mark_paid, place_order
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=75_000)
    kastengel = make_product("Kastengel", price=80_000)
    make_customer("Ibu Ani", "0812-3456-7890")
    return make_period(products=[(nastar, 3), kastengel]), nastar, kastengel


def test_a_helper_takes_an_order_on_the_phone(live_server, phone, shop):
    make_user("cs", role=CUSTOMER_SERVICE)
    log_in(phone, live_server, "cs")
    phone.get_by_role("link", name="Pesanan Baru").first.click()
    # A click returns once the next page starts; htmx listens for typing only after the page loaded.
    phone.wait_for_load_state()
    phone.fill("#id_customer_q", "0812")
    phone.get_by_label("Ibu Ani").check()
    plus = phone.get_by_role("button", name="Tambah satu Kue Nastar")
    plus.click()
    expect(phone.locator("#total")).to_contain_text("Rp75.000")
    phone.get_by_role("button", name="Tambah satu Kue Nastar").click()
    expect(phone.locator("#total")).to_contain_text("Rp150.000")
    phone.fill("#id_qty_%d" % shop[2].pk, "1")
    expect(phone.locator("#total")).to_contain_text("Rp230.000")
    phone.get_by_role("button", name="Simpan Pesanan").click()
    expect(phone.locator(".messages")).to_contain_text("tersimpan")
    order = Order.objects.get()
    assert order.customer.name == "Ibu Ani" and order.total == 230_000 and order.placed_by.username == "cs"


def test_a_cap_refusal_shows_next_to_the_form_and_saves_nothing(live_server, phone, shop):
    make_user("cs", role=CUSTOMER_SERVICE)
    log_in(phone, live_server, "cs")
    phone.goto(live_server.url + "/pesanan/baru/")
    phone.get_by_label("Nama", exact=True).fill("Ibu Baru")
    phone.fill("#id_qty_%d" % shop[1].pk, "4")
    phone.get_by_role("button", name="Simpan Pesanan").click()
    expect(phone.locator(".refusal")).to_have_text("Kuota Kue Nastar tinggal 3 box.")
    assert phone.locator("#id_new_name").input_value() == "Ibu Baru"
    assert not Order.objects.exists()


def test_the_owner_marks_lunas_from_the_table_and_filters_it(live_server, desktop, shop):
    period, nastar, kastengel = shop
    make_user("pemilik", role=OWNER)
    ani = place_order(period=period, customer=make_customer("Ibu Ani 2", "0812-1000-2000"), lines={nastar: 1})
    place_order(period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={kastengel: 2}, channel="instagram")
    log_in(desktop, live_server, "pemilik")
    desktop.get_by_role("link", name="Pesanan", exact=True).click()
    row = desktop.locator(f"#order-{ani.code}")
    row.get_by_role("button", name="Lunas").click()
    expect(row.locator(".badge").first).to_have_text("Lunas")
    ani.refresh_from_db()
    assert ani.payment_status == PaymentStatus.PAID

    desktop.fill("#id_q", "budi")
    expect(desktop.locator("tbody tr")).to_have_count(1)
    assert "q=budi" in desktop.url
    desktop.locator("summary", has_text="Filter").click()
    desktop.fill("#id_q", "")
    desktop.select_option("#id_payment", "paid")
    expect(desktop.locator("tbody tr")).to_have_count(1)
    expect(desktop.locator("tbody")).to_contain_text("Ibu Ani 2")
    desktop.go_back()
    expect(desktop.locator("tbody")).to_contain_text("Bapak Budi")
    assert "payment=paid" not in desktop.url


def test_without_javascript_the_entry_form_still_places_an_order(live_server, browser, shop):
    make_user("cs", role=CUSTOMER_SERVICE)
    context = browser.new_context(java_script_enabled=False, locale="id-ID", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "cs")
    page.goto(live_server.url + "/pesanan/baru/")
    page.fill("#id_customer_q", "ani")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.get_by_label("Ibu Ani").check()
    page.get_by_role("button", name="Tambah satu Kastengel").click()
    assert page.locator("#id_qty_%d" % shop[2].pk).input_value() == "1"
    assert "Rp80.000" in page.locator("#total").inner_text()
    page.get_by_role("button", name="Simpan Pesanan").click()
    assert "tersimpan" in page.locator(".messages").inner_text()
    assert Order.objects.get().customer.name == "Ibu Ani"
    context.close()


def test_without_javascript_lunas_from_the_table_redirects_back_and_can_be_undone(live_server, browser, shop):
    period, nastar, _kastengel = shop
    make_user("pemilik", role=OWNER)
    order = place_order(period=period, customer=make_customer("Ibu Sari", "0812-5555-6666"), lines={nastar: 1})
    context = browser.new_context(java_script_enabled=False, locale="id-ID", **DESKTOP)
    page = context.new_page()
    log_in(page, live_server, "pemilik")
    page.goto(live_server.url + "/pesanan/?q=sari")
    page.locator(f"#order-{order.code}").get_by_role("button", name="Lunas").click()
    assert page.url.endswith("/pesanan/?q=sari")
    assert f"{order.code}: Belum Bayar → Lunas" in page.locator(".undo-offer").inner_text()
    page.locator(".undo-offer").get_by_role("button", name="Urungkan").click()
    assert page.url.endswith("/pesanan/?q=sari")
    assert f"Diurungkan: {order.code} kembali “Belum Bayar”." in page.locator(".messages").inner_text()
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.UNPAID and order.amount_paid == 0
    context.close()


def test_with_javascript_siap_in_the_row_shows_urungkan_which_puts_it_back(live_server, phone, shop):
    period, nastar, _kastengel = shop
    make_user("pemilik", role=OWNER)
    order = place_order(period=period, customer=make_customer("Ibu Sari", "0812-5555-6666"), lines={nastar: 1})
    order = mark_paid(order)  # packed only once paid
    log_in(phone, live_server, "pemilik")
    phone.goto(live_server.url + "/pesanan/?q=sari")
    row = phone.locator(f"#order-{order.code}")
    row.get_by_role("button", name="Siap").click()
    offer = phone.locator(f"#order-{order.code} .undo-offer")
    assert "Belum Dikirim → Siap" in offer.inner_text()
    offer.get_by_role("button", name="Urungkan").click()
    phone.wait_for_selector(".messages")
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.PENDING


def test_a_cs_helper_adds_a_box_and_records_a_transfer_with_its_proof_on_the_phone(live_server, phone, shop, tmp_path):
    import io

    from PIL import Image

    from orders.models import Payment

    period, nastar, _kastengel = shop
    order = place_order(period=period, customer=make_customer("Ibu Sari", "0812-1111-2222"), lines={nastar: 1})
    proof = tmp_path / "bukti.png"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), "white").save(buffer, "PNG")
    proof.write_bytes(buffer.getvalue())
    make_user("cs", role=CUSTOMER_SERVICE)
    log_in(phone, live_server, "cs")
    phone.goto(live_server.url + order.get_absolute_url())
    phone.get_by_text("Ubah produk").click()
    phone.get_by_label("Kue Nastar").fill("2")
    phone.get_by_role("button", name="Simpan produk").click()
    expect(phone.locator(".timeline")).to_contain_text("Kue Nastar 1 → 2 box")
    phone.get_by_label("Jumlah (Rp)").fill("150.000")
    phone.get_by_label("Dibayar lewat").select_option("transfer")
    phone.get_by_label("Bukti (tangkapan layar)").set_input_files(str(proof))
    phone.get_by_role("button", name="Catat pembayaran").click()
    expect(phone.locator(".messages")).to_contain_text("tercatat")
    expect(phone.get_by_role("link", name="Lihat bukti")).to_be_visible()
    row = Payment.objects.get()
    assert (row.amount, row.method, row.recorded_by.username, bool(row.proof)) == (150_000, "transfer", "cs", True)
    assert Order.objects.get(pk=order.pk).payment_status == PaymentStatus.PAID
