"""Growth figures per month and per PO period, and the cohort table: read-only, counted in the database.

The rules, each written once here:
- Only standing orders count (a cancelled order is no purchase); omzet is the sum of their lines.
- A customer is *new* in the month (or period) of their first standing order, *returning* in a
  later one. The first order is the earliest by order date: an order imported from an old sheet
  counts from the date in the sheet.
- *Repeat rate* at the end of a month: of every customer who had ordered by then, the share with
  two or more orders by then.
- *Also bought in the previous period*: of a period's customers, the share who had a standing
  order in the period that opened just before it.
- Months are calendar months in the shop's time zone (Asia/Jakarta).
Each query groups rows in the database; Python only walks the months and periods, never the orders.
"""
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from customers.models import Customer
from orders.models import Order, PreorderPeriod

MONTHS_SHOWN = 12
PERIODS_SHOWN = 12


@dataclass
class Row:
    """One month's or one period's figures."""

    label: object  # a date (the month's first day) or a PreorderPeriod
    customers: int = 0
    new: int = 0
    orders: int = 0
    omzet: int = 0
    omzet_growth: object = None  # percent against the row before, None when that had no omzet
    repeat_rate: object = None  # months: percent of customers so far with 2+ orders
    also_previous: int = 0  # periods: customers who also bought in the previous period
    also_previous_rate: object = None

    @property
    def returning(self):
        return self.customers - self.new

    @property
    def average_order(self):
        return self.omzet // self.orders if self.orders else 0


def percent(part, whole):
    """part / whole in percent, one decimal; None when whole is 0."""
    return None if not whole else round(100 * part / whole, 1)


def growth(now_value, before):
    return None if not before else round(100 * (now_value - before) / before, 1)


def _standing():
    return Order.objects.active()


def _nth_order(field, position):
    """A subquery: `field` of the customer's standing order number `position` (0 = first), by order date."""
    ordered = _standing().filter(customer=OuterRef("pk")).order_by("placed_at", "pk")
    return Subquery(ordered.values(field)[position : position + 1])


def _first_order_at_of_order_customer():
    ordered = _standing().filter(customer=OuterRef("customer")).order_by("placed_at", "pk")
    return Subquery(ordered.values("placed_at")[:1])


def _month_key(moment):
    """The month a TruncMonth value stands for, as the month's first day (a date)."""
    if moment is None:
        return None
    if hasattr(moment, "tzinfo") and moment.tzinfo is not None:
        moment = timezone.localtime(moment)
    return date(moment.year, moment.month, 1)


def _add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _months_between(first, last):
    months, month = [], first
    while month <= last:
        months.append(month)
        month = _add_months(month, 1)
    return months


def _omzet():
    return Sum(F("lines__quantity") * F("lines__unit_price"), default=0)


def monthly(today=None, months=MONTHS_SHOWN):
    """Rows for the last `months` calendar months up to today's, oldest first."""
    today = today or timezone.localdate()
    last = date(today.year, today.month, 1)
    shown = _months_between(_add_months(last, -(months - 1)), last)
    window = timezone.make_aware(datetime(*_add_months(shown[0], -1).timetuple()[:3]))
    per_month = {
        _month_key(row["month"]): row
        for row in _standing()
        .filter(placed_at__gte=window)
        .annotate(month=TruncMonth("placed_at"))
        .values("month")
        .annotate(orders=Count("id", distinct=True), customers=Count("customer", distinct=True), omzet=_omzet())
    }
    firsts = _customers_by_month(0)
    seconds = _customers_by_month(1)
    rows, ordered_so_far, repeat_so_far, omzet_before = [], 0, 0, None
    before_shown = _add_months(shown[0], -1)
    ordered_so_far = sum(n for month, n in firsts.items() if month <= before_shown)
    repeat_so_far = sum(n for month, n in seconds.items() if month <= before_shown)
    previous = per_month.get(before_shown)
    omzet_before = previous["omzet"] if previous else 0
    for month in shown:
        found = per_month.get(month, {})
        ordered_so_far += firsts.get(month, 0)
        repeat_so_far += seconds.get(month, 0)
        row = Row(
            label=month,
            customers=found.get("customers", 0),
            new=firsts.get(month, 0),
            orders=found.get("orders", 0),
            omzet=found.get("omzet", 0),
            repeat_rate=percent(repeat_so_far, ordered_so_far),
        )
        row.omzet_growth = growth(row.omzet, omzet_before)
        omzet_before = row.omzet
        rows.append(row)
    return rows


def _customers_by_month(position):
    """{month: customers whose standing order number `position` (0 = first) falls in that month}."""
    counted = (
        Customer.objects.annotate(moment=_nth_order("placed_at", position))
        .exclude(moment=None)
        .annotate(month=TruncMonth("moment"))
        .values("month")
        .annotate(n=Count("id"))
    )
    return {_month_key(row["month"]): row["n"] for row in counted}


def per_period(periods=PERIODS_SHOWN):
    """Rows for the newest `periods` PO periods that have orders, in the order they opened."""
    ordered = list(PreorderPeriod.objects.filter(orders__in=_standing()).distinct().order_by("opens_at", "pk"))
    figures = {
        row["period"]: row
        for row in _standing()
        .values("period")
        .annotate(orders=Count("id", distinct=True), customers=Count("customer", distinct=True), omzet=_omzet())
    }
    new = {
        row["first_period"]: row["n"]
        for row in Customer.objects.annotate(first_period=_nth_order("period", 0))
        .exclude(first_period=None)
        .values("first_period")
        .annotate(n=Count("id"))
    }
    start = max(len(ordered) - periods, 0)
    rows = []
    for index in range(start, len(ordered)):
        period = ordered[index]
        found = figures.get(period.pk, {})
        row = Row(
            label=period,
            customers=found.get("customers", 0),
            new=new.get(period.pk, 0),
            orders=found.get("orders", 0),
            omzet=found.get("omzet", 0),
        )
        if index > 0:
            before = ordered[index - 1]
            row.also_previous = _also_bought_in(period, before)
            row.also_previous_rate = percent(row.also_previous, row.customers)
            row.omzet_growth = growth(row.omzet, figures.get(before.pk, {}).get("omzet", 0))
        rows.append(row)
    return rows


def _also_bought_in(period, before):
    """Customers with a standing order in `period` and one in `before`."""
    earlier = _standing().filter(period=before).values("customer")
    return _standing().filter(period=period, customer__in=earlier).values("customer").distinct().count()


@dataclass
class Cohort:
    month: date
    size: int
    still_ordering: list  # [customers ordering k months after the first, for k = 0, 1, …]

    def rates(self):
        return [percent(n, self.size) for n in self.still_ordering]


def cohorts(today=None, months=MONTHS_SHOWN):
    """Customers by month of first order × how many ordered again k months later (k = 0 … up to today)."""
    today = today or timezone.localdate()
    last = date(today.year, today.month, 1)
    first_shown = _add_months(last, -(months - 1))
    counted = (
        _standing()
        .filter(placed_at__gte=timezone.make_aware(datetime(*first_shown.timetuple()[:3])))
        .annotate(cohort=TruncMonth(_first_order_at_of_order_customer()), month=TruncMonth("placed_at"))
        .values("cohort", "month")
        .annotate(n=Count("customer", distinct=True))
    )
    cells = {(_month_key(row["cohort"]), _month_key(row["month"])): row["n"] for row in counted}
    found = []
    for month in _months_between(first_shown, last):
        size = cells.get((month, month), 0)
        if not size:
            continue
        later = _months_between(month, last)
        found.append(Cohort(month=month, size=size, still_ordering=[cells.get((month, m), 0) for m in later]))
    return found
