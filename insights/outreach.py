"""The lists to act on: who to win back, who has gone quiet, who to thank. Read-only selectors.

Every list leaves out customers marked "jangan dihubungi" (Customer.do_not_contact): the one rule,
in `contactable`, that every list and every contact export goes through.
"""
from django.db.models import Q
from django.utils import timezone

from customers.models import Customer
from insights.customer_facts import LAPSED_AFTER_DAYS, LOYAL_FROM_ORDERS, lapsed_since, with_facts
from orders.models import Order, PreorderPeriod

LISTS = ("missed", "inactive", "loyal")


def contactable(customers=None):
    """Customers the shop may message: everyone not marked 'jangan dihubungi'."""
    customers = Customer.objects.all() if customers is None else customers
    return customers.filter(do_not_contact=False)


def missed_since(period):
    """Who ordered in `period` and has not ordered in any period that opened after it."""
    standing = Order.objects.active()
    # Plain IN subqueries: computed once, not once per order row the facts join in.
    ordered_then = standing.filter(period=period).values("customer")
    ordered_later = standing.filter(period__opens_at__gt=period.opens_at).values("customer")
    return with_facts(contactable().filter(pk__in=ordered_then).exclude(pk__in=ordered_later))


def inactive(days=LAPSED_AFTER_DAYS, now=None):
    """Who ordered before but not in the last `days` days."""
    return with_facts(contactable()).filter(last_order_at__lt=lapsed_since(now, days))


def loyal(min_orders=LOYAL_FROM_ORDERS):
    """Who has `min_orders` or more standing orders."""
    return with_facts(contactable()).filter(order_count__gte=min_orders)


def default_missed_period(now=None):
    """The period to win customers back from: the last closed Lebaran PO, else the last closed PO."""
    closed = PreorderPeriod.objects.filter(Q(closes_at__lte=now or timezone.now()) | Q(closed_manually=True))
    closed = closed.order_by("-opens_at", "-pk")
    return closed.filter(name__icontains="lebaran").first() or closed.first()


def inviting_period(now=None):
    """The PO to invite customers to: the newest open one, else the next to open; None when there is none."""
    now = now or timezone.now()
    return (
        PreorderPeriod.objects.open_at(now).order_by("-opens_at", "-pk").first()
        or PreorderPeriod.objects.upcoming(now).order_by("opens_at", "pk").first()
    )
