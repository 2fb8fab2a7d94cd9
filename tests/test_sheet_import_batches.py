"""A big import runs in short batches: the shop keeps selling, a failure keeps what was saved."""
import io
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from orders import imports
from orders.imports import saving
from orders.imports.uploads import keep_upload
from orders.models import Order, OrderLine, SheetUpload, StatusChange
from orders.services import place_order
from tests.conftest import make_customer, make_period, make_product, make_user
from orders.roles import OWNER

HEADER = ["No", "Tanggal Order", "Nama Pelanggan", "Produk Dipesan", "Jumlah", "Total Harga", "Tanggal Kirim", "Status Bayar", "Status Kirim", "No. WhatsApp"]


def big_sheet(orders):
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for n in range(orders):
        sheet.append([n + 1, "5 Juni 2025", f"Pelanggan {n}", "Kue Nastar", "2 Box", "Rp50.000", "8 Juni 2025", "Lunas", "Sudah Dikirim", f"0813-{n:04d}-0000"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_orders_placed_while_a_big_import_runs_all_succeed(monkeypatch):
    monkeypatch.setattr(saving, "BATCH_ORDERS", 50)
    data = big_sheet(600)
    nastar = make_product("Nastar Baru")
    period = make_period(products=[nastar])
    customers = [make_customer(f"Pembeli {n}", f"0814-5555-{n:04d}") for n in range(10)]
    started, placed, errors, waits, took = threading.Event(), [], [], [], []

    def run_import():
        try:
            began = time.perf_counter()
            real_save = saving._save_order

            def save_and_let_buyers_in(*args):
                started.set()  # the buyers come while the import is writing
                return real_save(*args)

            monkeypatch.setattr(saving, "_save_order", save_and_let_buyers_in)
            plan = imports.import_sheet(data)
            took.append(time.perf_counter() - began)
            assert plan.finished
        except Exception as error:  # noqa: BLE001 - any error is what this test looks for
            errors.append(repr(error))
        finally:
            connection.close()

    def buy(customer):
        try:
            began = time.perf_counter()
            placed.append(place_order(period=period, customer=customer, lines={nastar: 1}))
            waits.append(time.perf_counter() - began)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    importer = threading.Thread(target=run_import)
    importer.start()
    started.wait()
    buyers = [threading.Thread(target=buy, args=(customer,)) for customer in customers]
    for thread in buyers:
        thread.start()
    for thread in [*buyers, importer]:
        thread.join(timeout=120)
    assert errors == []
    assert len(placed) == 10
    assert Order.objects.filter(period=period).count() == 10
    assert Order.objects.exclude(period=period).count() == 600
    # Each buyer waited for a batch or two, not for the whole import.
    assert max(waits) < took[0] / 3, (waits, took)


@pytest.mark.django_db
def test_a_failure_midway_keeps_the_saved_batches_whole_and_says_where_it_stopped(monkeypatch):
    monkeypatch.setattr(saving, "BATCH_ORDERS", 100)
    codes_header = HEADER + ["Kode Pesanan"]
    book = Workbook()
    book.active.append(codes_header)
    for n in range(250):
        book.active.append([n + 1, "5 Juni 2025", f"Pelanggan {n}", "Kue Nastar", "2 Box", "Rp50.000", "8 Juni 2025", "Lunas", "", f"0813-{n:04d}-0000", f"PO-2506-{n + 1:04d}"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    real_read = saving.read_sheet

    def read_then_someone_takes_a_code(data):
        plan = real_read(data)
        # Between the preview and the save, a helper's new order takes the code of sheet row 152.
        other = make_customer("Ibu Lain", "0815-0000-0000")
        Order.objects.create(code="PO-2506-0151", customer=other, period=make_period("PO Lain"), delivery_date=timezone.localdate(), placed_at=timezone.now())
        return plan

    monkeypatch.setattr(saving, "read_sheet", read_then_someone_takes_a_code)
    plan = imports.import_sheet(data)
    assert not plan.finished
    assert plan.stopped_at == 102  # the first row of the batch that failed
    imported = Order.objects.exclude(customer__name="Ibu Lain")
    assert imported.count() == 100
    assert OrderLine.objects.filter(order__in=imported).count() == 100
    assert StatusChange.objects.filter(order__in=imported).count() == 200
    monkeypatch.setattr(saving, "read_sheet", real_read)
    again = imports.import_sheet(data)
    assert again.finished and again.saved == 149  # the taken code now counts as an existing order
    assert Order.objects.count() == 250


@pytest.mark.django_db
def test_the_page_imports_a_big_sheet_in_parts_with_progress(client, monkeypatch):
    from orders.views import sheets

    monkeypatch.setattr(saving, "BATCH_ORDERS", 20)
    monkeypatch.setattr(sheets, "SECONDS_PER_REQUEST", 0)  # one batch per request
    client.force_login(make_user("pemilik", role=OWNER))
    upload = io.BytesIO(big_sheet(45))
    upload.name = "PO_Juni_2025.xlsx"
    page = client.post("/pesanan/impor/", {"file": upload}).content.decode()
    assert page.count('name="confirm"') == 2  # the import button at the top and at the bottom
    token = client.session["sheet_import"]
    page = client.post("/pesanan/impor/", {"confirm": "1", "token": token}).content.decode()
    assert "20 dari 45 pesanan tersimpan" in page and "Lanjutkan" in page
    page = client.post("/pesanan/impor/", {"confirm": "1", "token": token}, HTTP_HX_REQUEST="true").content.decode()
    assert "40 dari 45 pesanan tersimpan" in page and "<html" not in page
    response = client.post("/pesanan/impor/", {"confirm": "1", "token": token}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/pesanan/arsip/"
    assert Order.objects.count() == 45
    assert not SheetUpload.objects.exists()


@pytest.mark.django_db
def test_a_long_preview_says_how_many_orders_it_does_not_list(client):
    client.force_login(make_user("pemilik", role=OWNER))
    upload = io.BytesIO(big_sheet(230))
    upload.name = "PO_Juni_2025.xlsx"
    page = client.post("/pesanan/impor/", {"file": upload}).content.decode()
    assert "dan 30 pesanan baru lainnya tidak ditampilkan" in page
    assert "Impor 230 pesanan" in page


@pytest.mark.django_db
def test_previews_never_confirmed_are_deleted_by_the_next_upload_and_by_the_command():
    owner = make_user("pemilik", role=OWNER)
    old = keep_upload(b"PK old", name="lama.xlsx", by=owner)
    SheetUpload.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(days=2))
    fresh = keep_upload(b"PK new", name="baru.xlsx", by=owner)
    assert list(SheetUpload.objects.all()) == [fresh]
    SheetUpload.objects.filter(pk=fresh.pk).update(uploaded_at=timezone.now() - timedelta(hours=25))
    out = io.StringIO()
    call_command("clean_sheet_uploads", stdout=out)
    assert not SheetUpload.objects.exists() and "1" in out.getvalue()


@pytest.mark.django_db
def test_another_user_cannot_confirm_someone_elses_upload(client):
    owner = make_user("pemilik", role=OWNER)
    upload = keep_upload(big_sheet(1), name="x.xlsx", by=owner)
    client.force_login(make_user("pemilik2", role=OWNER))
    session = client.session
    session["sheet_import"] = upload.token
    session.save()
    client.post("/pesanan/impor/", {"confirm": "1", "token": upload.token})
    assert not Order.objects.exists()
