"""Unpaid orders past the payment deadline expire and free the quota; orders move to another date or PO."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from orders.models import Order, StatusChange
from orders.roles import OWNER
from orders.services import OrderRefused, cancel_order, place_order, record_payment
from orders.services.expiry import EXPIRY_REASON, expire_unpaid_orders, overdue_orders
from orders.services.quota import period_usage
from orders.services.rescheduling import reschedule_order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def nastar():
    return make_product("Kue Nastar")


def _order(period, product, qty, whatsapp="0812-3456-7890", hours_ago=0):
    return place_order(
        period=period,
        customer=make_customer(f"C{whatsapp[-4:]}", whatsapp),
        lines={product: qty},
        now=timezone.now() - timedelta(hours=hours_ago),
    )


def test_unpaid_orders_past_the_deadline_expire_and_their_units_go_back_on_sale(nastar):
    period = make_period(products=[(nastar, 10)], payment_deadline_hours=24, opens_in_days=-5)
    late = _order(period, nastar, 4, hours_ago=30)
    fresh = _order(period, nastar, 3, "0813-1111-2222", hours_ago=2)
    paid_late = _order(period, nastar, 2, "0813-1111-3333", hours_ago=30)
    record_payment(paid_late, amount=10_000)
    assert [o.code for o in overdue_orders()] == [late.code]
    assert expire_unpaid_orders(by=make_user("pemilik", role="Pemilik")) == [late.code]
    late.refresh_from_db()
    assert late.is_cancelled
    assert late.changes.get(kind="fulfilment").note == EXPIRY_REASON
    assert period_usage(period).products[nastar.pk].left == 10 - 3 - 2
    fresh.refresh_from_db()
    assert not fresh.is_cancelled


def test_a_period_without_deadline_expires_nothing(nastar):
    period = make_period(products=[(nastar, 10)], opens_in_days=-30)
    _order(period, nastar, 1, hours_ago=500)
    assert expire_unpaid_orders() == []


def test_the_command_expires_on_a_schedule(nastar, capsys):
    period = make_period(products=[(nastar, 10)], payment_deadline_hours=1)
    late = _order(period, nastar, 1, hours_ago=2)
    call_command("expire_unpaid")
    assert late.code in capsys.readouterr().out
    assert Order.objects.get(pk=late.pk).is_cancelled


def test_the_expire_button_on_the_unpaid_page(nastar, client):
    period = make_period(products=[(nastar, 10)], payment_deadline_hours=1)
    late = _order(period, nastar, 1, hours_ago=2)
    client.force_login(make_user("pemilik", role="Pemilik"))
    page = client.get("/pesanan/belum-bayar/").content.decode()
    assert "lewat batas bayar" in page
    answer = client.post("/pesanan/belum-bayar/kedaluwarsa/", follow=True)
    assert late.code in answer.content.decode()
    assert Order.objects.get(pk=late.pk).is_cancelled


def test_an_order_moves_to_another_period_with_room(nastar):
    june = make_period("PO Juni", products=[(nastar, 10)])
    july = make_period("PO Juli", products=[(nastar, 5)], delivery_in_days=20)
    order = _order(june, nastar, 4)
    reschedule_order(order, period=july, by=None, note="Oven rusak")
    order.refresh_from_db()
    assert order.period == july and order.delivery_date == july.delivery_date
    change = order.changes.get(kind=StatusChange.Kind.SCHEDULE)
    assert change.note == "Oven rusak" and "po-juli" in change.to_status
    assert period_usage(june).products[nastar.pk].left == 10
    assert period_usage(july).products[nastar.pk].left == 1


def test_a_full_target_period_refuses_the_move_and_nothing_changes(nastar):
    june = make_period("PO Juni", products=[(nastar, 10)])
    july = make_period("PO Juli", products=[(nastar, 3)], delivery_in_days=20)
    order = _order(june, nastar, 4)
    with pytest.raises(OrderRefused) as refused:
        reschedule_order(order, period=july, note="x")
    assert "tinggal 3 box" in refused.value.message
    order.refresh_from_db()
    assert order.period == june and not order.changes.exists()


def test_a_product_not_on_offer_in_the_target_refuses_the_move(nastar):
    june = make_period("PO Juni", products=[(nastar, 10)])
    july = make_period("PO Juli", products=[(make_product("Bolu"), 3)], delivery_in_days=20)
    with pytest.raises(OrderRefused) as refused:
        reschedule_order(_order(june, nastar, 1), period=july, note="x")
    assert "Kue Nastar tidak tersedia di PO ini" in refused.value.message


def test_an_order_moves_to_a_later_date_in_its_period(nastar, client):
    june = make_period("PO Juni", products=[(nastar, 10)])
    order = _order(june, nastar, 1)
    later = june.delivery_date + timedelta(days=2)
    client.force_login(make_user("cs", role="CS"))
    answer = client.post(f"/pesanan/{order.code}/jadwal/", {"period": june.pk, "delivery_date": later.isoformat(), "note": "Hujan"})
    assert answer.status_code == 302
    order.refresh_from_db()
    assert order.delivery_date == later
    too_early = client.post(f"/pesanan/{order.code}/jadwal/", {"period": june.pk, "delivery_date": timezone.localdate().isoformat(), "note": "x"})
    assert "Tanggal baru harus setelah PO ditutup" in too_early.content.decode()


def test_a_cancelled_order_cannot_be_rescheduled(nastar):
    from orders.services import cancel_order

    june = make_period("PO Juni", products=[(nastar, 10)])
    order = cancel_order(_order(june, nastar, 1), reason="batal")
    with pytest.raises(OrderRefused):
        reschedule_order(order, delivery_date=june.delivery_date + timedelta(days=1), note="x")


def test_a_cancelled_order_page_offers_no_reschedule_button(client, nastar):
    client.force_login(make_user("pemilik", role=OWNER))
    order = _order(make_period(products=[nastar]), nastar, 1)
    assert "Ubah jadwal" in client.get(order.get_absolute_url()).content.decode()
    cancel_order(order, reason="Pelanggan batal")
    assert "Ubah jadwal" not in client.get(order.get_absolute_url()).content.decode()
