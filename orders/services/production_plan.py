"""The orders side of the production plan: demand from the order book, done production back in.

The planner itself is pure (production.planning); this module only reads orders and turns them
into DemandItems, and subtracts what the kitchen already marked made.
"""
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from typing import NamedTuple

from django.db.models import Sum

from orders.models import FulfilmentStatus, Order, OrderLine
from production import planning
from production.capacity import minutes_per_unit
from production.models import ProductionDone, WorkCalendar

# Units marked made this many days back still count as made, until their orders are packed.
STOCK_DAYS = 7
# The plan always looks this far ahead, so that orders due later but made early (their own
# days being full) still show on the days asked for.
HORIZON_DAYS = 60


@dataclass
class OrderPlan:
    """The plan, with the orders and products it speaks of, ready for a page."""

    plan: planning.Plan
    orders: dict  # order pk -> Order
    products: dict  # product pk -> Product
    start: object
    end: object
    made: dict  # product pk -> units made but not yet packed, taken off the demand


def waiting_orders(*, after, until, period=None):
    """Active orders not yet packed, delivered after `after` and up to `until`."""
    orders = Order.objects.filter(
        fulfilment_status=FulfilmentStatus.PENDING, delivery_date__gt=after, delivery_date__lte=until
    ).exclude(period__holds_ready_stock=True)  # sold from the shelf: nothing to make
    if period is not None:
        orders = orders.filter(period=period)
    return orders.select_related("customer").prefetch_related("lines__product").order_by("placed_at", "pk")


class WaitingLine(NamedTuple):
    """One line of an order still to make, as plain values."""

    order: int
    period: int
    placed_at: object
    due: object
    product: int
    quantity: int
    minutes_per_unit: Fraction
    keeps_days: int | None = None  # the product's shelf life


def waiting_lines(*, after, until=None):
    """WaitingLines of every active order not yet packed, delivered after `after` and up to
    `until` (None: however late), in queue order (placed_at): one query, for every period at once."""
    rows = OrderLine.objects.filter(
        order__fulfilment_status=FulfilmentStatus.PENDING, order__delivery_date__gt=after, from_stock=False
    )
    if until is not None:
        rows = rows.filter(order__delivery_date__lte=until)
    rows = (
        rows.order_by("order__placed_at", "order_id", "pk")
        .values_list(
            "order_id",
            "order__period_id",
            "order__placed_at",
            "order__delivery_date",
            "product_id",
            "quantity",
            "product__units_per_batch",
            "product__minutes_per_batch",
            "product__shelf_life_days",
        )
    )
    return [
        WaitingLine(order, period, placed_at, due, product, quantity, minutes_per_unit(units_per_batch=per_batch, minutes_per_batch=minutes), keeps)
        for order, period, placed_at, due, product, quantity, per_batch, minutes, keeps in rows
    ]


def order_waiting_lines(order):
    """The order's lines as WaitingLines, due on its delivery date (uses prefetched lines and products)."""
    return [
        WaitingLine(
            order.pk, order.period_id, order.placed_at, order.delivery_date, line.product_id, line.quantity,
            line.product.minutes_per_unit, line.product.shelf_life_days,
        )
        for line in order.lines.all()
        if not line.from_stock
    ]


def demand_for(orders, made=None):
    """DemandItems for `orders` (placed_at order), less the units already `made` per product."""
    return demand_from_lines((line for order in orders for line in order_waiting_lines(order)), made)


def demand_from_lines(lines, made=None):
    """DemandItems for WaitingLines (queue order), less the units already `made` per product.

    Made units go to the earliest orders first, as the planner does.
    """
    return demand_and_spare(lines, made)[0]


def demand_and_spare(lines, made=None):
    """(DemandItems, {product pk: made units no line took}) for WaitingLines in queue order."""
    made = dict(made or {})
    demand = []
    for line in lines:
        quantity = line.quantity
        taken = min(made.get(line.product, 0), quantity)
        if taken:
            made[line.product] -= taken
            quantity -= taken
        if quantity:
            demand.append(
                planning.DemandItem(
                    ref=line.order,
                    rank=(line.placed_at, line.order),
                    due=line.due,
                    product=line.product,
                    quantity=quantity,
                    minutes_per_unit=line.minutes_per_unit,
                    keeps_days=line.keeps_days,
                )
            )
    return demand, {product: units for product, units in made.items() if units > 0}


def promised_plan(lines, *, today, work_days):
    """The kitchen's plan of `lines` (waiting_lines after `today`), less what is made, over
    `work_days` (from today on). Every period shares these minutes: what the plan leaves free is
    what a new order, placed last, can still be given."""
    return planning.make_plan(demand_from_lines(lines, made_not_packed(today)), work_days)


def made_not_packed(today):
    """{product pk: units} marked made in the last days and not yet packed into an order."""
    since = today - timedelta(days=STOCK_DAYS)
    # Units made of a ready-stock product went onto its shelf (stock.services.add_made), not to orders.
    made = ProductionDone.objects.filter(day__gte=since, day__lte=today).exclude(product__stock_item__isnull=False)
    done = list(made.values("product_id").annotate(units=Sum("quantity")))
    if not done:  # nothing marked made: no need to count what was packed
        return {}
    packed = (
        OrderLine.objects.filter(
            order__fulfilment_status__in=[FulfilmentStatus.READY, FulfilmentStatus.SENT, FulfilmentStatus.PICKED_UP],
            order__delivery_date__gt=since,
            from_stock=False,
        )
        .values("product_id")
        .annotate(units=Sum("quantity"))
    )
    packed = {row["product_id"]: row["units"] for row in packed}
    stock = {row["product_id"]: row["units"] - packed.get(row["product_id"], 0) for row in done}
    return {pid: units for pid, units in stock.items() if units > 0}


def production_plan(*, start, end, period=None):
    """The plan for production days start..end.

    Every waiting order up to the horizon is planned (first come, first served), so a day shows
    all it makes, also for orders delivered later; only those due by the day after `end` are
    listed as late.
    """
    horizon = max(end, start + timedelta(days=HORIZON_DAYS - 1))
    orders = list(waiting_orders(after=start, until=horizon + timedelta(days=1), period=period))
    made = made_not_packed(start) if period is None else {}
    plan = planning.make_plan(demand_for(orders, made), WorkCalendar.load().work_days(start, horizon))
    plan.days = [day_plan for day_plan in plan.days if day_plan.day <= end]
    plan.late = [late for late in plan.late if late.due <= end + timedelta(days=1)]
    products = {line.product_id: line.product for order in orders for line in order.lines.all()}
    return OrderPlan(plan=plan, orders={order.pk: order for order in orders}, products=products, start=start, end=end, made=made)


def units_for_days(*, start, end):
    """{product pk: units} the plan makes from start to end (the kitchen's days)."""
    totals = {}
    for day_plan in production_plan(start=start, end=end).plan.days:
        for product_id, units in day_plan.totals().items():
            totals[product_id] = totals.get(product_id, 0) + units
    return totals


def units_for_period(period):
    """{product pk: units} ordered in a PO period (active orders)."""
    rows = (
        OrderLine.objects.filter(order__period=period, from_stock=False)
        .exclude(order__fulfilment_status=FulfilmentStatus.CANCELLED)
        .values("product_id")
        .annotate(units=Sum("quantity"))
    )
    return {row["product_id"]: row["units"] for row in rows}
