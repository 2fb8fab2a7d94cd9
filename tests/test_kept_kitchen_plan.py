"""The kitchen plan kept between orders equals the full first-come-first-served plan.

Whatever orders come, go, move, get packed or made, the minutes kept per production day are
what re-planning every waiting order from scratch gives; and placing an order reads and writes
only the days it needs, however many orders wait.
"""
import itertools
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import Customer
from orders.models import KitchenDay, PeriodMode
from orders.services import OrderRefused, cancel_order, mark_paid, place_order, set_fulfilment
from orders.services.kitchen import kept_figures, kitchen_figures, planned_figures, record_done
from orders.services.editing import change_lines
from orders.services.rescheduling import reschedule_order
from production.models import CalendarOverride
from tests.conftest import make_customer, make_period, make_product, set_calendar

pytestmark = pytest.mark.django_db(transaction=False)
serial = itertools.count()


def assert_kept_equals_full_plan():
    today = timezone.localdate()
    with transaction.atomic():
        kitchen_figures(today, start=today, end=None)  # a stale plan (calendar changed) is rebuilt here
    kept, planned = kept_figures(), planned_figures(today)
    assert kept.promised == planned.promised
    assert kept.late == planned.late
    assert kept.spare_made == planned.spare_made


def new_customer():
    n = next(serial)
    return Customer(name=f"Pelanggan {n}", whatsapp=f"+62813{n:08d}")


steps = st.lists(
    st.one_of(
        st.tuples(st.just("place"), st.integers(0, 3), st.integers(0, 2), st.integers(1, 6)),
        st.tuples(st.just("cancel"), st.integers(0, 30)),
        st.tuples(st.just("pack"), st.integers(0, 30)),
        st.tuples(st.just("unpack"), st.integers(0, 30)),
        st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 3)),
        st.tuples(st.just("move_date"), st.integers(0, 30), st.integers(1, 7)),
        st.tuples(st.just("made"), st.integers(0, 2), st.integers(1, 8)),
        st.tuples(st.just("close_day"), st.integers(0, 6)),
        st.tuples(st.just("edit"), st.integers(0, 30), st.integers(0, 2), st.integers(1, 6)),
    ),
    max_size=16,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=steps)
def test_kept_figures_equal_a_full_replan_after_any_sequence(steps):
    run = next(serial)
    with transaction.atomic():
        set_calendar(hours=1, workers=1)  # 60 minutes a day: orders compete for days
        products = [
            make_product(f"Kue Nastar {run}", units_per_batch=10, minutes_per_batch=120),  # 12 min a box
            make_product(f"Brownies {run}", units_per_batch=3, minutes_per_batch=50),  # 16⅔ min a loyang
            make_product(f"Kue Lapis {run}", units_per_batch=4, minutes_per_batch=180),  # 45 min a loyang
        ]
        periods = [
            make_period(f"PO A {run}", products=products, closes_in_days=1, delivery_in_days=5, capacity_capped=True),
            make_period(f"PO B {run}", products=products, closes_in_days=1, delivery_in_days=3, capacity_capped=True),
            make_period(f"PO C {run}", products=products, closes_in_days=1, delivery_in_days=4),  # no capacity cap: can run late
            make_period(f"PO D {run}", products=products, closes_in_days=20, delivery_in_days=20, mode=PeriodMode.ROLLING, lead_days=1),
        ]
        orders = []
        for step in steps:
            kind, *args = step
            try:
                if kind == "place":
                    period, product, quantity = args
                    # paid, so that it may be packed (the payment gate)
                    orders.append(mark_paid(place_order(period=periods[period], customer=new_customer(), lines={products[product]: quantity})))
                elif not orders and kind in ("cancel", "pack", "unpack", "move", "move_date", "edit"):
                    continue
                elif kind == "cancel":
                    cancel_order(orders[args[0] % len(orders)], reason="Batal")
                elif kind == "pack":
                    set_fulfilment(orders[args[0] % len(orders)], status="ready")
                elif kind == "unpack":
                    set_fulfilment(orders[args[0] % len(orders)], status="pending")
                elif kind == "move":
                    reschedule_order(orders[args[0] % len(orders)], period=periods[args[1]])
                elif kind == "move_date":
                    reschedule_order(orders[args[0] % len(orders)], delivery_date=timezone.localdate() + timedelta(days=args[1]))
                elif kind == "made":
                    record_done(day=timezone.localdate(), product=products[args[0]], quantity=args[1])
                elif kind == "edit":
                    order, product, quantity = orders[args[0] % len(orders)], products[args[1]], args[2]
                    change_lines(order, quantities={product: quantity})
                elif kind == "close_day":
                    day = timezone.localdate() + timedelta(days=args[0])
                    CalendarOverride.objects.update_or_create(day=day, defaults={"closed": True})
            except OrderRefused:
                pass
            assert_kept_equals_full_plan()
        transaction.set_rollback(True)


def test_an_order_that_grows_takes_more_of_the_kitchen_at_once():
    set_calendar(hours=1, workers=1)
    lapis = make_product("Kue Lapis", units_per_batch=1, minutes_per_batch=60)  # one a day
    period = make_period("PO Lebaran", products=[lapis], closes_in_days=1, delivery_in_days=4, capacity_capped=True)
    order = place_order(period=period, customer=make_customer("Ibu Ani", ""), lines={lapis: 1})
    change_lines(order, quantities={lapis: 2})
    assert sum(row.promised_minutes for row in KitchenDay.objects.all()) == 120
    assert_kept_equals_full_plan()


def test_a_cancelled_order_gives_its_day_to_the_next_one_in_the_queue():
    set_calendar(hours=1, workers=1)
    lapis = make_product("Kue Lapis", units_per_batch=1, minutes_per_batch=60)  # one a day
    period = make_period("PO Lebaran", products=[lapis], closes_in_days=1, delivery_in_days=4, capacity_capped=True)
    first = place_order(period=period, customer=make_customer("Ibu Ani", ""), lines={lapis: 1})
    place_order(period=period, customer=make_customer("Ibu Sri", ""), lines={lapis: 1})
    day_before = timezone.localdate() + timedelta(days=3)
    assert {row.day for row in KitchenDay.objects.all()} == {day_before, day_before - timedelta(days=1)}
    cancel_order(first, reason="Batal")
    # The full plan now makes the second order as late as possible: on the day before delivery.
    assert [(row.day, row.promised_minutes) for row in KitchenDay.objects.all()] == [(day_before, 60)]
    assert_kept_equals_full_plan()


def test_placing_reads_as_many_queries_with_many_orders_waiting_as_with_few():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[nastar], delivery_in_days=30, capacity_capped=True)
    other = make_period("PO Natal", products=[nastar], delivery_in_days=20, capacity_capped=True)
    set_calendar(hours=12, workers=20)
    place_order(period=period, customer=new_customer(), lines={nastar: 1})
    with CaptureQueriesContext(connection) as few:
        place_order(period=period, customer=new_customer(), lines={nastar: 1})
    for _ in range(30):
        place_order(period=other, customer=new_customer(), lines={nastar: 2})
    with CaptureQueriesContext(connection) as many:
        place_order(period=period, customer=new_customer(), lines={nastar: 1})
    assert len(many) == len(few)
    # No order line is read one by one under the lock (only the period's units, summed by the database).
    selects = [query["sql"] for query in many.captured_queries if query["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in selects if "orders_orderline" in sql and "SUM(" not in sql.upper()]
    assert_kept_equals_full_plan()


def test_a_closed_day_moves_the_promised_work_before_the_next_order_is_checked():
    set_calendar(hours=1, workers=1)
    lapis = make_product("Kue Lapis", units_per_batch=1, minutes_per_batch=60)  # one a day
    period = make_period("PO Lebaran", products=[lapis], closes_in_days=1, delivery_in_days=5, capacity_capped=True)
    place_order(period=period, customer=make_customer("Ibu Ani", ""), lines={lapis: 2})
    today = timezone.localdate()
    CalendarOverride.objects.create(day=today + timedelta(days=4), closed=True)
    with pytest.raises(OrderRefused):  # days 2 and 3 now hold the first order; day 4 is closed
        place_order(period=period, customer=make_customer("Ibu Sri", ""), lines={lapis: 1})
    assert_kept_equals_full_plan()
    assert sorted(row.day for row in KitchenDay.objects.all()) == [today + timedelta(days=2), today + timedelta(days=3)]


def test_the_rebuild_command_finds_the_kept_figures_identical():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[nastar], capacity_capped=True)
    for _ in range(5):
        place_order(period=period, customer=new_customer(), lines={nastar: 3})
    out = StringIO()
    call_command("rebuild_kitchen_plan", stdout=out)
    assert "identical" in out.getvalue()


def test_the_rebuild_command_says_when_the_kept_figures_had_drifted():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[nastar], capacity_capped=True)
    place_order(period=period, customer=new_customer(), lines={nastar: 3})
    KitchenDay.objects.update(promised_minutes=1)  # written behind the services' back
    out = StringIO()
    call_command("rebuild_kitchen_plan", stdout=out)
    assert "differed" in out.getvalue()
    assert_kept_equals_full_plan()


@pytest.mark.django_db(transaction=True)
def test_orders_placed_at_the_same_moment_are_added_without_replanning_the_kitchen(monkeypatch):
    import threading

    from django.db import connections

    from orders.services import kitchen

    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[nastar], delivery_in_days=30, capacity_capped=True)
    set_calendar(hours=12, workers=20)
    place_order(period=period, customer=new_customer(), lines={nastar: 1})  # the first order builds the plan
    replans = []
    full_plan = kitchen.planned_figures
    monkeypatch.setattr(kitchen, "planned_figures", lambda *args, **kwargs: replans.append(1) or full_plan(*args, **kwargs))

    def buy(n):
        try:
            place_order(period=period, customer=new_customer(), lines={nastar: 1 + n % 3})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert replans == []  # each order took its time under the lock, so each came last in the queue
    monkeypatch.undo()
    assert_kept_equals_full_plan()


def _queries_on(table, captured):
    return [query["sql"] for query in captured.captured_queries if f'"{table}"' in query["sql"]]


def test_with_no_period_reading_the_plan_an_order_only_marks_it_stale():
    set_calendar(hours=8, workers=1)
    nastar = make_product("Kue Nastar")
    uncapped = make_period("PO Bebas", products=[nastar])
    place_order(period=uncapped, customer=new_customer(), lines={nastar: 2})
    with CaptureQueriesContext(connection) as placing:
        place_order(period=uncapped, customer=new_customer(), lines={nastar: 3})
    # Nobody's caps read the kitchen's figures: the order neither reads nor writes its days.
    assert not _queries_on("orders_kitchenday", placing)
    assert not _queries_on("production_workcalendar", placing)
    # A capacity-capped period opens: its first order finds the figures rebuilt, whole.
    capped = make_period("PO Lebaran", products=[nastar], delivery_in_days=8, capacity_capped=True)
    place_order(period=capped, customer=new_customer(), lines={nastar: 1})
    assert_kept_equals_full_plan()
    assert sum(row.promised_minutes for row in KitchenDay.objects.all()) == 6 * 12


def test_a_capped_order_reads_the_kitchens_row_calendar_and_overrides_once():
    set_calendar(hours=8, workers=1)
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[nastar], delivery_in_days=8, capacity_capped=True)
    place_order(period=period, customer=new_customer(), lines={nastar: 1})
    with CaptureQueriesContext(connection) as placing:
        place_order(period=period, customer=new_customer(), lines={nastar: 1})
    assert len([sql for sql in _queries_on("orders_kitchenplan", placing) if sql.lstrip().startswith("SELECT")]) == 1
    assert len(_queries_on("production_workcalendar", placing)) == 1
    assert len(_queries_on("production_calendaroverride", placing)) == 1
    assert_kept_equals_full_plan()
