"""The week's or month's evaluation (laporan mingguan / bulanan): read-only figures over the rows below.

The rules, each written once here:
- The span is a calendar week (Monday–Sunday) or a calendar month in the shop's time zone; an
  order belongs to the span of its order date (placed_at).
- Only standing orders count (a cancelled order is no sale); omzet is the sum of their lines
  (quantity × the price copied onto the line), as on the growth page and in the monthly sheet.
- Paid is what those orders have received (amount paid less refunds); outstanding is omzet − paid.
- Stock in and out are the span's stock movements by kind (stock.models.MovementKind).
- A change against the previous span is in percent of that span's figure; none when it was 0.
- A day hits capacity when the kitchen's kept plan promises all of that day's work minutes.
Every figure is one grouped query; Python only walks the groups, so the query count does not grow
with the rows.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from django.db.models import Count, F, Sum
from django.utils import timezone

from insights.growth import growth, percent
from orders.models import Channel, KitchenDay, Order, OrderLine
from production.models import Product, WorkCalendar
from stock.models import MovementKind
from stock.selectors import moved_between

WEEK, MONTH = "week", "month"


@dataclass
class Span:
    kind: str
    first: date  # first day
    last: date  # last day (inclusive)

    @property
    def start(self):
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self):
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def previous(self):
        return span_of(self.kind, self.first - timedelta(days=1))

    def next(self):
        return span_of(self.kind, self.last + timedelta(days=1))


def span_of(kind, day):
    """The week (Monday first) or calendar month that holds `day`."""
    if kind == WEEK:
        first = day - timedelta(days=day.weekday())
        return Span(WEEK, first, first + timedelta(days=6))
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Span(MONTH, first, following - timedelta(days=1))


@dataclass
class Line:
    """One product's or one channel's figures in the span."""

    key: object  # a Product, or a Channel value
    label: str
    orders: int = 0
    units: int = 0
    omzet: int = 0
    share: object = None  # percent of the span's omzet


@dataclass
class Evaluation:
    span: Span
    orders: int = 0
    units: int = 0
    omzet: int = 0
    paid: int = 0
    products: list = field(default_factory=list)
    channels: list = field(default_factory=list)
    stock: dict = field(default_factory=dict)  # MovementKind value -> units (signed)
    full_days: list = field(default_factory=list)
    previous_omzet: int = 0
    previous_orders: int = 0

    @property
    def average_order(self):
        return self.omzet // self.orders if self.orders else 0

    @property
    def outstanding(self):
        return self.omzet - self.paid

    @property
    def omzet_change(self):
        return growth(self.omzet, self.previous_omzet)

    @property
    def orders_change(self):
        return growth(self.orders, self.previous_orders)

    @property
    def stock_in(self):
        return sum(units for kind, units in self.stock.items() if units > 0 and kind != MovementKind.CORRECTION)

    @property
    def stock_sold(self):
        return -self.stock.get(MovementKind.SALE, 0)

    @property
    def stock_wasted(self):
        return -self.stock.get(MovementKind.WASTE, 0)

    @property
    def top_channel(self):
        return max(self.channels, key=lambda line: line.omzet, default=None)


def _orders_in(span):
    return Order.objects.active().filter(placed_at__gte=span.start, placed_at__lt=span.end)


def _lines_in(span):
    return OrderLine.objects.filter(order__in=_orders_in(span))


def evaluate(span):
    """Every figure of the span, and the previous span's omzet and orders for the changes."""
    result = Evaluation(span)
    totals = _lines_in(span).aggregate(units=Sum("quantity", default=0), omzet=Sum(F("quantity") * F("unit_price"), default=0))
    money = _orders_in(span).aggregate(orders=Count("id"), paid=Sum(F("amount_paid") - F("amount_refunded"), default=0))
    result.orders, result.paid = money["orders"], money["paid"]
    result.units, result.omzet = totals["units"], totals["omzet"]

    per_product = _grouped(_lines_in(span), "product_id")
    names = Product.objects.in_bulk(list(per_product))
    result.products = sorted(
        (Line(names[pid], names[pid].name, **row) for pid, row in per_product.items()), key=lambda line: (-line.omzet, line.label)
    )
    per_channel = _grouped(_lines_in(span), "order__channel")
    result.channels = sorted(
        (Line(value, str(Channel(value).label), **row) for value, row in per_channel.items()), key=lambda line: (-line.omzet, line.label)
    )
    for line in result.products + result.channels:
        line.share = percent(line.omzet, result.omzet)

    stock = defaultdict(int)
    for (_product, kind), units in moved_between(span.start, span.end).items():
        stock[kind] += units
    result.stock = dict(stock)

    previous = span.previous()
    before = _lines_in(previous).aggregate(omzet=Sum(F("quantity") * F("unit_price"), default=0))
    result.previous_omzet = before["omzet"]
    result.previous_orders = _orders_in(previous).count()
    result.full_days = full_days(span)
    return result


def _grouped(lines, key):
    """{key: {orders, units, omzet}} of `lines` grouped by `key`, in one query."""
    rows = lines.values(key).annotate(
        orders=Count("order", distinct=True), units=Sum("quantity"), omzet=Sum(F("quantity") * F("unit_price"))
    )
    return {row[key]: {"orders": row["orders"], "units": row["units"], "omzet": row["omzet"]} for row in rows}


def full_days(span):
    """The span's days on which the kitchen's kept plan promises every work minute of the day."""
    promised = defaultdict(Fraction)
    for day, minutes in KitchenDay.objects.filter(day__gte=span.first, day__lte=span.last).values_list("day", "promised_minutes"):
        promised[day] += Fraction(minutes)
    if not promised:
        return []
    work = {day.day: day.minutes for day in WorkCalendar.load().work_days(span.first, span.last)}
    return sorted(day for day, minutes in promised.items() if work.get(day) and minutes >= work[day])
