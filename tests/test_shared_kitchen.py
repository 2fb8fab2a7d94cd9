"""One kitchen for every PO period: capacity-capped periods share the same production minutes."""
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers.models import Customer
from orders.models import Order, PeriodMode
from orders.services import OrderRefused, cancel_order, mark_paid, place_order, set_fulfilment
from orders.services.production_plan import production_plan
from orders.services.quota import period_usage
from tests.conftest import clear_of_local_midnight, make_customer, make_period, make_product, set_calendar

pytestmark = pytest.mark.django_db


def customer(n):
    return make_customer(f"Pelanggan {n}", f"0812-2222-{n:04d}")


def today():
    return timezone.localdate()


def nastar_left(period):
    return next(iter(period_usage(period).products.values())).capacity_left


@pytest.fixture
def nastar():
    """6 hours a day, one worker, no day off: 360 minutes, 30 nastar (12 minutes each) a day."""
    set_calendar(hours=6, workers=1, days_off="")
    return make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)


@pytest.fixture
def lebaran(nastar):
    """Made on days +4 and +5: 60 nastar."""
    return make_period("PO Lebaran", products=[nastar], capacity_capped=True, closes_in_days=3, delivery_in_days=6)


@pytest.fixture
def hampers(nastar):
    """Made on days +4, +5 and +6, two of them shared with PO Lebaran: 90 nastar on its own."""
    return make_period("PO Hampers", products=[nastar], capacity_capped=True, closes_in_days=3, delivery_in_days=7)


def test_orders_of_one_period_take_the_minutes_an_overlapping_period_offers(lebaran, hampers, nastar):
    assert nastar_left(hampers) == 90
    place_order(period=lebaran, customer=customer(1), lines={nastar: 50})  # day +5 full, 20 on day +4
    assert nastar_left(hampers) == 40  # 10 on day +4, 30 on day +6
    place_order(period=hampers, customer=customer(2), lines={nastar: 40})
    assert nastar_left(hampers) == 0 and nastar_left(lebaran) == 0


def test_an_order_the_shared_days_cannot_hold_is_refused_and_nothing_is_saved(lebaran, hampers, nastar):
    place_order(period=lebaran, customer=customer(1), lines={nastar: 50})
    newcomer = Customer(name="Ibu Baru", whatsapp="0812-9999-0001")
    with pytest.raises(OrderRefused) as refused:
        place_order(period=hampers, customer=newcomer, lines={nastar: 41})
    assert refused.value.message == (
        "Kapasitas produksi sebelum tanggal kirim tidak cukup. Yang masih bisa: 40 box Kue Nastar."
    )
    assert Order.objects.count() == 1
    assert not Customer.objects.filter(name="Ibu Baru").exists()


def test_a_later_period_takes_the_shared_days_only_once_its_own_last_day_is_full(lebaran, hampers, nastar):
    place_order(period=hampers, customer=customer(1), lines={nastar: 30})  # all on day +6
    assert nastar_left(lebaran) == 60
    place_order(period=hampers, customer=customer(2), lines={nastar: 15})  # day +6 full: 15 on day +5
    assert nastar_left(lebaran) == 45
    with pytest.raises(OrderRefused):
        place_order(period=lebaran, customer=customer(3), lines={nastar: 46})


def test_cancelling_an_order_of_the_other_period_frees_its_minutes(lebaran, hampers, nastar):
    order = place_order(period=lebaran, customer=customer(1), lines={nastar: 60})
    assert nastar_left(hampers) == 30
    cancel_order(order, reason="Batal acara")
    assert nastar_left(hampers) == 90
    place_order(period=hampers, customer=customer(2), lines={nastar: 90})


def test_packed_orders_of_the_other_period_no_longer_need_the_kitchen(lebaran, hampers, nastar):
    order = mark_paid(place_order(period=lebaran, customer=customer(1), lines={nastar: 60}))
    set_fulfilment(order, status="ready")  # made early and packed
    assert nastar_left(hampers) == 90


def test_periods_whose_production_days_do_not_overlap_do_not_touch_each_other(lebaran, nastar):
    later = make_period("PO Natal", products=[nastar], capacity_capped=True, closes_in_days=6, delivery_in_days=9)
    place_order(period=lebaran, customer=customer(1), lines={nastar: 60})
    assert nastar_left(later) == 60  # days +7 and +8
    place_order(period=later, customer=customer(2), lines={nastar: 60})
    assert nastar_left(lebaran) == 0 and Order.objects.count() == 2


def test_made_to_order_orders_take_a_fixed_date_periods_days(lebaran, nastar):
    rolling = make_period("Pesan Harian", products=[nastar], closes_in_days=30, delivery_in_days=30, mode=PeriodMode.ROLLING, lead_days=5)
    order = place_order(period=rolling, customer=customer(1), lines={nastar: 40})
    assert order.delivery_date == today() + timedelta(days=5)  # made on days +4 (30) and +3 (10)
    assert nastar_left(lebaran) == 30  # day +4 is gone, day +5 is free
    with pytest.raises(OrderRefused):
        place_order(period=lebaran, customer=customer(2), lines={nastar: 31})
    place_order(period=lebaran, customer=customer(3), lines={nastar: 30})


def test_fixed_date_orders_push_made_to_order_dates_later(nastar):
    clear_of_local_midnight()
    soon = make_period("PO Kilat", products=[nastar], capacity_capped=True, closes_in_days=0.001, delivery_in_days=3)
    place_order(period=soon, customer=customer(1), lines={nastar: 60})  # days +1 and +2 full
    rolling = make_period("Pesan Harian", products=[nastar], closes_in_days=30, delivery_in_days=30, mode=PeriodMode.ROLLING, lead_days=1)
    order = place_order(period=rolling, customer=customer(2), lines={nastar: 40})
    # Today and day +3 hold its 40; without PO Kilat's orders it would be ready on day +2.
    assert order.delivery_date == today() + timedelta(days=4)


def test_the_period_page_counts_the_minutes_other_periods_take(client, lebaran, hampers, nastar):
    from tests.conftest import make_user

    place_order(period=lebaran, customer=customer(1), lines={nastar: 50})
    client.force_login(make_user("pemilik", superuser=True))
    page = client.get(hampers.get_absolute_url()).content.decode()
    assert "600 / 1.080 menit" in page and "sisa 480 menit · 600 menit terpakai PO lain" in page
    assert "0 / 40 box" in page and "sisa 40 box" in page


def test_the_public_page_shows_what_the_shared_days_still_allow(client, lebaran, hampers, nastar):
    place_order(period=lebaran, customer=customer(1), lines={nastar: 50})
    page = client.get(f"/{hampers.slug}/").content.decode()
    assert "sisa 40 box" in page


def test_the_production_plan_is_on_time_after_both_periods_took_all_they_would(lebaran, hampers, nastar):
    bolu = make_product("Bolu Pandan", unit="loyang", units_per_batch=2, minutes_per_batch=60)  # 30 minutes
    for period in (lebaran, hampers):
        period.offers.create(product=bolu)
    wishes = [
        (lebaran, {nastar: 20}),
        (hampers, {nastar: 25, bolu: 4}),
        (lebaran, {bolu: 6, nastar: 7}),
        (hampers, {nastar: 30}),
        (lebaran, {nastar: 15}),
        (hampers, {bolu: 5}),
        (lebaran, {nastar: 9}),
        (hampers, {nastar: 10}),
        (lebaran, {bolu: 1}),
        (hampers, {nastar: 1}),
    ]
    taken = {lebaran.pk: 0, hampers.pk: 0}
    for n, (period, wish) in enumerate(wishes):
        try:
            place_order(period=period, customer=customer(n), lines=wish)
            taken[period.pk] += 1
        except OrderRefused:
            pass
    assert taken[lebaran.pk] >= 2 and taken[hampers.pk] >= 2
    assert Order.objects.count() < len(wishes)  # the kitchen filled up on the way
    for start in (today(), lebaran.first_production_day):
        plan = production_plan(start=start, end=hampers.delivery_date - timedelta(days=1)).plan
        assert plan.late == []
        assert all(day_plan.free >= 0 for day_plan in plan.days)


def test_the_kitchen_check_reads_as_many_queries_for_many_orders_as_for_few(lebaran, hampers, nastar):
    rolling = make_period("Pesan Harian", products=[nastar], closes_in_days=30, delivery_in_days=30, mode=PeriodMode.ROLLING, lead_days=2)
    place_order(period=lebaran, customer=customer(1), lines={nastar: 1})
    with CaptureQueriesContext(connection) as few:
        period_usage(hampers)
    for n in range(2, 14):
        place_order(period=(lebaran, rolling)[n % 2], customer=customer(n), lines={nastar: 1})
    with CaptureQueriesContext(connection) as many:
        period_usage(hampers)
    assert len(many) == len(few) <= 9  # with one read of the units held on the public form


@pytest.mark.django_db(transaction=True)
def test_two_periods_ordering_at_once_never_promise_the_same_minutes(nastar):
    # Both made on day +4 only: 360 minutes, 30 nastar for the two together.
    first = make_period("PO Lebaran", products=[nastar], capacity_capped=True, closes_in_days=3, delivery_in_days=5)
    second = make_period("PO Hampers", products=[nastar], capacity_capped=True, closes_in_days=3, delivery_in_days=5)
    people = [customer(n) for n in range(12)]
    results = []

    def buy(period, person):
        try:
            place_order(period=period, customer=person, lines={nastar: 4})
            results.append("ok")
        except OrderRefused:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=((first, second)[n % 2], person)) for n, person in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 7  # 28 of 30 nastar; an eighth order would need 32
    assert sum(line.quantity for order in Order.objects.all() for line in order.lines.all()) == 28
    assert nastar_left(first) == nastar_left(second) == 2


def test_an_order_moved_to_an_overlapping_period_does_not_take_its_minutes_twice(lebaran, hampers, nastar):
    from orders.services.rescheduling import reschedule_order

    order = place_order(period=lebaran, customer=customer(1), lines={nastar: 50})
    assert nastar_left(hampers) == 40  # while the 50 still wait in PO Lebaran
    moved = reschedule_order(order, period=hampers)
    assert moved.period == hampers and moved.delivery_date == hampers.delivery_date
    assert nastar_left(hampers) == 40 and nastar_left(lebaran) == 40  # planned on days +6 and +5
    assert not production_plan(start=today(), end=today() + timedelta(days=10)).plan.late


@pytest.fixture
def two_work_days(nastar):
    """Only days +4 and +5 are work days this week: 30 nastar on each."""
    off = "".join(str((today() + timedelta(days=n)).weekday()) for n in (0, 1, 2, 3, 6))
    set_calendar(hours=6, workers=1, days_off=off)


def test_a_new_date_the_kitchen_cannot_keep_is_refused_and_nothing_changes(two_work_days, lebaran, nastar):
    from orders.services.rescheduling import reschedule_order

    order = place_order(period=lebaran, customer=customer(1), lines={nastar: 40})  # day +5 full, 10 on day +4
    with pytest.raises(OrderRefused) as refused:
        reschedule_order(order, delivery_date=today() + timedelta(days=5))  # only day +4 is before it
    assert refused.value.message.startswith(f"Waktu produksi tidak cukup untuk membuat pesanan {order.code} paling lambat")
    order.refresh_from_db()
    assert order.delivery_date == lebaran.delivery_date and not order.changes.exists()


def test_a_new_date_that_would_make_another_order_late_is_refused(two_work_days, lebaran, nastar):
    from orders.services.rescheduling import reschedule_order

    early = make_period("PO Kilat", products=[nastar], capacity_capped=True, closes_in_days=3, delivery_in_days=5)
    first = place_order(period=lebaran, customer=customer(1), lines={nastar: 30})  # made on day +5
    second = place_order(period=early, customer=customer(2), lines={nastar: 30})  # made on day +4
    with pytest.raises(OrderRefused) as refused:
        # Earlier in the queue, the first order would take day +4 from the second.
        reschedule_order(first, delivery_date=today() + timedelta(days=5))
    assert second.code in refused.value.message and "terlambat" in refused.value.message
    first.refresh_from_db()
    assert first.delivery_date == lebaran.delivery_date


def test_a_new_date_the_kitchen_can_keep_is_taken(two_work_days, lebaran, nastar):
    from orders.services.rescheduling import reschedule_order

    first = place_order(period=lebaran, customer=customer(1), lines={nastar: 30})
    place_order(period=lebaran, customer=customer(2), lines={nastar: 30})
    moved = reschedule_order(first, delivery_date=today() + timedelta(days=5))  # day +4 for it, +5 for the other
    assert moved.delivery_date == today() + timedelta(days=5)
    assert not production_plan(start=today(), end=today() + timedelta(days=10)).plan.late
