"""What the shop knows about each customer from their orders: the one place these facts are computed.

Every figure counts standing orders only (a cancelled order is no purchase). The first order is the
earliest order's date, whatever the customer record's creation date: a customer whose first order
came in from an old sheet was a customer since then. The list columns are annotations, so sorting
by total spent or filtering on "lapsed" happens in the database however many customers there are.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from customers.models import Customer
from orders.models import Channel, Order, OrderLine
from orders.selectors import open_balance

ACTIVE_ORDER = ~Q(orders__fulfilment_status="cancelled")
LAPSED_AFTER_DAYS = 60
LOYAL_FROM_ORDERS = 3
BIG_SPENDER_SHARE = 0.10  # the top tenth of customers by total spent
FAVOURITES_SHOWN = 3


def with_facts(customers=None):
    """Customers annotated with order_count, units, total_spent, average_order, first_order_at, last_order_at."""
    customers = Customer.objects.all() if customers is None else customers
    line_amount = F("orders__lines__quantity") * F("orders__lines__unit_price")
    annotated = customers.annotate(
        order_count=Count("orders", filter=ACTIVE_ORDER, distinct=True),
        units=Coalesce(Sum("orders__lines__quantity", filter=ACTIVE_ORDER), 0),
        total_spent=Coalesce(Sum(line_amount, filter=ACTIVE_ORDER), 0),
        first_order_at=Min("orders__placed_at", filter=ACTIVE_ORDER),
        last_order_at=Max("orders__placed_at", filter=ACTIVE_ORDER),
    )
    # Whole Rupiah, rounded down; 0 for a customer without orders.
    return annotated.annotate(average_order=Coalesce(F("total_spent") / NullIf(F("order_count"), 0), 0))


def month_start(today):
    """The first moment of `today`'s month in the shop's time zone."""
    return timezone.make_aware(timezone.datetime(today.year, today.month, 1))


def lapsed_since(now=None, days=LAPSED_AFTER_DAYS):
    """The moment before which a last order counts as lapsed."""
    return (now or timezone.now()) - timedelta(days=days)


def filter_facts(customers, name, *, now=None):
    """Apply one of FILTERS by name to customers annotated by with_facts()."""
    now = now or timezone.now()
    if name == "new":
        return customers.filter(first_order_at__gte=month_start(timezone.localdate(now)))
    if name == "repeat":
        return customers.filter(order_count__gte=2)
    if name == "lapsed":
        return customers.filter(last_order_at__lt=lapsed_since(now))
    if name == "big":
        return customers.filter(total_spent__gte=big_spender_threshold(), total_spent__gt=0)
    return customers


def big_spender_threshold():
    """The total spent that puts a customer in the top BIG_SPENDER_SHARE of customers who ordered."""
    ordered = with_facts().filter(order_count__gt=0)
    count = ordered.count()
    if not count:
        return 0
    position = max(int(count * BIG_SPENDER_SHARE), 1) - 1
    return ordered.order_by("-total_spent").values_list("total_spent", flat=True)[position]


@dataclass
class CustomerFacts:
    order_count: int
    units: int
    total_spent: int
    average_order: int
    first_order_at: object
    last_order_at: object
    favourites: list  # [(product name, unit, units)]
    channel: str  # the channel of most of their orders, as shown
    open_balance: int
    is_repeat: bool


def facts_for(customer):
    """All the facts of one customer, for their page (a fixed handful of queries)."""
    row = with_facts(Customer.objects.filter(pk=customer.pk)).get()
    orders = Order.objects.active().filter(customer=customer)
    favourites = (
        OrderLine.objects.filter(order__in=orders)
        .values("product__name", "product__unit")
        .annotate(units=Sum("quantity"))
        .order_by("-units", "product__name")[:FAVOURITES_SHOWN]
    )
    channel = orders.values("channel").annotate(n=Count("id")).order_by("-n", "channel").first()
    return CustomerFacts(
        order_count=row.order_count,
        units=row.units,
        total_spent=row.total_spent,
        average_order=row.average_order,
        first_order_at=row.first_order_at,
        last_order_at=row.last_order_at,
        favourites=[(item["product__name"], item["product__unit"], item["units"]) for item in favourites],
        channel=Channel(channel["channel"]).label if channel else "",
        open_balance=open_balance(customer),
        is_repeat=row.order_count > 1,
    )

