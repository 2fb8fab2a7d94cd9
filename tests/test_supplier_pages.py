"""The supplier pages as the owner and helpers use them: typed input, refusals shown, photos kept private."""
from datetime import timedelta

import pytest
from django.urls import reverse

from orders.roles import FINANCE, OWNER, PRODUCTION
from production.photos import thumbnail
from suppliers.models import Kind, Status, Supplier, SupplierOrder, SupplierPayment, SupplierPhoto
from tests.conftest import make_user
from tests.supplier_helpers import ORDERED, approved_sample, make_mass, make_sample, make_supplier, photo_upload, received_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def test_the_owner_adds_a_supplier_typed_as_people_type(owner):
    response = owner.post(reverse("suppliers:supplier_create"), {
        "name": "Konveksi Bandung", "whatsapp": "0812-3456-7890", "country": "Indonesia", "moq": "1.000",
        "sample_lead_days": "7", "mass_lead_days": "30", "deposit_percent": "50",
    })
    supplier = Supplier.objects.get()
    assert response.status_code == 302
    assert (supplier.whatsapp, supplier.moq) == ("+6281234567890", 1000)
    page = owner.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert "Konveksi Bandung" in page and "Pesan sampel" in page


def test_a_sample_order_with_photos_and_a_checklist(owner):
    supplier = make_supplier()
    response = owner.post(reverse("suppliers:sample_create", args=[supplier.pk]), {
        "item": "Tumbler 500 ml", "spec": "Logo sablon 1 warna", "colour": "Hitam", "quantity": "2", "unit_cost": "Rp 75.000",
        "ordered_on": "2026-12-01", "checks": "Tutup rapat\nLogo tidak luntur\n", "photos": [photo_upload("a.jpg"), photo_upload("b.png")],
    })
    order = SupplierOrder.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (order.unit_cost, order.expected_arrival) == (75_000, ORDERED + timedelta(days=7))
    assert [check.label for check in order.checks.all()] == ["Tutup rapat", "Logo tidak luntur"]
    assert order.photos.count() == 2
    page = owner.get(reverse("suppliers:order_detail", args=[order.pk])).content.decode()
    assert page.count(reverse("suppliers:photo", args=[order.photos.first().pk])) >= 1


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    supplier = make_supplier()
    response = owner.post(reverse("suppliers:sample_create", args=[supplier.pk]), {
        "item": "Tumbler", "quantity": "2", "unit_cost": "75.000", "ordered_on": "2026-12-01",
        "photos": [SimpleUploadedFile("spec.pdf", b"%PDF-1.4 not a photo", content_type="application/pdf")],
    })
    assert response.status_code == 200
    assert "File ini bukan foto yang bisa dibaca" in response.content.decode()
    assert not SupplierOrder.objects.exists()


def test_photos_are_only_for_signed_in_staff_and_not_under_media(owner, client, settings):
    order = make_sample(make_supplier(), photos=[thumbnail(photo_upload())])
    photo = order.photos.get()
    assert settings.PRIVATE_MEDIA_ROOT in photo.image.path
    assert owner.get(reverse("suppliers:photo", args=[photo.pk])).status_code == 200
    owner.logout()
    assert owner.get(reverse("suppliers:photo", args=[photo.pk])).status_code == 302


def test_mass_order_form_refuses_a_rejected_sample_and_under_moq(owner):
    supplier = make_supplier(moq=500)
    sample = approved_sample(supplier)
    url = reverse("suppliers:mass_create", args=[supplier.pk])
    form = {"from_sample": sample.pk, "quantity": "300", "unit_cost": "45.000", "ordered_on": "2026-12-06"}
    response = owner.post(url, form)
    assert "300 di bawah minimum pesanan pemasok (MOQ 500)" in response.content.decode()
    response = owner.post(url, {**form, "from_sample": "", "item": "Tumbler", "quantity": "600"})
    assert "tulis alasan pesanan ini tanpa sampel" in response.content.decode()
    response = owner.post(url, {**form, "quantity": "600", "deposit_amount": "Rp 30.000.000"})
    assert "tidak boleh lebih besar dari total pesanan" in response.content.decode()
    assert not SupplierOrder.objects.filter(kind=Kind.MASS).exists()
    response = owner.post(url, {**form, "moq_override_reason": "Pesanan pertama, pemasok setuju"})
    mass = SupplierOrder.objects.get(kind=Kind.MASS)
    assert response.status_code == 302
    assert (mass.item, mass.deposit_amount) == ("Tumbler 500 ml", 300 * 45_000 // 2)


def test_sample_qc_revision_then_approval_through_the_page(owner):
    sample = received_sample(make_supplier())
    checks = list(sample.checks.all())
    url = reverse("suppliers:order_qc", args=[sample.pk])
    response = owner.post(url, {"result": "revision", "passed_checks": [checks[0].pk], "changes": "", "on": "2026-12-05"})
    assert response.status_code == 422
    assert "Tulis apa yang harus diubah" in response.content.decode()
    owner.post(url, {"result": "revision", "passed_checks": [checks[0].pk], "changes": "Logo lebih tebal", "on": "2026-12-05",
                     "photos": [photo_upload()]})
    for step in ("making", "shipped", "received"):
        owner.post(reverse("suppliers:order_status", args=[sample.pk]), {"to": step, "on": "2026-12-09"})
    owner.post(url, {"result": "passed", "passed_checks": [c.pk for c in checks], "on": "2026-12-10"})
    sample.refresh_from_db()
    assert (sample.status, sample.round) == (Status.APPROVED, 2)
    page = owner.get(reverse("suppliers:order_detail", args=[sample.pk])).content.decode()
    assert "Putaran 1" in page and "Putaran 2" in page and "Logo lebih tebal" in page
    assert "Pesan produksi massal dari sampel ini" in page


def test_paying_more_than_owed_shows_the_reason_and_saves_nothing(owner):
    order = make_mass(make_supplier(), quantity=100, unit_cost=10_000)
    response = owner.post(reverse("suppliers:order_payment", args=[order.pk]),
                          {"kind": "deposit", "amount": "1.000.001", "paid_on": "2026-12-06"})
    assert response.status_code == 422
    assert "Rp1.000.001 lebih dari sisa utang (Rp1.000.000)" in response.content.decode()
    assert not SupplierPayment.objects.exists()
    owner.post(reverse("suppliers:order_payment", args=[order.pk]),
               {"kind": "deposit", "amount": "Rp 500.000", "paid_on": "2026-12-06", "proof": photo_upload()})
    payment = SupplierPayment.objects.get()
    assert payment.amount == 500_000 and payment.proof is not None
    page = owner.get(reverse("suppliers:supplier_detail", args=[order.supplier_id])).content.decode()
    assert "Rp500.000" in page  # still owed


def test_the_timeline_shows_a_missed_date_in_red(owner):
    order = make_mass(make_supplier(), ordered_on=ORDERED - timedelta(days=60), deposit_due=ORDERED - timedelta(days=59))
    page = owner.get(reverse("suppliers:order_detail", args=[order.pk])).content.decode()
    assert 'class="late"' in page and "Jatuh tempo DP" in page and "terlambat" in page


def test_finance_pays_but_places_no_order_and_the_kitchen_records_qc_but_pays_nothing(client):
    supplier = make_supplier()
    order = make_mass(supplier, quantity=100, unit_cost=10_000)
    client.force_login(make_user("keuangan", role=FINANCE))
    assert client.get(reverse("suppliers:mass_create", args=[supplier.pk])).status_code == 403
    assert client.post(reverse("suppliers:order_payment", args=[order.pk]), {"kind": "deposit", "amount": "100.000", "paid_on": "2026-12-06"}).status_code == 302
    client.force_login(make_user("dapur", role=PRODUCTION))
    assert client.post(reverse("suppliers:order_payment", args=[order.pk]), {"kind": "balance", "amount": "100.000", "paid_on": "2026-12-06"}).status_code == 403
    assert client.post(reverse("suppliers:order_status", args=[order.pk]), {"to": "making", "on": "2026-12-06"}).status_code == 302
    assert SupplierPayment.objects.count() == 1


def test_the_order_page_in_every_state_has_unique_ids_and_named_controls(owner):
    from suppliers import services
    from tests.page_checks import problems

    supplier = make_supplier()
    sample = received_sample(supplier)  # the QC form
    mass = make_mass(supplier, approved_sample(supplier))
    mass = services.advance(mass, to=Status.MAKING, on=mass.ordered_on)
    mass = services.advance(mass, to=Status.SHIPPED, on=mass.ordered_on)  # the arrival form
    for order in (sample, mass):
        page = owner.get(reverse("suppliers:order_detail", args=[order.pk])).content.decode()
        assert problems(page) == [], order
    response = owner.post(reverse("suppliers:order_arrival", args=[mass.pk]), {"arrived_on": "2026-01-01", "rejected_quantity": "0"})
    assert response.status_code == 422 and problems(response.content.decode()) == []


def test_the_supplier_page_reads_the_same_number_of_queries_for_3_or_30_orders(owner, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    supplier = make_supplier(moq=None)
    url = reverse("suppliers:supplier_detail", args=[supplier.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert owner.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        make_mass(supplier, quantity=10)
    few = queries()
    for _ in range(27):
        make_mass(supplier, quantity=10)
    assert queries() == few
