"""The payment ledger: every payment a row, the status derived from the rows in one place."""
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from orders.models import Order, Payment, PaymentMethod, PaymentStatus, derive_payment_status
from orders.roles import CUSTOMER_SERVICE, FINANCE, OWNER, PRODUCTION
from orders.selectors import open_balance, payments_to_verify
from orders.services import OrderRefused, cancel_order, place_order, record_payment, refund
from orders.services.payments import verify_payment, void_payment
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    nastar = make_product("Kue Nastar", price=75_000)
    period = make_period(products=[nastar])
    return place_order(period=period, customer=make_customer(), lines={nastar: 2})  # Rp150.000


def png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return SimpleUploadedFile("bukti transfer.png", buffer.getvalue(), content_type="image/png")


def fresh(order):
    return Order.objects.get(pk=order.pk)


def test_a_dp_by_transfer_and_the_rest_in_cash_are_two_rows_and_the_order_is_lunas(order):
    record_payment(order, amount="Rp 50.000", method=PaymentMethod.TRANSFER, note="BCA 0123")
    assert fresh(order).get_payment_status_display() == "DP"
    record_payment(order, amount="100.000", method=PaymentMethod.CASH)
    order = fresh(order)
    assert (order.get_payment_status_display(), order.amount_paid, order.balance_due) == ("Lunas", 150_000, 0)
    assert list(order.payments.values_list("method", "amount")) == [("transfer", 50_000), ("cash", 100_000)]


def test_a_payment_received_yesterday_keeps_its_date_and_a_future_date_is_refused(order):
    yesterday = timezone.localdate() - timedelta(days=1)
    record_payment(order, amount=10_000, method=PaymentMethod.QRIS, received_on=yesterday)
    assert Payment.objects.get().received_on == yesterday
    with pytest.raises(OrderRefused, match="masa depan"):
        record_payment(order, amount=10_000, method=PaymentMethod.QRIS, received_on=yesterday + timedelta(days=5))
    assert Payment.objects.count() == 1


def test_a_refund_is_a_negative_row_with_its_reason_and_cannot_exceed_what_was_paid(order):
    record_payment(order, amount=50_000, method=PaymentMethod.TRANSFER)
    with pytest.raises(OrderRefused, match="paling banyak"):
        refund(order, amount=60_000, reason="Batal")
    refund(order, amount=50_000, reason="Batal")
    row = Payment.objects.get(amount__lt=0)
    assert (row.amount, row.reference) == (-50_000, "Batal")
    assert fresh(order).get_payment_status_display() == "Dikembalikan"
    with pytest.raises(OrderRefused):
        refund(order, amount=1, reason="lagi")


def test_a_mistaken_row_is_voided_not_deleted_and_a_void_cannot_be_voided(order):
    row_order = record_payment(order, amount=150_000, method=PaymentMethod.CASH)
    assert row_order.is_paid_in_full
    row = Payment.objects.get()
    void_payment(row, reason="Salah pesanan")
    order = fresh(order)
    assert (order.get_payment_status_display(), order.amount_paid) == ("Belum Bayar", 0)
    assert Payment.objects.get().void_reason == "Salah pesanan"  # still there
    with pytest.raises(OrderRefused, match="sudah dibatalkan"):
        void_payment(Payment.objects.get(), reason="lagi")
    with pytest.raises(OrderRefused):
        void_payment(Payment.objects.create(order=order, amount=1, method="cash", received_on=timezone.localdate()), reason="")


def test_a_payment_on_a_cancelled_order_is_refused_and_saves_nothing(order):
    cancel_order(order, reason="Dobel")
    with pytest.raises(OrderRefused, match="dibatalkan"):
        record_payment(order, amount=10_000, method=PaymentMethod.CASH)
    assert not Payment.objects.exists()


@pytest.mark.parametrize("amount", ["-5", "abc", "0", "10,5"])
def test_negative_or_non_numeric_amounts_are_refused(order, amount):
    with pytest.raises(OrderRefused):
        record_payment(order, amount=amount, method=PaymentMethod.CASH)
    assert not Payment.objects.exists()


def test_money_is_never_stored_as_a_float():
    from orders import models as order_models

    money = [field for model in (order_models.Order, order_models.OrderLine, order_models.Payment) for field in model._meta.fields
             if "amount" in field.name or "price" in field.name]
    assert money and all(isinstance(field, (models.IntegerField, models.PositiveIntegerField)) for field in money)
    assert not any(isinstance(field, (models.FloatField, models.DecimalField)) for field in money)


def test_the_status_rule_by_example():
    cases = {
        (150_000, 0, 0): PaymentStatus.UNPAID,
        (150_000, 50_000, 0): PaymentStatus.DEPOSIT,
        (150_000, 150_000, 0): PaymentStatus.PAID,
        (150_000, 160_000, 0): PaymentStatus.OVERPAID,
        (150_000, 150_000, 150_000): PaymentStatus.REFUNDED,
        (150_000, 160_000, 10_000): PaymentStatus.PAID,  # the extra given back
        (0, 0, 0): PaymentStatus.PAID,  # a replacement at Rp0 owes nothing
    }
    for (total, paid, refunded), status in cases.items():
        assert derive_payment_status(total=total, paid=paid, refunded=refunded) == status


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.integers(1, 200_000), st.sampled_from(list(PaymentMethod))),
        st.tuples(st.just("refund"), st.integers(1, 200_000), st.just(PaymentMethod.TRANSFER)),
        st.tuples(st.just("void"), st.integers(0, 10), st.just(None)),
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_the_status_always_matches_the_sum_of_the_live_rows(order, actions):
    Payment.objects.filter(order=order).delete()
    Order.objects.filter(pk=order.pk).update(payment_status=PaymentStatus.UNPAID, amount_paid=0, amount_refunded=0)
    for kind, number, method in actions:
        try:
            if kind == "pay":
                record_payment(fresh(order), amount=number, method=method)
            elif kind == "refund":
                refund(fresh(order), amount=number, reason="kembali")
            else:
                live = list(Payment.objects.filter(order=order).live())
                if live:
                    void_payment(live[number % len(live)], reason="salah")
        except OrderRefused:
            pass
        current = fresh(order)
        rows = list(Payment.objects.filter(order=order).live().values_list("amount", flat=True))
        paid, refunded = sum(a for a in rows if a > 0), -sum(a for a in rows if a < 0)
        assert (current.amount_paid, current.amount_refunded) == (paid, refunded)
        assert current.payment_status == derive_payment_status(total=150_000, paid=paid, refunded=refunded)
        assert 0 <= paid - refunded  # never more given back than received


def test_finance_checks_payments_and_the_queue_lists_rows_with_proof_first(order):
    keuangan = make_user("kasir", role=FINANCE)
    record_payment(order, amount=10_000, method=PaymentMethod.CASH)
    record_payment(order, amount=20_000, method=PaymentMethod.TRANSFER, proof=png())
    queue = list(payments_to_verify())
    assert [row.amount for row in queue] == [20_000, 10_000]
    verify_payment(queue[0], by=keuangan)
    assert [row.amount for row in payments_to_verify()] == [10_000]
    with pytest.raises(OrderRefused):
        verify_payment(Payment.objects.get(amount=20_000), by=keuangan)
    with pytest.raises(OrderRefused):
        verify_payment(Payment.objects.get(amount=10_000), by=make_user("cs", role=CUSTOMER_SERVICE))


def test_open_balance_sums_what_standing_orders_still_owe(order):
    record_payment(order, amount=50_000, method=PaymentMethod.CASH)
    assert open_balance(order.customer) == 100_000


def test_a_cs_helper_records_a_transfer_with_its_proof_and_only_staff_see_the_image(client, order):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    response = client.post(
        reverse("orders:order_payment", args=[order.code]),
        {"amount": "50.000", "method": "transfer", "received_on": timezone.localdate().isoformat(), "note": "BCA", "proof": png()},
        follow=True,
    )
    assert response.status_code == 200
    row = Payment.objects.get()
    assert (row.amount, row.method, row.recorded_by.username) == (50_000, "transfer", "cs")
    assert not row.proof.name.startswith("bukti transfer")  # the typed file name is not kept
    proof_url = reverse("orders:payment_proof", args=[row.pk])
    assert proof_url in response.content.decode()
    image = client.get(proof_url)
    assert image.status_code == 200 and image["Content-Type"].startswith("image/")
    client.logout()
    assert client.get(proof_url).status_code == 302  # to the login page
    client.force_login(make_user("dapur", role=PRODUCTION))
    assert client.get(proof_url).status_code == 403


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("bukti.png", b"not an image at all", content_type="image/png"), "bukan gambar"),
        (SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 ...", content_type="application/pdf"), "bukan gambar"),
    ],
)
def test_a_proof_that_is_not_an_image_is_refused_and_saves_nothing(client, order, upload, message):
    client.force_login(make_user("pemilik", role=OWNER))
    response = client.post(reverse("orders:order_payment", args=[order.code]), {"amount": "50000", "method": "transfer", "proof": upload})
    assert response.status_code == 422 and message in response.content.decode()
    assert not Payment.objects.exists() and fresh(order).amount_paid == 0


def test_a_proof_over_the_size_limit_is_refused(client, order, settings):
    settings.PROOF_MAX_KB = 1
    client.force_login(make_user("pemilik", role=OWNER))
    response = client.post(
        reverse("orders:order_payment", args=[order.code]), {"amount": "50000", "method": "transfer", "proof": png((600, 600))}
    )
    assert response.status_code == 422 and "terlalu besar" in response.content.decode()
    assert not Payment.objects.exists()


def test_the_order_page_voids_a_row_with_a_reason_and_shows_it_struck_through(client, order):
    client.force_login(make_user("pemilik", role=OWNER))
    record_payment(order, amount=150_000, method=PaymentMethod.CASH)
    row = Payment.objects.get()
    url = reverse("orders:order_void_payment", args=[order.code, row.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    html = client.post(url, {"reason": "Salah catat"}, follow=True).content.decode()
    assert "Salah catat" in html and "<s>Rp150.000</s>" in html
    assert fresh(order).get_payment_status_display() == "Belum Bayar"


def test_the_order_page_gives_each_form_its_own_ids(client, order):
    client.force_login(make_user("pemilik", role=OWNER))
    record_payment(order, amount=10_000, method=PaymentMethod.CASH)
    html = client.get(order.get_absolute_url()).content.decode()
    import re

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_sheet_shows_the_real_methods_and_the_ringkasan_totals_money_per_method_and_day(order):
    from openpyxl import load_workbook

    from orders import export

    record_payment(order, amount=50_000, method=PaymentMethod.TRANSFER)
    record_payment(order, amount=25_000, method=PaymentMethod.CASH)
    buffer = io.BytesIO()
    export.write_workbook(Order.objects.filter(pk=order.pk), buffer, title="PO Uji")
    buffer.seek(0)
    book = load_workbook(buffer)
    assert book["PO Uji"]["L2"].value == "DP Rp75.000 · Transfer Rp50.000 + Tunai Rp25.000"
    summary = [row for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0] is not None]
    assert ("Transfer", None, 50_000) in summary and ("Tunai", None, 25_000) in summary
    day_rows = [row for row in summary if hasattr(row[0], "year")]
    assert sorted(row[1:] for row in day_rows) == [("Transfer", 50_000), ("Tunai", 25_000)]


def test_the_sheet_import_reads_back_a_dp_written_with_its_methods():
    from orders.imports.planning import _check_money

    class Plan:
        problems = []

        def problem(self, row, message):
            self.problems.append(message)

    class SheetOrder:
        row, total, payment_status = 2, 150_000, PaymentStatus.DEPOSIT
        payment_note = "DP Rp75.000 · Transfer Rp50.000 + Tunai Rp25.000"

    sheet_order = SheetOrder()
    _check_money(Plan(), sheet_order)
    assert sheet_order.amount_paid == 75_000


def test_the_data_migration_turns_amounts_from_before_the_ledger_into_rows(order):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("orders.migrations.0016_payment_ledger")
    Order.objects.filter(pk=order.pk).update(payment_status=PaymentStatus.REFUNDED, amount_paid=150_000, amount_refunded=50_000)
    migration.ledger_from_amounts(apps, None)
    rows = list(Payment.objects.filter(order=order).values_list("amount", "method", flat=False))
    assert rows == [(150_000, "unknown"), (-50_000, "unknown")]
    assert not payments_to_verify().exists()  # moved rows were already trusted
