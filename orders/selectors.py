"""Reads for pages: what a page shows, in a fixed number of queries. No writes here.

The public page's "sisa" (units left) is the one read that runs on every visit in the busiest
minute, so it is cached per period (orders/stock_cache.py) and forgotten whenever an order changes.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone

from orders.models import FulfilmentStatus, Order, PaymentStatus, PeriodProduct, PreorderPeriod
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
