"""The production planner, pure: examples and properties (hypothesis)."""
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from production import planning
from production.capacity import WorkDay, daily_capacity, work_days

MONDAY = date(2026, 12, 7)


def days(count, hours=6, workers=1, start=MONDAY):
    return [WorkDay(day=start + timedelta(days=i), hours=Fraction(hours), workers=workers) for i in range(count)]


def item(ref, due, quantity, per_unit=Fraction(12), product="nastar", rank=None):
    return planning.DemandItem(ref=ref, rank=rank if rank is not None else ref, due=due, product=product, quantity=quantity, minutes_per_unit=Fraction(per_unit))


def test_the_article_example_gives_thirty_cakes_a_day():
    assert daily_capacity(hours=6, workers=1, units_per_batch=10, minutes_per_batch=120) == 30
    plan = planning.make_plan([item(1, MONDAY + timedelta(days=1), 30)], days(1))
    assert plan.days[0].totals() == {"nastar": 30}
    assert plan.days[0].free == 0


def test_an_order_is_made_the_day_before_delivery_when_there_is_room():
    plan = planning.make_plan([item(1, MONDAY + timedelta(days=3), 10)], days(5))
    assert [d.day for d in plan.days if d.entries] == [MONDAY + timedelta(days=2)]


def test_a_big_order_is_spread_over_several_days():
    plan = planning.make_plan([item(1, MONDAY + timedelta(days=3), 75)], days(3))
    assert [d.totals().get("nastar", 0) for d in plan.days] == [15, 30, 30]


def test_the_later_order_is_late_when_the_first_took_the_time():
    due = MONDAY + timedelta(days=1)
    plan = planning.make_plan([item(2, due, 20), item(1, due, 20)], days(1))
    assert plan.late_refs == {2}
    assert plan.late[0].reason == planning.NOT_ENOUGH_TIME
    assert plan.late[0].needed == 240 and plan.late[0].free == 120


def test_an_order_due_on_the_first_day_cannot_be_made():
    plan = planning.make_plan([item(1, MONDAY, 1)], days(3))
    assert plan.late[0].reason == planning.DUE_PASSED


def test_closed_days_give_no_work_day_reason():
    closed = work_days(start=MONDAY, end=MONDAY + timedelta(days=1), default_hours=6, default_workers=1, weekly_days_off={0, 1}, overrides={})
    plan = planning.make_plan([item(1, MONDAY + timedelta(days=2), 1)], closed)
    assert plan.late[0].reason == planning.NO_WORK_DAY


def test_a_unit_is_never_split_across_two_days():
    # 100 minutes a day, 60 minutes a unit: one a day, not five in three days.
    short = [WorkDay(day=MONDAY + timedelta(days=i), hours=Fraction(100, 60), workers=1) for i in range(3)]
    assert planning.units_that_fit_days(planning.free_minutes(planning.make_plan([], short)), 60) == 3
    plan = planning.make_plan([item(1, MONDAY + timedelta(days=3), 4, per_unit=60)], short)
    assert plan.late_refs == {1}


def test_earliest_due_skips_full_days():
    plan = planning.make_plan([item(1, MONDAY + timedelta(days=1), 30)], days(4))
    free = planning.free_minutes(plan)
    assert planning.earliest_due([("nastar", 10, 12)], free, earliest=MONDAY + timedelta(days=1), latest=MONDAY + timedelta(days=4)) == MONDAY + timedelta(days=2)
    assert planning.earliest_due([("nastar", 200, 12)], free, earliest=MONDAY, latest=MONDAY + timedelta(days=4)) is None


# --- properties -----------------------------------------------------------------------------

PER_UNIT = st.sampled_from([Fraction(12), Fraction(50, 3), Fraction(30), Fraction(45), Fraction(7, 2)])


@st.composite
def instances(draw):
    count = draw(st.integers(1, 8))
    hours = draw(st.lists(st.sampled_from([0, 0, 2, 4, 6, Fraction(13, 2), 10]), min_size=count, max_size=count))
    workers = draw(st.lists(st.integers(1, 3), min_size=count, max_size=count))
    work = [WorkDay(day=MONDAY + timedelta(days=i), hours=Fraction(h), workers=w) for i, (h, w) in enumerate(zip(hours, workers))]
    orders = draw(st.integers(0, 12))
    demand = []
    for ref in range(orders):
        due = MONDAY + timedelta(days=draw(st.integers(0, count + 1)))
        rank = draw(st.integers(0, 5)) * 100 + ref
        for product in draw(st.lists(st.sampled_from(["nastar", "bolu", "brownies"]), min_size=1, max_size=3, unique=True)):
            demand.append(item(ref, due, draw(st.integers(1, 40)), per_unit=draw(PER_UNIT), product=product, rank=rank))
    return demand, work


@settings(max_examples=300, deadline=None)
@given(instances())
def test_no_day_is_ever_planned_over_its_minutes(instance):
    demand, work = instance
    for day_plan in planning.make_plan(demand, work).days:
        assert day_plan.used <= day_plan.minutes


@settings(max_examples=300, deadline=None)
@given(instances())
def test_every_unit_of_every_planned_order_is_planned_once_and_before_delivery(instance):
    demand, work = instance
    plan = planning.make_plan(demand, work)
    planned = {}
    for day_plan in plan.days:
        for entry in day_plan.entries:
            due = next(i.due for i in demand if i.ref == entry.ref)
            assert day_plan.day < due
            planned[(entry.ref, entry.product)] = planned.get((entry.ref, entry.product), 0) + entry.quantity
    wanted = {(i.ref, i.product): i.quantity for i in demand if i.ref not in plan.late_refs}
    assert planned == wanted


@settings(max_examples=300, deadline=None)
@given(instances())
def test_first_come_first_served_later_orders_never_change_earlier_ones(instance):
    demand, work = instance
    full = planning.make_plan(demand, work)
    ranks = sorted({i.rank for i in demand})
    if not ranks:
        return
    cut = ranks[len(ranks) // 2]
    earlier = [i for i in demand if i.rank <= cut]
    prefix = planning.make_plan(earlier, work)
    refs = {i.ref for i in earlier}

    def entries(plan):
        return [(d.day, e) for d in plan.days for e in d.entries if e.ref in refs]

    assert entries(prefix) == entries(full)
    assert prefix.late_refs == full.late_refs & refs


@settings(max_examples=300, deadline=None)
@given(instances())
def test_an_order_is_late_only_when_the_minutes_left_by_earlier_orders_cannot_hold_it(instance):
    demand, work = instance
    plan = planning.make_plan(demand, work)
    for late in plan.late:
        items = [i for i in demand if i.ref == late.ref]
        before = planning.make_plan([i for i in demand if i.rank < items[0].rank], work)
        free = {d: m for d, m in planning.free_minutes(before).items() if d < late.due}
        if len({i.product for i in items}) == 1:
            # one product: the exact test is whole units per day
            assert planning.units_that_fit_days(free, items[0].minutes_per_unit) < sum(i.quantity for i in items)
        else:
            assert sum(free.values(), start=Fraction(0)) < late.needed or not planning.fits_by(
                [(i.product, i.quantity, i.minutes_per_unit) for i in items], free, late.due
            )


@settings(max_examples=200, deadline=None)
@given(instances())
def test_a_single_order_that_fits_the_calendar_is_always_planned(instance):
    demand, work = instance
    if not demand:
        return
    ref = demand[0].ref
    alone = [i for i in demand if i.ref == ref]
    if len(alone) != 1:
        return
    only = alone[0]
    capacity = sum(planning.units_that_fit_days({d.day: d.minutes}, only.minutes_per_unit) for d in work if d.day < only.due)
    plan = planning.make_plan(alone, work)
    assert (ref in plan.late_refs) == (only.quantity > capacity)


@st.composite
def fixed_date_orders(draw):
    count = draw(st.integers(1, 4))
    work = [WorkDay(day=MONDAY + timedelta(days=i), hours=Fraction(draw(st.sampled_from([0, 2, 6, Fraction(13, 2)]))), workers=draw(st.integers(1, 2))) for i in range(count)]
    wishes = draw(st.lists(st.dictionaries(st.sampled_from(["nastar", "bolu", "brownies"]), st.integers(1, 15), min_size=1, max_size=3), max_size=15))
    return work, wishes


@settings(max_examples=300, deadline=None)
@given(fixed_date_orders())
def test_what_the_quota_accepts_for_one_delivery_date_the_plan_can_make(instance):
    """The order service accepts an order when it fits the minutes the first-come plan of the
    orders taken so far leaves; the plan of all accepted orders then has none late."""
    work, wishes = instance
    per_unit = {"nastar": Fraction(12), "bolu": Fraction(45), "brownies": Fraction(50, 3)}
    due = MONDAY + timedelta(days=len(work))
    demand = []
    for ref, wish in enumerate(wishes):
        free = planning.free_minutes(planning.make_plan(demand, work))
        if planning.fits_by([(p, q, per_unit[p]) for p, q in wish.items()], free, due):
            demand += [item(ref, due, q, per_unit[p], product=p, rank=ref) for p, q in wish.items()]
    assert planning.make_plan(demand, work).late == []


# Shelf life ("tahan N hari"): goods that keep are made as early as they may be, fresh ones late.

def kept(ref, due, quantity, keeps, per_unit=Fraction(12), product="kue kering", rank=None):
    return planning.DemandItem(
        ref=ref, rank=rank if rank is not None else ref, due=due, product=product, quantity=quantity,
        minutes_per_unit=Fraction(per_unit), keeps_days=keeps,
    )


def test_kue_kering_for_lebaran_spread_over_the_free_days_instead_of_the_last_two():
    lebaran = MONDAY + timedelta(days=10)
    demand = [kept(ref, lebaran, 30, keeps=14) for ref in range(4)]  # 4 orders of a day's work each
    plan = planning.make_plan(demand, days(10))
    assert [d.day for d in plan.days if d.entries] == [MONDAY + timedelta(days=i) for i in range(4)]


def test_brownies_that_keep_two_days_are_made_on_the_last_two_days_or_not_at_all():
    due = MONDAY + timedelta(days=6)
    plan = planning.make_plan([kept(1, due, 45, keeps=2, product="brownies")], days(6))
    assert [(d.day, d.totals()) for d in plan.days if d.entries] == [
        (MONDAY + timedelta(days=4), {"brownies": 15}),
        (MONDAY + timedelta(days=5), {"brownies": 30}),
    ]
    late = planning.make_plan([kept(1, due, 61, keeps=2, product="brownies")], days(6)).late
    assert [item.reason for item in late] == [planning.NOT_ENOUGH_TIME]


@st.composite
def shelf_life_instances(draw):
    demand, work = draw(instances())
    keeps = {product: draw(st.sampled_from([None, 1, 2, 3, 14])) for product in ("nastar", "bolu", "brownies")}
    return [kept(i.ref, i.due, i.quantity, keeps[i.product], i.minutes_per_unit, i.product, i.rank) for i in demand], work


@settings(max_examples=300, deadline=None)
@given(shelf_life_instances())
def test_every_unit_is_made_within_its_shelf_life_and_no_day_over_its_minutes(instance):
    demand, work = instance
    plan = planning.make_plan(demand, work)
    for day_plan in plan.days:
        assert day_plan.used <= day_plan.minutes
        for entry in day_plan.entries:
            item = next(i for i in demand if i.ref == entry.ref and i.product == entry.product)
            assert day_plan.day < item.due
            assert item.keeps_days is None or item.due - day_plan.day <= timedelta(days=item.keeps_days)


@settings(max_examples=300, deadline=None)
@given(shelf_life_instances())
def test_goods_that_keep_take_the_earliest_day_with_room_and_fresh_goods_the_latest(instance):
    demand, work = instance
    if not demand:
        return
    first = min(demand, key=lambda i: i.rank)
    alone = [i for i in demand if i.ref == first.ref and i.product == first.product]
    plan = planning.make_plan(alone, work)
    if plan.late:
        return
    used = [d.day for d in plan.days if d.entries]
    allowed = [d.day for d in work if d.minutes >= first.minutes_per_unit and d.day < first.due
               and (first.keeps_days is None or first.due - d.day <= timedelta(days=first.keeps_days))]
    assert (used[0] == allowed[0]) if first.made_early else (used[-1] == allowed[-1])


@settings(max_examples=300, deadline=None)
@given(shelf_life_instances(), st.data())
def test_one_more_order_last_in_the_queue_gets_what_a_full_replan_gives_it(instance, data):
    demand, work = instance
    if not demand:
        return
    new_ref = max(i.ref for i in demand) + 1
    due = MONDAY + timedelta(days=data.draw(st.integers(1, len(work) + 1)))
    newcomer = [kept(new_ref, due, data.draw(st.integers(1, 40)), data.draw(st.sampled_from([None, 2, 14])), rank=10_000)]
    before = planning.free_minutes(planning.make_plan(demand, work))
    added = planning.place_last(newcomer, {day: minutes for day, minutes in before.items() if day < due})
    full = planning.make_plan(demand + newcomer, work)
    if new_ref in full.late_refs:
        assert added is None
    else:
        assert sorted((day, entry) for day, entry in added) == sorted(
            (d.day, e) for d in full.days for e in d.entries if e.ref == new_ref
        )
