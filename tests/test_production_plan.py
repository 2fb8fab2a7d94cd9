"""The orders side of the plan: demand from waiting orders, minus what is already made."""
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Order
from orders.services import mark_paid, place_order, set_fulfilment
from orders.services.kitchen import record_done
from orders.services.production_plan import production_plan, units_for_days
from tests.conftest import make_customer, make_period, make_product, set_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def nastar():
    set_calendar(hours=6, workers=1, days_off="")  # 30 nastar a day
    return make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)


def order(period, n, quantity, product, due_in):
    placed = place_order(period=period, customer=make_customer(f"Pelanggan {n}", f"0812-2222-{n:04d}"), lines={product: quantity})
    Order.objects.filter(pk=placed.pk).update(delivery_date=timezone.localdate() + timedelta(days=due_in))
    return placed


def test_an_order_due_later_that_overflows_its_days_shows_on_today(nastar):
    period = make_period(products=[nastar], delivery_in_days=20)
    big = order(period, 1, 50, nastar, due_in=2)  # today and tomorrow
    today = timezone.localdate()
    plan = production_plan(start=today, end=today).plan
    assert plan.days[0].totals() == {nastar.pk: 20}
    assert [entry.ref for entry in plan.days[0].entries] == [big.pk]


def test_units_already_made_are_not_planned_again(nastar):
    period = make_period(products=[nastar], delivery_in_days=20)
    order(period, 1, 10, nastar, due_in=1)
    today = timezone.localdate()
    record_done(day=today, product=nastar, quantity=4)
    assert units_for_days(start=today, end=today) == {nastar.pk: 6}


def test_packed_orders_leave_the_plan_and_take_their_made_units_with_them(nastar):
    period = make_period(products=[nastar], delivery_in_days=20)
    first = order(period, 1, 10, nastar, due_in=1)
    order(period, 2, 5, nastar, due_in=1)
    today = timezone.localdate()
    record_done(day=today, product=nastar, quantity=10)
    set_fulfilment(mark_paid(first), status="ready")
    assert units_for_days(start=today, end=today) == {nastar.pk: 5}


def test_cancelled_orders_are_not_made(nastar):
    period = make_period(products=[nastar], delivery_in_days=20)
    gone = order(period, 1, 10, nastar, due_in=1)
    set_fulfilment(gone, status="cancelled", note="Tidak jadi")
    today = timezone.localdate()
    assert units_for_days(start=today, end=today) == {}


def test_an_order_too_big_for_its_days_is_late_with_the_minutes(nastar):
    period = make_period(products=[nastar], delivery_in_days=20)
    late = order(period, 1, 70, nastar, due_in=2)
    today = timezone.localdate()
    plan = production_plan(start=today, end=today + timedelta(days=3)).plan
    assert [(item.ref, item.needed, item.free) for item in plan.late] == [(late.pk, 840, 720)]
