"""Small factories for the supplier tests."""
import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from suppliers import services
from suppliers.models import QCResult, Status, Supplier

ORDERED = date(2026, 12, 1)


def make_supplier(name="Pabrik Tumbler", *, moq=100, sample_lead_days=7, mass_lead_days=21, deposit_percent=50, **fields):
    supplier = Supplier(name=name, moq=moq, sample_lead_days=sample_lead_days, mass_lead_days=mass_lead_days,
                        deposit_percent=deposit_percent, **fields)
    supplier.full_clean()
    supplier.save()
    return supplier


def make_sample(supplier, *, item="Tumbler 500 ml", quantity=2, unit_cost=75_000, checks=("Tutup rapat", "Logo tidak luntur"), **fields):
    fields.setdefault("ordered_on", ORDERED)
    return services.create_sample_order(supplier=supplier, item=item, quantity=quantity, unit_cost=unit_cost, checks=checks, **fields)


def received_sample(supplier, **fields):
    sample = make_sample(supplier, **fields)
    for step in (Status.MAKING, Status.SHIPPED, Status.RECEIVED):
        sample = services.advance(sample, to=step, on=ORDERED + timedelta(days=3))
    return sample


def approved_sample(supplier, **fields):
    sample = received_sample(supplier, **fields)
    return services.record_sample_qc(sample, result=QCResult.PASSED, passed_checks=[check.pk for check in sample.checks.all()],
                                     on=ORDERED + timedelta(days=4))


def make_mass(supplier, sample=None, *, quantity=300, unit_cost=45_000, **fields):
    fields.setdefault("ordered_on", ORDERED + timedelta(days=5))
    if sample is None:
        fields.setdefault("no_sample_reason", "Sudah pernah pesan barang yang sama")
        fields.setdefault("item", "Tumbler 500 ml")
    return services.create_mass_order(supplier=supplier, from_sample=sample, quantity=quantity, unit_cost=unit_cost, **fields)


def photo_upload(name="qc.jpg", size=(1600, 1200), colour="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
