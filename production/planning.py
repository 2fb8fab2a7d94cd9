"""The production plan, pure: demand and work days in, a day-by-day plan out (no models).

Rules, in the order they are applied:
- First come, first served: orders are planned one after another by rank (order time); a later
  order never takes minutes an earlier one was given.
- Each unit is made on a work day before the delivery date (at the latest the day before, when
  the order is also packed), within that day's free minutes; an order's units may be spread
  over several days.
- A product with a shelf life is made no earlier than that many days before delivery
  ("tahan 2 hari": the day before or the one before that).
- Fresh goods (no shelf life, or less than KEEPS_FROM_DAYS) are made as late as possible, so
  cakes are fresh and the earlier days stay free for orders that are due sooner. Goods that keep
  are made as early as their shelf life allows, so a Lebaran PO's kue kering spread over the
  free days instead of piling onto the last ones.
- An order is planned whole or not at all; one that cannot be made in time is returned with why.
"""
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from math import floor, lcm

# Why an order cannot be made in time.
DUE_PASSED = "due_passed"  # the delivery date is today or earlier: no day left to make it
NO_WORK_DAY = "no_work_day"  # no working minutes at all between now and the day before delivery
NOT_ENOUGH_TIME = "not_enough_time"  # the free minutes before delivery are fewer than it needs

# A product that keeps at least this many days is made as early as it may be; fresher ones late.
KEEPS_FROM_DAYS = 3


@dataclass(frozen=True)
class DemandItem:
    """Units of one product one order needs; `rank` orders the queue (earlier first)."""

    ref: object
    rank: object
    due: date
    product: object
    quantity: int
    minutes_per_unit: Fraction
    keeps_days: int | None = None  # shelf life: made at most this many days before `due`

    @property
    def made_early(self):
        """True for goods that keep: made on the first allowed day rather than the last."""
        return self.keeps_days is not None and self.keeps_days >= KEEPS_FROM_DAYS

    def first_day(self):
        """The earliest day it may be made (None: any day)."""
        return None if self.keeps_days is None else self.due - timedelta(days=self.keeps_days)


@dataclass(frozen=True)
class Entry:
    ref: object
    product: object
    quantity: int
    minutes: Fraction


@dataclass
class DayPlan:
    day: date
    minutes: Fraction
    entries: list = field(default_factory=list)
    work: object = None  # the WorkDay it came from (hours, workers), when planned from one
    planned_minutes: Fraction | None = None  # the entries' minutes, summed once by make_plan

    @property
    def used(self):
        if self.planned_minutes is not None:
            return self.planned_minutes
        return sum((entry.minutes for entry in self.entries), start=Fraction(0))

    @property
    def free(self):
        return self.minutes - self.used

    def totals(self):
        """{product: units} to make on this day, summed over orders."""
        totals = defaultdict(int)
        for entry in self.entries:
            totals[entry.product] += entry.quantity
        return dict(totals)


@dataclass(frozen=True)
class Late:
    """An order that cannot be made before its delivery date, with the reason and the minutes."""

    ref: object
    due: date
    reason: str
    needed: Fraction
    free: Fraction


@dataclass
class Plan:
    days: list  # DayPlan per work day given, in date order
    late: list  # Late, in queue order

    def day(self, when):
        for day_plan in self.days:
            if day_plan.day == when:
                return day_plan
        return None

    @property
    def late_refs(self):
        return {item.ref for item in self.late}


def make_plan(demand, work_days):
    """Plan `demand` (DemandItem list) over `work_days` (production.capacity.WorkDay list)."""
    days = [DayPlan(day=work_day.day, minutes=Fraction(work_day.minutes), work=work_day) for work_day in sorted(work_days, key=lambda d: d.day)]
    # The arithmetic runs on whole "ticks" (1/scale of a minute), exact and far quicker than
    # Fractions when thousands of orders are planned; entries still carry Fraction minutes.
    scale = lcm(1, *(day_plan.minutes.denominator for day_plan in days), *(item.minutes_per_unit.denominator for item in demand))
    free = [int(day_plan.minutes * scale) for day_plan in days]
    dates = [day_plan.day for day_plan in days]
    plan = Plan(days=days, late=[])
    for ref, items in _queue(demand):
        due = items[0].due
        allocation = _allocate(items, days, free, scale, dates)
        if allocation is None:
            plan.late.append(_why_late(ref, due, items, days, [Fraction(ticks, scale) for ticks in free]))
            continue
        for index, entry, ticks in allocation:
            days[index].entries.append(entry)
            free[index] -= ticks
    for day_plan, ticks in zip(days, free):
        day_plan.planned_minutes = day_plan.minutes - Fraction(ticks, scale)
    return plan


def place_last(items, free_by_day):
    """Where the plan puts one more order, last in the queue: [(day, Entry)] or None when it is late.

    `items` are that order's DemandItems and `free_by_day` ({day: minutes}) what the orders
    before it leave free on every day from the plan's first day to the day before its due date;
    make_plan would give the order exactly this, so a kept plan can add it without re-planning.
    """
    days = [DayPlan(day=day, minutes=Fraction(minutes)) for day, minutes in sorted(free_by_day.items())]
    allocation = _allocate(list(items), days, [day_plan.minutes for day_plan in days])
    if allocation is None:
        return None
    return [(days[index].day, entry) for index, entry, _ticks in allocation]


def free_minutes(plan):
    """{day: minutes still free} after the plan."""
    return {day_plan.day: day_plan.free for day_plan in plan.days}


def earliest_due(items, free_by_day, *, earliest, latest):
    """The first delivery date from `earliest` to `latest` by which `items` can be made in the
    free minutes, or None. `items` are (product, quantity, minutes_per_unit[, keeps_days]) tuples."""
    days = sorted(free_by_day)
    demand = [
        DemandItem(ref=None, rank=0, due=None, product=item[0], quantity=item[1], minutes_per_unit=Fraction(item[2]),
                   keeps_days=item[3] if len(item) > 3 else None)
        for item in items
    ]
    needed = sum((item.quantity * item.minutes_per_unit for item in demand), start=Fraction(0))
    candidate = earliest
    while candidate <= latest:
        window = [day for day in days if day < candidate]
        if sum((free_by_day[day] for day in window), start=Fraction(0)) >= needed:
            day_plans = [DayPlan(day=day, minutes=free_by_day[day]) for day in window]
            dated = [_with_due(item, candidate) for item in demand]
            if _allocate(dated, day_plans, [Fraction(free_by_day[day]) for day in window]) is not None:
                return candidate
        candidate += timedelta(days=1)
    return None


def _with_due(item, due):
    return DemandItem(
        ref=item.ref, rank=item.rank, due=due, product=item.product, quantity=item.quantity,
        minutes_per_unit=item.minutes_per_unit, keeps_days=item.keeps_days,
    )


def _queue(demand):
    """[(ref, items)] grouped by order, earliest rank first (ties by first appearance)."""
    groups = {}
    for item in demand:
        groups.setdefault(item.ref, []).append(item)
    return sorted(groups.items(), key=lambda pair: pair[1][0].rank)


def _allocate(items, days, free, scale=1, dates=None):
    """[(day index, Entry, ticks)] placing every unit of the order before its due date (within its
    shelf life; goods that keep from the first allowed day, others from the last), or None when it
    does not fit. `free` holds each day's free minutes × `scale`
    (whole numbers when `scale` is the common denominator) and is only read; `dates` are the
    days' dates (given by make_plan, which calls this once per order)."""
    dates = dates if dates is not None else [day_plan.day for day_plan in days]
    taken = {}  # day index -> ticks this order takes there
    allocation = []
    for item in items:
        remaining = item.quantity
        per_unit = _ticks(item.minutes_per_unit, scale)
        for index in _day_order(item, dates):
            left = free[index] - taken.get(index, 0)
            if left <= 0:
                continue
            units = min(remaining, left // per_unit)
            if units <= 0:
                continue
            ticks = units * per_unit
            entry = Entry(ref=item.ref, product=item.product, quantity=units, minutes=Fraction(ticks, scale) if isinstance(ticks, int) else ticks / scale)
            allocation.append((index, entry, ticks))
            taken[index] = taken.get(index, 0) + ticks
            remaining -= units
            if remaining == 0:
                break
        if remaining:
            return None
    return allocation


def _day_order(item, dates):
    """Indexes of the days `item` may be made on, in the order they are filled."""
    last = bisect_left(dates, item.due) - 1
    first_day = item.first_day()
    first = 0 if first_day is None else bisect_left(dates, first_day)
    if item.made_early:
        return range(first, last + 1)
    return range(last, first - 1, -1)


@lru_cache(maxsize=1024)
def _ticks(minutes, scale):
    """`minutes` (a Fraction) in 1/scale-minute ticks: an int when scale is a common denominator."""
    ticks = Fraction(minutes) * scale
    return int(ticks) if ticks.denominator == 1 else ticks


def _why_late(ref, due, items, days, free):
    needed = sum((item.quantity * item.minutes_per_unit for item in items), start=Fraction(0))
    dates = [day_plan.day for day_plan in days]
    window = sorted({index for item in items for index in _day_order(item, dates)})
    available = sum((free[index] for index in window), start=Fraction(0))
    if days and due <= days[0].day:
        reason = DUE_PASSED
    elif not any(days[index].minutes > 0 for index in window):
        reason = NO_WORK_DAY
    else:
        reason = NOT_ENOUGH_TIME
    return Late(ref=ref, due=due, reason=reason, needed=needed, free=max(available, Fraction(0)))


def units_that_fit_days(free_by_day, per_unit):
    """Whole units of one product that the free minutes allow, a unit never split across days."""
    per_unit = Fraction(per_unit)
    return sum(floor(minutes / per_unit) for minutes in free_by_day.values() if minutes > 0)


def fits_by(items, free_by_day, due):
    """True when `items` ((product, quantity, minutes_per_unit[, keeps_days]) tuples) can be made before `due`."""
    return earliest_due(items, free_by_day, earliest=due, latest=due) == due
