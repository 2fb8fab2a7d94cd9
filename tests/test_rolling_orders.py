"""Made-to-order periods: each order gets the earliest delivery date the kitchen allows."""
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import PeriodMode
from orders.services import OrderRefused, place_order
from production.models import CalendarOverride
from tests.conftest import make_customer, make_period, make_product, set_calendar

pytestmark = pytest.mark.django_db


def customer(n):
    return make_customer(f"Pelanggan {n}", f"0812-1111-{n:04d}")


@pytest.fixture
def rolling():
    """30 nastar a day (6 hours, one worker, 12 minutes each), two days' lead time."""
    set_calendar(hours=6, workers=1, days_off="")
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)
    period = make_period(products=[nastar], closes_in_days=30, delivery_in_days=30, mode=PeriodMode.ROLLING, lead_days=2)
    return period, nastar


def today():
    return timezone.localdate()


def test_a_small_order_is_delivered_after_the_lead_time(rolling):
    period, nastar = rolling
    order = place_order(period=period, customer=customer(1), lines={nastar: 10})
    assert order.delivery_date == today() + timedelta(days=2)


def test_orders_that_fill_the_days_push_the_next_one_later(rolling):
    period, nastar = rolling
    # Before the day after tomorrow there are two work days (today, tomorrow): 60 nastar.
    first = place_order(period=period, customer=customer(1), lines={nastar: 60})
    second = place_order(period=period, customer=customer(2), lines={nastar: 30})
    third = place_order(period=period, customer=customer(3), lines={nastar: 1})
    assert first.delivery_date == today() + timedelta(days=2)
    assert second.delivery_date == today() + timedelta(days=3)
    assert third.delivery_date == today() + timedelta(days=4)


def test_a_closed_day_moves_the_date(rolling):
    period, nastar = rolling
    CalendarOverride.objects.create(day=today() + timedelta(days=1), closed=True, note="Acara keluarga")
    order = place_order(period=period, customer=customer(1), lines={nastar: 31})
    assert order.delivery_date == today() + timedelta(days=3)


def test_fixed_date_orders_of_other_periods_also_hold_the_kitchen(rolling):
    period, nastar = rolling
    fixed = make_period("PO Natal", products=[nastar], closes_in_days=1, delivery_in_days=2)
    place_order(period=fixed, customer=customer(1), lines={nastar: 60})
    order = place_order(period=period, customer=customer(2), lines={nastar: 5})
    assert order.delivery_date == today() + timedelta(days=3)


def test_an_order_larger_than_sixty_days_of_work_is_refused(rolling):
    period, nastar = rolling
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=customer(1), lines={nastar: 9_000})
    assert refused.value.message == (
        "Dapur tidak punya waktu untuk pesanan ini dalam 60 hari ke depan. Silakan pesan lebih sedikit."
    )


def test_a_fixed_period_keeps_its_own_date(rolling):
    _period, nastar = rolling
    fixed = make_period("PO Natal", products=[nastar], delivery_in_days=9)
    order = place_order(period=fixed, customer=customer(1), lines={nastar: 500})
    assert order.delivery_date == fixed.delivery_date


@pytest.mark.django_db(transaction=True)
def test_concurrent_made_to_order_orders_never_promise_the_same_minutes():
    import threading

    from django.db import connections

    from orders.models import Order
    from orders.services.production_plan import production_plan

    set_calendar(hours=6, workers=1, days_off="")
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)
    period = make_period(products=[nastar], closes_in_days=30, delivery_in_days=30, mode=PeriodMode.ROLLING, lead_days=1)
    people = [customer(n) for n in range(10)]

    def buy(person):
        try:
            place_order(period=period, customer=person, lines={nastar: 20})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Order.objects.count() == 10
    plan = production_plan(start=today(), end=today() + timedelta(days=20)).plan
    assert plan.late == []
    assert all(day.used <= day.minutes for day in plan.days)
    dates = sorted(Order.objects.values_list("delivery_date", flat=True))
    assert dates[-1] > dates[0]  # 200 nastar do not fit before one date
