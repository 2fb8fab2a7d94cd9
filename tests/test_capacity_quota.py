"""The production-capacity cap on a PO period: what the kitchen can make before delivery."""
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from orders.models import Order
from orders.services import OrderRefused, cancel_order, place_order
from orders.services.quota import period_usage
from production.models import CalendarOverride
from tests.conftest import clear_of_local_midnight, make_customer, make_period, make_product, set_calendar

pytestmark = pytest.mark.django_db


def customer(n):
    return make_customer(f"Pelanggan {n}", f"0812-0000-{n:04d}")


@pytest.fixture
def kitchen():
    """Two production days of 6 hours with one worker: 720 minutes; nastar 12 min, bolu 30 min."""
    set_calendar(hours=6, workers=1, days_off="")
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)
    bolu = make_product("Bolu Pandan", unit="loyang", units_per_batch=2, minutes_per_batch=60)
    period = make_period(products=[nastar, bolu], capacity_capped=True, closes_in_days=3, delivery_in_days=6)
    return period, nastar, bolu


def test_the_period_offers_what_two_six_hour_days_make(kitchen):
    period, nastar, bolu = kitchen
    usage = period_usage(period)
    assert usage.minutes_available == 720
    assert usage.products[nastar.pk].capacity_left == 60
    assert usage.products[bolu.pk].capacity_left == 24


def test_products_of_different_making_times_draw_on_the_same_minutes(kitchen):
    period, nastar, bolu = kitchen
    place_order(period=period, customer=customer(1), lines={bolu: 10})  # 300 minutes
    usage = period_usage(period)
    assert usage.products[nastar.pk].capacity_left == 35  # 420 minutes / 12
    assert usage.products[bolu.pk].capacity_left == 14


def test_an_order_that_does_not_fit_is_refused_saying_what_still_fits(kitchen):
    period, nastar, bolu = kitchen
    place_order(period=period, customer=customer(1), lines={nastar: 50})
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=customer(2), lines={nastar: 5, bolu: 3})
    assert refused.value.message == (
        "Kapasitas produksi sebelum tanggal kirim tidak cukup. Yang masih bisa: 10 box Kue Nastar, 4 loyang Bolu Pandan."
    )
    assert Order.objects.count() == 1


def test_a_full_kitchen_says_so(kitchen):
    period, nastar, bolu = kitchen
    place_order(period=period, customer=customer(1), lines={nastar: 60})
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=customer(2), lines={nastar: 1})
    assert "penuh" in refused.value.message
    assert period_usage(period).is_full


def test_a_unit_is_not_split_across_two_days():
    # 100 minutes a day for two days, 60 minutes a cake: two cakes, not three.
    set_calendar(hours="1.67", workers=1, days_off="")
    cake = make_product("Kue Lapis", unit="loyang", units_per_batch=1, minutes_per_batch=60)
    period = make_period(products=[cake], capacity_capped=True, closes_in_days=3, delivery_in_days=6)
    assert period_usage(period).products[cake.pk].capacity_left == 2
    place_order(period=period, customer=customer(1), lines={cake: 2})
    with pytest.raises(OrderRefused):
        place_order(period=period, customer=customer(2), lines={cake: 1})


def test_an_override_adds_hands_and_a_closed_day_takes_them_away(kitchen):
    period, nastar, _bolu = kitchen
    first, second = period.first_production_day, period.first_production_day + timedelta(days=1)
    CalendarOverride.objects.create(day=first, hours=10, workers=3, note="Malam Lebaran")
    CalendarOverride.objects.create(day=second, closed=True, note="Acara keluarga")
    assert period_usage(period).products[nastar.pk].capacity_left == 150  # 10 h × 3 × 60 / 12


def test_a_weekly_day_off_gives_no_minutes(kitchen):
    period, nastar, _bolu = kitchen
    set_calendar(hours=6, workers=1, days_off=str(period.first_production_day.weekday()))
    assert period_usage(period).products[nastar.pk].capacity_left == 30


def test_cancelling_gives_the_minutes_back(kitchen):
    period, nastar, _bolu = kitchen
    order = place_order(period=period, customer=customer(1), lines={nastar: 60})
    cancel_order(order, reason="Batal acara")
    assert period_usage(period).products[nastar.pk].capacity_left == 60


def test_the_unit_cap_is_tighter_than_the_capacity(kitchen):
    period, nastar, _bolu = kitchen
    offer = period.offers.get(product=nastar)
    offer.unit_cap = 10
    offer.save()
    usage = period_usage(period)
    assert usage.products[nastar.pk].left == 10
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=customer(1), lines={nastar: 11})
    assert refused.value.message == "Kuota Kue Nastar tinggal 10 box."


def test_the_capacity_is_tighter_than_the_unit_cap_and_the_order_cap(kitchen):
    period, nastar, _bolu = kitchen
    period.max_orders = 10
    period.save()
    offer = period.offers.get(product=nastar)
    offer.unit_cap = 100
    offer.save()
    place_order(period=period, customer=customer(1), lines={nastar: 55})
    usage = period_usage(period)
    assert usage.products[nastar.pk].left == 5
    assert usage.orders_left == 9
    with pytest.raises(OrderRefused):
        place_order(period=period, customer=customer(2), lines={nastar: 6})
    place_order(period=period, customer=customer(3), lines={nastar: 5})


def test_the_order_cap_refuses_even_when_minutes_are_left(kitchen):
    period, nastar, _bolu = kitchen
    period.max_orders = 1
    period.save()
    place_order(period=period, customer=customer(1), lines={nastar: 1})
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=customer(2), lines={nastar: 1})
    assert refused.value.message == "PO ini sudah penuh: maksimal 1 pesanan."


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_never_take_more_minutes_than_the_kitchen_has():
    set_calendar(hours=6, workers=1, days_off="")
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)
    period = make_period(products=[nastar], capacity_capped=True, closes_in_days=3, delivery_in_days=5)  # one day: 30
    customers = [customer(n) for n in range(12)]
    results = []

    def buy(person):
        try:
            place_order(period=period, customer=person, lines={nastar: 4})
            results.append("ok")
        except OrderRefused:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(person,)) for person in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 7  # 7 × 4 = 28 of 30; an eighth would need 32
    assert sum(line.quantity for order in Order.objects.all() for line in order.lines.all()) == 28
    assert period_usage(period).products[nastar.pk].capacity_left == 2
    assert connection.vendor in {"sqlite", "postgresql"}


def test_every_order_the_capacity_cap_accepts_is_in_the_production_plan_on_time():
    from orders.services.production_plan import production_plan

    set_calendar(hours=6, workers=2, days_off="")
    bolu = make_product("Bolu Pandan", unit="loyang", units_per_batch=4, minutes_per_batch=180)
    brownies = make_product("Brownies", units_per_batch=3, minutes_per_batch=50)
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)
    clear_of_local_midnight()
    period = make_period(products=[nastar, bolu, brownies], capacity_capped=True, closes_in_days=0.001, delivery_in_days=4)
    CalendarOverride.objects.create(day=period.first_production_day, hours=6, workers=1)
    wishes = [{nastar: 2}, {bolu: 9, nastar: 7}, {brownies: 15, nastar: 3}, {brownies: 1, bolu: 15, nastar: 10}, {nastar: 15}, {bolu: 3}, {nastar: 40}]
    for n, wish in enumerate(wishes):
        try:
            place_order(period=period, customer=customer(n), lines=wish)
        except OrderRefused:
            pass
    assert Order.objects.count() >= 4
    start = period.first_production_day
    plan = production_plan(start=start, end=period.delivery_date - timedelta(days=1), period=period).plan
    assert plan.late == []
