"""Reads for pages: what a page shows, in a fixed number of queries. No writes here.

The public page's "sisa" (units left) is the one read that runs on every visit in the busiest
minute, so it is cached per period (orders/stock_cache.py) and forgotten whenever an order changes.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models import FulfilmentStatus, Order, Payment, PaymentStatus, PeriodProduct, PreorderPeriod
from orders.services.quota import period_usage
from orders.stock_cache import cached_page, cached_stock


@dataclass
class StockItem:
    """One product on the public page and the units still on sale (None = no limit)."""

    product: object
    left: int | None
    held: int = 0  # units buyers hold on the form now (they come back if not ordered)


@dataclass
class PublicStock:
    items: list  # StockItem per offer, by product name
    is_full: bool  # no further order could be accepted by any cap
    held: bool = False  # some units are held by buyers filling in the form (they may come free)


def period_with_offers(slug):
    """The period with this public link and its offers by product name (each with .product): 404 if none.

    Cached for a few seconds (orders/stock_cache.py): every visitor of the busiest minute asks for it.
    """
    return cached_page(slug, lambda: _read_period_with_offers(slug))


def _read_period_with_offers(slug):
    offers = list(PeriodProduct.objects.filter(period__slug=slug).select_related("period", "product").order_by("product__name"))
    if not offers:
        return get_object_or_404(PreorderPeriod, slug=slug), []
    period = offers[0].period
    for offer in offers:
        offer.period = period
    return period, offers


def public_stock(period, offers):
    """What the public page shows of `period`'s caps: units left per offer and whether it is full."""

    def compute():
        usage = period_usage(period, offers=offers, counts_for_caps_only=True)
        return {
            "left": {pid: item.left for pid, item in usage.products.items()},
            "full": usage.is_full,
            "held": {pid: item.held for pid, item in usage.products.items() if item.held},
        }

    cached = cached_stock(period, compute)
    return PublicStock(
        items=[
            StockItem(product=offer.product, left=cached["left"].get(offer.product_id), held=cached.get("held", {}).get(offer.product_id, 0))
            for offer in offers
        ],
        is_full=cached["full"],
        held=bool(cached.get("held")),
    )


def home_summary(now, *, periods=5, upcoming=3):
    """The start page's figures: open periods with their usage, what opens next, unpaid and due soon."""
    today = timezone.localdate(now)
    open_periods = PreorderPeriod.objects.open_at(now).order_by("closes_at")[:periods]
    to_deliver = Order.objects.not_delivered()
    return {
        "usages": [period_usage(period, now=now) for period in open_periods],
        "upcoming": PreorderPeriod.objects.upcoming(now).order_by("opens_at")[:upcoming],
        "unpaid_count": Order.objects.owing().count(),
        "today_count": to_deliver.filter(delivery_date=today).count(),
        "tomorrow_count": to_deliver.filter(delivery_date=today + timedelta(days=1)).count(),
        "today": today,
        "tomorrow": today + timedelta(days=1),
    }


TEAM_HINT_DAYS = 28
# Seed 002's guidance: (most orders a day, who it takes), a hint for the owner, not a rule.
TEAM_SIZE_GUIDANCE = (
    (10, _("Up to 10 orders a day: the owner can run it alone.")),
    (30, _("10–30 orders a day: one helper for customer service (CS).")),
    (50, _("30–50 orders a day: two CS, plus someone for marketing and one for shipping.")),
    (None, _("More than 50 orders a day: a team per task (CS, marketing, production, shipping, finance).")),
)


def team_advice(orders_per_day):
    """The guidance line for this many orders a day."""
    for most, advice in TEAM_SIZE_GUIDANCE:
        if most is None or orders_per_day <= most:
            return advice


def team_size_hint(now):
    """Standing orders a day over the last four weeks, and the guidance for that volume."""
    count = Order.objects.active().filter(placed_at__gte=now - timedelta(days=TEAM_HINT_DAYS), placed_at__lt=now).count()
    per_day = round(count / TEAM_HINT_DAYS, 1)
    return {"orders_per_day": per_day, "advice": team_advice(per_day)}


def period_orders(period, limit):
    """The period's newest orders with their totals, customers and lines, for its page."""
    return (
        period.orders.with_totals()
        .select_related("customer")
        .prefetch_related("lines__product")
        .order_by("-placed_at")[:limit]
    )


def unpaid_orders():
    """Standing orders with something still to pay (Belum Bayar or DP), oldest first, ready for a table."""
    return list(
        Order.objects.owing()
        .select_related("customer", "period")
        .prefetch_related("lines__product")
        .with_totals()
        .order_by("placed_at")
    )


def overdue_orders(period=None, now=None):
    """Unpaid, standing orders placed longer ago than their period's payment deadline (oldest first)."""
    orders = (
        Order.objects.filter(payment_status=PaymentStatus.UNPAID, period__payment_deadline_hours__isnull=False)
        .exclude(fulfilment_status=FulfilmentStatus.CANCELLED)
        .select_related("period", "customer")
        .order_by("placed_at")
    )
    if period is not None:
        orders = orders.filter(period=period)
    return [order for order in orders if order.is_overdue(now)]


# The payment ledger: what the order page, the finance queue (team) and customer facts (insights) read.


def order_ledger(order):
    """The order's ledger rows, oldest first, voided ones included (struck through on the page)."""
    return list(Payment.objects.filter(order=order).select_related("recorded_by", "verified_by", "voided_by"))


def payments_to_verify():
    """Live payments received that nobody has checked against the bank yet, rows with a proof first, oldest first."""
    return (
        Payment.objects.unverified()
        .select_related("order", "order__customer", "recorded_by")
        .order_by(models.Case(models.When(proof="", then=1), default=0), "received_on", "pk")
    )


def open_balance(customer):
    """What the customer still owes over their standing orders (Belum Bayar, DP), in whole Rupiah."""
    orders = Order.objects.owing().filter(customer=customer).with_totals()
    return sum(max(order.total_amount - order.amount_kept, 0) for order in orders)


def money_received(start, end):
    """{method: net Rupiah} of live ledger rows received on days in [start, end]: the cash to hand over."""
    rows = (
        Payment.objects.live()
        .filter(received_on__gte=start, received_on__lte=end)
        .values_list("method")
        .annotate(net=models.Sum("amount"))
        .order_by("method")
    )
    return dict(rows)


def editable_products(order):
    """(products the order may hold, {product pk: units it holds now}) for the edit form: the
    period's active offers and whatever the order has already, by name."""
    current = {}
    products = {}
    for line in order.lines.all():
        current[line.product_id] = current.get(line.product_id, 0) + line.quantity
        products[line.product_id] = line.product
    for offer in PeriodProduct.objects.filter(period_id=order.period_id, product__is_active=True).select_related("product"):
        products.setdefault(offer.product_id, offer.product)
    return sorted(products.values(), key=lambda product: product.name), current
