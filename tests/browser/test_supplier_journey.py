"""The owner on a phone runs a custom tumbler from sample to a pre-sold PO, and warns customers of a delay."""
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import PreorderPeriod
from orders.roles import OWNER
from orders.services import place_order
from suppliers.models import Kind, Status, SupplierOrder
from tests.browser.conftest import log_in
from tests.conftest import make_customer, make_product, make_user
from tests.supplier_helpers import make_supplier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_owner_takes_a_sample_through_a_revision_to_a_pre_sold_po_and_warns_of_a_delay(live_server, phone):
    make_user("pemilik", role=OWNER)
    make_product("Tumbler Custom", unit="pcs", price=95_000)
    supplier = make_supplier("Pabrik Tumbler", moq=100, sample_lead_days=7, mass_lead_days=21)
    log_in(phone, live_server, "pemilik")
    phone.get_by_text("Lainnya").click()
    phone.get_by_role("link", name="Pemasok", exact=True).click()
    phone.get_by_role("link", name="Pabrik Tumbler").click()

    phone.get_by_role("link", name="Pesan sampel").click()
    phone.fill("#id_item", "Tumbler 500 ml logo toko")
    phone.select_option("#id_product", label="Tumbler Custom")
    phone.fill("#id_quantity", "2")
    phone.fill("#id_unit_cost", "Rp 75.000")
    phone.fill("#id_checks", "Tutup rapat\nLogo tidak luntur")
    phone.get_by_role("button", name="Pesan", exact=True).click()
    phone.wait_for_url("**/pemasok/pesanan/*/")
    for name in ("Dibuat", "Dikirim", "Diterima"):
        _step(phone, name)
    phone.get_by_role("radio", name="Revisi").check()
    phone.get_by_role("checkbox", name="Tutup rapat").check()
    phone.fill("#qc_changes", "Logo lebih tebal")
    _step(phone, "Simpan QC")
    assert phone.get_by_text("Putaran 2").first.is_visible()
    for name in ("Dibuat", "Dikirim", "Diterima"):
        _step(phone, name)
    phone.get_by_role("radio", name="Lolos").check()
    _step(phone, "Simpan QC")
    sample = SupplierOrder.objects.get(kind=Kind.SAMPLE)
    assert (sample.status, sample.round) == (Status.APPROVED, 2)

    phone.get_by_role("link", name="Pesan produksi massal dari sampel ini").click()
    phone.fill("#id_quantity", "110")
    phone.fill("#id_expected_rejects", "10")
    phone.fill("#id_unit_cost", "45.000")
    phone.get_by_role("button", name="Pesan", exact=True).click()
    phone.wait_for_url("**/pemasok/pesanan/*/")
    phone.get_by_text("Catat pembayaran ke pemasok").click()
    _step(phone, "Catat pembayaran")
    mass = SupplierOrder.objects.get(kind=Kind.MASS)
    assert mass.paid == 110 * 45_000 // 2  # the deposit, as suggested

    phone.get_by_role("link", name="Jual barang ini lewat periode PO").click()
    now = timezone.localtime()
    phone.fill("#id_name", "PO Tumbler")
    phone.fill("#id_opens_at", now.strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_closes_at", (now + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"))
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url("**/pesanan/periode/po-tumbler/")
    period = PreorderPeriod.objects.get(slug="po-tumbler")
    assert period.delivery_date == mass.expected_arrival + timedelta(days=2)
    assert "100" in phone.locator("#gauges").inner_text()  # 110 made, 10 rejects expected

    place_order(period=period, customer=make_customer("Ibu Ani", "0812-1111-2222"), lines={mass.product: 2})
    phone.goto(live_server.url + f"/pemasok/pesanan/{mass.pk}/")
    phone.get_by_text("Pemasok menggeser tanggal").click()
    phone.fill("#move_new_date", (mass.expected_arrival + timedelta(days=7)).isoformat())
    phone.fill("#move_reason", "Pabrik libur seminggu")
    _step(phone, "Geser perkiraan tiba")
    phone.wait_for_url("**/pesanan/periode/po-tumbler/pemasok/")
    assert phone.get_by_text("Ibu Ani").is_visible()
    assert phone.get_by_role("link", name="Kirim kabar keterlambatan").get_attribute("href").startswith("https://wa.me/62812")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
