"""The kitchen plan kept between orders: minutes promised per production day, per PO period.

The full planner (production.planning.make_plan over every waiting order of every period, first
come first served) stays the truth; these figures are its result, kept in the database
(KitchenPlan, KitchenDay) in the same transaction as each change that moves it, so that placing
an order reads and writes only the days it needs instead of re-planning the whole queue:
- a new order comes last in the queue: the full plan would give it exactly what the kept free
  minutes give it, and move nothing else, so it is added on its days;
- anything else (an order cancelled, expired, packed, rescheduled or imported, units marked
  made, a new day) can move the orders after it, so the figures are rebuilt from the full plan.
Calendar and product changes mark the figures stale (orders.signals); the next write rebuilds.
While no period reads the figures (none capacity-capped and still to deliver, none made to order
and still taking orders), a change only marks them stale: no order pays for a plan nobody reads,
and the first reader rebuilds it once.
`manage.py rebuild_kitchen_plan` and tests/test_kept_kitchen_plan.py compare the two.
"""
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db import transaction
from django.utils.functional import cached_property
from django.utils import timezone

from orders.models import FulfilmentStatus, KitchenDay, KitchenPlan, PreorderPeriod
from orders.roles import require
from orders.services.production_plan import demand_and_spare, made_not_packed, waiting_lines
from production import planning
from production.models import ProductionDone, WorkCalendar
from stock.services import add_made

# Fulfilment statuses whose orders count as packed (their units taken off what was made).
PACKED = {FulfilmentStatus.READY, FulfilmentStatus.SENT, FulfilmentStatus.PICKED_UP}


@dataclass
class KitchenFigures:
    """Minutes promised per (day, period pk), orders the plan cannot make in time, made units left."""

    promised: dict = field(default_factory=dict)  # (day, period pk) -> Fraction
    late: list = field(default_factory=list)  # [(order pk, period pk, due date)]
    spare_made: dict = field(default_factory=dict)  # product pk -> units
    last: tuple | None = None  # (placed_at, order pk) of the queue's last order

    def promised_on(self, day):
        return sum((minutes for (when, _period), minutes in self.promised.items() if when == day), start=Fraction(0))

    def free_by_day(self, work_days):
        """{day: minutes still free} for the given WorkDays."""
        by_day = defaultdict(Fraction)
        for (day, _period), minutes in self.promised.items():
            by_day[day] += minutes
        return {work_day.day: work_day.minutes - by_day[work_day.day] for work_day in work_days}


class KitchenLock:
    """The one kitchen's lock, held until the transaction ends, with what is read under it once.

    Every period shares the kitchen, so whoever promises its minutes (placing, editing, moving,
    rebuilding) takes this first: the kept plan's row, FOR UPDATE on PostgreSQL (on SQLite the
    write transaction already holds the database). Its `state` (the plan's row) and `calendar`
    (the overrides from `today` on, read once) then serve both the caps and the plan's update.
    Taken when first used, so that an order a counted cap refuses (sold out) never waits for it.
    """

    def __init__(self, today):
        self.today = today

    @cached_property
    def state(self):
        state = KitchenPlan.objects.select_for_update().order_by("pk").first()
        if state is None:
            KitchenPlan.objects.create()
            state = KitchenPlan.objects.select_for_update().order_by("pk").first()
        return state

    @cached_property
    def calendar(self):
        self.state  # the lock first: a calendar change marks the plan stale under it
        return WorkCalendar.load().read_overrides_from(self.today)


# plan_is_read's answer, kept a few seconds per process: (monotonic time, answer). A period saved
# in this process forgets it at once (orders.signals); another process's change is seen within
# READERS_SECONDS, and an answer that is out of date costs time, never correctness.
READERS_SECONDS = 5
_readers = None


def plan_is_read(now=None):
    """True when some period's caps read the kept figures, so they are kept order by order.

    A read for before the lock: it only decides whether a change updates the figures or marks
    them stale, and a stale plan is rebuilt by whoever next reads it, so either answer is correct.
    """
    global _readers
    if now is None and _readers is not None and time.monotonic() - _readers[0] < READERS_SECONDS:
        return _readers[1]
    answer = PreorderPeriod.objects.reading_kitchen_plan(now or timezone.now()).exists()
    if now is None:
        _readers = (time.monotonic(), answer)
    return answer


def forget_plan_readers():
    """Ask the database again at the next plan_is_read() (a period was saved here)."""
    global _readers
    _readers = None


def keep_kitchen_plan(*, placed=None, now=None, kitchen=None):
    """Bring the kept plan in step with the order book; call it in the transaction that changed it.

    `placed` is the WaitingLines of one order just placed (last in the queue): it is added on its
    own days when the kept figures are current. Without it, or when they are not (another day,
    a calendar change, an order that does not come last), the figures are rebuilt from the full
    planner. `kitchen` is the KitchenLock the caller already holds; without one, the lock is taken
    here, or, when no period reads the figures (plan_is_read), they are only marked stale.
    """
    if kitchen is None:
        if not plan_is_read():
            mark_stale()
            return
        kitchen = KitchenLock(timezone.localdate(now or timezone.now()))
    _keep(kitchen, timezone.localdate(now or timezone.now()), placed)


def _keep(kitchen, today, placed=None):
    state = kitchen.state
    if placed and state.planned_for == today and _comes_last(placed[0], state):
        _add_order(placed, state, today, kitchen.calendar)
    elif placed and placed[0].due <= today and state.planned_for == today:
        return  # delivered today or earlier: not in the kitchen's queue
    else:
        _write(state, planned_figures(today, calendar=kitchen.calendar), today)


@transaction.atomic
def record_done(*, day, product, quantity, by=None):
    """Write down that `quantity` units of `product` were made on `day`; the plan takes them off.

    A product sold from ready stock gets the units on its shelf too (stock.services.add_made).
    """
    require(by, "record_production")
    done = ProductionDone.objects.create(day=day, product=product, quantity=quantity, by=by if by and by.is_authenticated else None)
    add_made(product=product, quantity=quantity, by=by)
    keep_kitchen_plan()
    return done


def moves_kitchen(before, after):
    """True when a change of fulfilment status from `before` to `after` can move the kitchen's plan."""
    return not ({FulfilmentStatus(before), FulfilmentStatus(after)} <= PACKED)


def mark_stale():
    """Have the next reader or write rebuild the kept figures (they no longer follow the order book)."""
    KitchenPlan.objects.filter(planned_for__isnull=False).update(planned_for=None)


def planned_figures(today, *, calendar=None, ignore_order=None):
    """The figures the full planner gives for every waiting order from `today` (no writes)."""
    calendar = calendar or WorkCalendar.load()
    lines = [line for line in waiting_lines(after=today) if line.order != ignore_order]
    last_due = max((line.due for line in lines), default=today)
    demand, spare = demand_and_spare(lines, made_not_packed(today))
    plan = planning.make_plan(demand, calendar.work_days(today, last_due - timedelta(days=1)))
    period_of = {line.order: line.period for line in lines}
    promised = defaultdict(Fraction)
    for day_plan in plan.days:
        for entry in day_plan.entries:
            promised[(day_plan.day, period_of[entry.ref])] += entry.minutes
    return KitchenFigures(
        promised={key: minutes for key, minutes in promised.items() if minutes},
        late=[(item.ref, period_of[item.ref], item.due) for item in plan.late],
        spare_made=spare,
        last=(lines[-1].placed_at, lines[-1].order) if lines else None,
    )


def kept_figures(*, start=None, end=None, state=None):
    """The kept figures as stored (KitchenDay rows from `start` up to, not including, `end`)."""
    state = state or _state()
    rows = KitchenDay.objects.all()
    if start is not None:
        rows = rows.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lt=end)
    return KitchenFigures(
        promised={(row.day, row.period_id): row.promised_minutes for row in rows if row.promised_minutes},
        late=[(order, period, date.fromisoformat(due)) for order, period, due in state.late],
        spare_made={int(product): units for product, units in state.spare_made.items()},
        last=None if state.last_order is None else (state.last_placed_at, state.last_order),
    )


def kitchen_figures(today, *, start, end, kitchen=None):
    """The kitchen's figures for days `start` up to `end`, as kept; rebuilt first when stale.

    Inside a transaction the kitchen's lock is held (`kitchen`, or taken here) and a stale plan
    is rebuilt there; a read outside one plans in memory instead, writing nothing.
    """
    state = kitchen.state if kitchen is not None else _state()
    if state.planned_for != today:
        if kitchen is None and not transaction.get_connection().in_atomic_block:
            return planned_figures(today)
        kitchen = kitchen or KitchenLock(today)
        _keep(kitchen, today)
        state = kitchen.state
    return kept_figures(start=start, end=end, state=state)


def rebuild_kitchen_plan(now=None):
    """Rebuild the kept figures from the full planner; return (figures kept before, figures now)."""
    today = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        kitchen = KitchenLock(today)
        before = kept_figures(state=kitchen.state)
        stale = kitchen.state.planned_for != today
        after = planned_figures(today, calendar=kitchen.calendar)
        _write(kitchen.state, after, today)
    return before, after, stale


def _state():
    state = KitchenPlan.objects.order_by("pk").first()
    return state if state is not None else KitchenPlan.objects.create()


def _comes_last(line, state):
    if state.last_order is None:
        return True
    return (line.placed_at, line.order) > (state.last_placed_at, state.last_order)


def _add_order(lines, state, today, calendar):
    """Give one new order, last in the queue, the minutes the full plan would give it."""
    spare = {int(product): units for product, units in state.spare_made.items()}
    demand, spare = demand_and_spare(lines, spare)
    first = lines[0]
    if demand:
        due = first.due
        work_days = calendar.work_days(today, due - timedelta(days=1))
        rows = {(row.day, row.period_id): row for row in KitchenDay.objects.filter(day__gte=today, day__lt=due)}
        promised = KitchenFigures(promised={key: row.promised_minutes for key, row in rows.items()})
        allocation = planning.place_last(demand, promised.free_by_day(work_days))
        if allocation is None:
            state.late = [*state.late, [first.order, first.period, due.isoformat()]]
        else:
            added = defaultdict(Fraction)
            for day, entry in allocation:
                added[day] += entry.minutes
            KitchenDay.objects.bulk_create(
                [
                    KitchenDay(
                        day=day,
                        period_id=first.period,
                        promised_minutes=(rows[(day, first.period)].promised_minutes if (day, first.period) in rows else 0) + minutes,
                    )
                    for day, minutes in added.items()
                ],
                update_conflicts=True,
                unique_fields=["day", "period"],
                update_fields=["promised_minutes"],
            )
    state.spare_made = {str(product): units for product, units in spare.items()}
    state.last_placed_at, state.last_order = first.placed_at, first.order
    state.save(update_fields=["late", "spare_made", "last_placed_at", "last_order"])


def _write(state, figures, today):
    KitchenDay.objects.all().delete()
    KitchenDay.objects.bulk_create(
        [KitchenDay(day=day, period_id=period, promised_minutes=minutes) for (day, period), minutes in figures.promised.items()],
        batch_size=1000,
    )
    state.planned_for = today
    state.late = [[order, period, due.isoformat()] for order, period, due in figures.late]
    state.spare_made = {str(product): units for product, units in figures.spare_made.items()}
    state.last_placed_at, state.last_order = figures.last if figures.last else (None, None)
    state.save()
