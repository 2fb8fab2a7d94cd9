"""Payments and delivery status: the allowed moves, and a log line for every change."""
import pytest

from orders.models import StatusChange
from orders.services import (
    OrderRefused,
    cancel_order,
    correct_payment,
    mark_paid,
    place_order,
    record_payment,
    refund,
    set_fulfilment,
)
from orders.services.fulfilment import allowed_next
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    nastar = make_product(price=25_000)
    period = make_period(products=[nastar])
    return place_order(period=period, customer=make_customer(), lines={nastar: 3})  # Rp75.000


def log(order):
    return [
        (change.kind, change.from_label, change.to_label, change.amount, change.by.username if change.by else None, change.note)
        for change in order.changes.all()
    ]


def test_a_deposit_then_the_rest_makes_the_order_lunas_and_logs_who_did_it(order):
    finance = make_user("keuangan", role="Keuangan")
    record_payment(order, amount="25.000", by=finance, note="Transfer BCA")
    order.refresh_from_db()
    assert (order.get_payment_status_display(), order.amount_paid, order.balance_due) == ("DP", 25_000, 50_000)
    mark_paid(order, by=finance)
    order.refresh_from_db()
    assert (order.get_payment_status_display(), order.amount_paid) == ("Lunas", 75_000)
    assert log(order) == [
        ("payment", "Belum Bayar", "DP", 25_000, "keuangan", "Transfer BCA"),
        ("payment", "DP", "Lunas", 50_000, "keuangan", ""),
    ]


def test_paying_twice_in_full_is_refused(order):
    mark_paid(order)
    with pytest.raises(OrderRefused) as refused:
        mark_paid(order)
    assert refused.value.message == f"Pesanan {order.code} sudah lunas."


def test_a_correction_sets_the_amount_and_the_status_follows(order):
    record_payment(order, amount=75_000)
    correct_payment(order, amount_paid=0, note="Salah pencet")
    order.refresh_from_db()
    assert (order.get_payment_status_display(), order.amount_paid) == ("Belum Bayar", 0)
    assert log(order)[-1] == ("payment", "Lunas", "Belum Bayar", -75_000, None, "Salah pencet")
    with pytest.raises(OrderRefused) as refused:
        correct_payment(order, amount_paid=80_000)
    assert refused.value.message == "Jumlah dibayar harus antara Rp0 dan total, Rp75.000."


def test_a_cancelled_and_paid_order_can_be_refunded_once_with_a_reason(order):
    record_payment(order, amount=25_000)
    cancel_order(order, reason="Pelanggan sakit")
    with pytest.raises(OrderRefused) as refused:
        record_payment(order, amount=10_000)
    assert refused.value.message == f"Pesanan {order.code} sudah dibatalkan; catat pengembalian dana saja."
    with pytest.raises(OrderRefused, match="Tulis alasan pengembalian dana."):
        refund(order, amount=25_000, reason="")
    refund(order, amount=25_000, reason="DP dikembalikan")
    order.refresh_from_db()
    assert (order.get_payment_status_display(), order.amount_refunded) == ("Dikembalikan", 25_000)
    with pytest.raises(OrderRefused) as refused:
        refund(order, amount=1, reason="lagi")
    assert refused.value.message == f"Dana pesanan {order.code} sudah dikembalikan."


def test_pickup_orders_are_picked_up_and_delivered_orders_are_sent(order):
    assert {s.label for s in allowed_next(order)} == {"Siap", "Sudah Diambil", "Dibatalkan"}
    with pytest.raises(OrderRefused) as refused:
        set_fulfilment(order, status="sent")
    assert refused.value.message == f"Pesanan {order.code} diambil sendiri oleh pelanggan; tandai “Sudah Diambil”."
    order.delivery_method = "delivery"
    order.save()
    with pytest.raises(OrderRefused) as refused:
        set_fulfilment(order, status="picked_up")
    assert refused.value.message == f"Pesanan {order.code} dikirim; tandai “Sudah Dikirim”."
    order = mark_paid(order)
    set_fulfilment(order, status="ready")
    set_fulfilment(order, status="sent")
    order.refresh_from_db()
    assert order.get_fulfilment_status_display() == "Sudah Dikirim"


def test_a_cancelled_order_can_never_be_sent(order):
    staff = make_user("cs", role="CS")
    with pytest.raises(OrderRefused, match="Tulis alasan pembatalan."):
        cancel_order(order, reason="")
    cancel_order(order, reason="Dobel pesan", by=staff)
    for status in ("sent", "ready", "pending"):
        with pytest.raises(OrderRefused) as refused:
            set_fulfilment(order, status=status)
        assert "sudah dibatalkan" in refused.value.message
    with pytest.raises(OrderRefused) as refused:
        cancel_order(order, reason="lagi")
    assert refused.value.message == f"Pesanan {order.code} sudah “Dibatalkan”."
    assert log(order) == [("fulfilment", "Belum Dikirim", "Dibatalkan", None, "cs", "Dobel pesan")]


def test_a_sent_order_can_go_back_to_ready_but_not_straight_to_not_sent(order):
    order = mark_paid(order)
    set_fulfilment(order, status="picked_up")
    with pytest.raises(OrderRefused) as refused:
        set_fulfilment(order, status="pending")
    assert refused.value.message == f"Pesanan {order.code} tidak bisa diubah dari “Sudah Diambil” menjadi “Belum Dikirim”."
    set_fulfilment(order, status="ready", note="Salah tandai")
    assert [(c.from_status, c.to_status) for c in StatusChange.objects.filter(order=order, kind="fulfilment")] == [
        ("pending", "picked_up"),
        ("picked_up", "ready"),
    ]
