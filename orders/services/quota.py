"""What a PO period has used and has left: orders, orders today, units per product, work minutes.

One place for the arithmetic that the order service checks under its lock and that the period
page and the public page show. Read-only (inside a transaction it takes the kitchen's lock);
call `period_usage(period)`. Work minutes belong to one kitchen: a capacity-capped period's days
also carry the waiting orders of every other period.
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from orders.models import HoldLine, OrderLine
from orders.services import kitchen as kitchen_plan
from production import planning
from production.capacity import minutes_per_unit
from production.models import WorkCalendar


@dataclass
class ProductUsage:
    product: object
    unit_cap: int | None
    sold: int
    capacity_left: int | None = None  # units that the remaining work minutes still allow
    held: int = 0  # units that buyers hold while filling in the public form (they count like sold ones)

    @property
    def cap_left(self):
        return None if self.unit_cap is None else max(self.unit_cap - self.sold - self.held, 0)

    @property
    def left(self):
        """Units still on sale: the tightest of the unit cap and the capacity (None = no limit)."""
        limits = [value for value in (self.cap_left, self.capacity_left) if value is not None]
        return min(limits) if limits else None


@dataclass
class PeriodUsage:
    period: object
    orders: int  # orders and holds: a hold counts as the order it will become
    orders_today: int
    products: dict = field(default_factory=dict)  # product_id -> ProductUsage
    minutes_available: Fraction | None = None
    minutes_used: Fraction = Fraction(0)  # this period's orders
    minutes_other: Fraction = Fraction(0)  # other periods' orders made on this period's days
    free_by_day: dict | None = None  # day -> minutes still free, after every period's orders so far

    @property
    def orders_left(self):
        cap = self.period.max_orders
        return None if cap is None else max(cap - self.orders, 0)

    @property
    def orders_today_left(self):
        cap = self.period.max_orders_per_day
        return None if cap is None else max(cap - self.orders_today, 0)

    @property
    def minutes_left(self):
        """Minutes the production days still have free, after every period's orders."""
        if self.free_by_day is None:
            return None
        return sum(self.free_by_day.values(), start=Fraction(0))

    @property
    def is_full(self):
        """True when no further order could be accepted by any cap."""
        if self.orders_left == 0 or self.orders_today_left == 0:
            return True
        return bool(self.products) and all(item.left == 0 for item in self.products.values())


def units_sold(period, product_ids=None):
    """{product_id: row} over the period's active orders; row has units and the product's batch sizes.

    With `product_ids`, only those products are summed.
    """
    lines = OrderLine.objects.filter(order__period=period, from_stock=False)
    if product_ids is not None:
        lines = lines.filter(product_id__in=product_ids)
    rows = (
        lines.exclude(order__fulfilment_status="cancelled")
        .values("product_id", "product__units_per_batch", "product__minutes_per_batch")
        .annotate(units=Sum("quantity"))
    )
    return {row["product_id"]: row for row in rows}


def held_now(period, now):
    """(holds, {product_id: units}) held on the public form at `now`, in one query.

    orders.models.Hold: each hold counts as one order; an expired one no longer counts.
    """
    holds, units = set(), {}
    for hold, product, quantity in HoldLine.objects.filter(hold__in=period.holds.active(now)).values_list("hold_id", "product_id", "quantity"):
        holds.add(hold)
        units[product] = units.get(product, 0) + quantity
    return len(holds), units


def minutes_used(sold):
    return sum(
        (
            row["units"]
            * minutes_per_unit(units_per_batch=row["product__units_per_batch"], minutes_per_batch=row["product__minutes_per_batch"])
            for row in sold.values()
        ),
        start=Fraction(0),
    )


def production_days(period):
    """The period's WorkDays: from the day after the close to the day before delivery."""
    return WorkCalendar.load().work_days(period.first_production_day, period.delivery_date - timedelta(days=1))


def capacity_minutes(period):
    """Work minutes the calendar gives from the day after the close to the day before delivery."""
    return sum((day.minutes for day in production_days(period)), start=Fraction(0))


@dataclass
class KitchenDays:
    """What the kitchen's plan leaves on a period's production days."""

    free: dict  # day -> minutes still free once every waiting order is planned
    other_minutes: Fraction  # minutes the plan gives other periods' orders on these days


def kitchen_days(period, *, today, calendar, ignore_order=None, count_other=True, kitchen=None):
    """The period's production days with what the kitchen's plan leaves free on each.

    One kitchen for every period: the waiting orders of all periods, fixed-date and made to
    order, are planned first come first served from today (orders.services.kitchen keeps that
    plan's minutes per day between orders). A new order comes last in that queue, so what fits
    in these free minutes is what the plan can make. Days already past have nothing left to
    give. `ignore_order` (an order id) is left out of the plan: the order being moved here from
    another period must not take its minutes twice (that plans the whole queue afresh). Without
    `count_other` the minutes given to other periods are not summed. `kitchen` is the KitchenLock the
    caller holds (orders.services.kitchen). Returns (WorkDays, KitchenDays).
    """
    first, delivery = period.first_production_day, period.delivery_date
    days = calendar.work_days(first, delivery - timedelta(days=1))
    if ignore_order is None:
        figures = kitchen_plan.kitchen_figures(today, start=max(first, today), end=delivery, kitchen=kitchen)
    else:
        figures = kitchen_plan.planned_figures(today, calendar=calendar, ignore_order=ignore_order)
    # Over-promised already (e.g. a day was closed since): an order that needs these days, or one
    # of this period's, cannot be made in time, so nothing more is offered.
    if any(late_period == period.pk or first < due <= delivery for _order, late_period, due in figures.late):
        return days, KitchenDays(free={day.day: Fraction(0) for day in days}, other_minutes=Fraction(0))
    free = figures.free_by_day(day for day in days if day.day >= today)
    other = Fraction(0)
    if count_other:
        other = sum(
            (minutes for (day, owner), minutes in figures.promised.items() if owner != period.pk and first <= day < delivery),
            start=Fraction(0),
        )
    return days, KitchenDays(free={day.day: free.get(day.day, Fraction(0)) for day in days}, other_minutes=other)


def day_bounds(moment):
    """Start and end of the Jakarta calendar day that holds `moment`."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(moment), time.min))
    return start, start + timedelta(days=1)


def period_usage(period, *, now=None, offers=None, counts_for_caps_only=False, ignore_order=None, kitchen=None, with_kitchen=True):
    """Everything the caps of `period` have used and have left at `now`.

    With `counts_for_caps_only` the order counts and the units sold are only queried for the caps
    that are set (the order service under its lock needs no more); the others read 0. (The work
    minutes come from the kept kitchen plan, so a capacity-capped period sums no more products.)
    `ignore_order` leaves one order out of the kitchen's plan (see kitchen_days). `kitchen` is the
    KitchenLock the caller (the order service) already holds; inside a transaction without one the
    lock is taken here. With `with_kitchen=False` the work minutes are left out (None): the order
    service checks the cheaper caps first and adds them with add_kitchen_usage() only when needed.
    """
    now = now or timezone.now()
    skip = counts_for_caps_only
    usage = PeriodUsage(period=period, orders=0, orders_today=0)
    if offers is None:
        offers = list(period.offers.select_related("product").order_by("product__name"))
    # Holds count like orders (each one an order, today's, with its units), while they last; under
    # the order service's lock only when some counted cap is set.
    counted = period.max_orders is not None or period.max_orders_per_day is not None or any(o.unit_cap is not None for o in offers)
    holds, held = held_now(period, now) if counted or not skip else (0, {})
    if not (skip and period.max_orders is None):
        usage.orders = period.orders.active().count() + holds
    if not (skip and period.max_orders_per_day is None):
        start, end = day_bounds(now)
        usage.orders_today = period.orders.active().filter(placed_at__gte=start, placed_at__lt=end).count() + holds
    plans_capacity = period.capped_by_kitchen
    if skip:
        capped = [offer.product_id for offer in offers if offer.unit_cap is not None]
        sold = units_sold(period, product_ids=capped) if capped else {}
    else:
        sold = units_sold(period)
    for offer in offers:
        row = sold.get(offer.product_id)
        usage.products[offer.product_id] = ProductUsage(
            product=offer.product, unit_cap=offer.unit_cap, sold=row["units"] if row else 0, held=held.get(offer.product_id, 0)
        )
    if plans_capacity and with_kitchen:
        add_kitchen_usage(usage, now=now, ignore_order=ignore_order, kitchen=kitchen, count_other=not skip)
        usage.minutes_used = Fraction(0) if skip else minutes_used(sold)
    return usage


def add_kitchen_usage(usage, *, now=None, ignore_order=None, kitchen=None, count_other=True):
    """Fill in the work minutes of `usage` (a capacity-capped period's) from the kitchen's plan.

    Inside a transaction (the order service's) the kitchen's lock is taken before the other
    periods' orders are read, so their placing waits until this one is saved.
    """
    period = usage.period
    today = timezone.localdate(now or timezone.now())
    if kitchen is None and transaction.get_connection().in_atomic_block:
        kitchen = kitchen_plan.KitchenLock(today)
    calendar = kitchen.calendar if kitchen is not None else WorkCalendar.load()
    days, free = kitchen_days(period, today=today, calendar=calendar, ignore_order=ignore_order, count_other=count_other, kitchen=kitchen)
    usage.minutes_available = sum((day.minutes for day in days), start=Fraction(0))
    usage.free_by_day, usage.minutes_other = free.free, free.other_minutes
    for item in usage.products.values():
        item.capacity_left = planning.units_that_fit_days(usage.free_by_day, item.product.minutes_per_unit)
    return usage
