"""Reads for pages: what a page shows, in a fixed number of queries. No writes here.

The public page's "sisa" (units left) is the one read that runs on every visit in the busiest
minute, so it is cached per period (orders/stock_cache.py) and forgotten whenever an order changes.
"""
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from orders.models import PeriodProduct, PreorderPeriod
from orders.services.quota import period_usage
from orders.stock_cache import cached_stock


@dataclass
class StockItem:
    """One product on the public page and the units still on sale (None = no limit)."""

    product: object
    left: int | None


@dataclass
class PublicStock:
    items: list  # StockItem per offer, by product name
    is_full: bool  # no further order could be accepted by any cap


def period_with_offers(slug):
    """The period with this public link and its offers by product name (each with .product): 404 if none."""
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
        return {"left": {pid: item.left for pid, item in usage.products.items()}, "full": usage.is_full}

    cached = cached_stock(period, compute)
    return PublicStock(
        items=[StockItem(product=offer.product, left=cached["left"].get(offer.product_id)) for offer in offers],
        is_full=cached["full"],
    )
