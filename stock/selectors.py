"""Reads of ready stock for pages and services: the one place the shelf's quantity is computed."""
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from stock.models import StockCount, StockItem, StockMovement


def on_hand(product_ids):
    """{product_id: units on the shelf}: the sum of each product's movements (0 when none)."""
    ids = [getattr(pid, "pk", pid) for pid in product_ids]
    sums = StockMovement.objects.filter(product_id__in=ids).values("product_id").annotate(units=Sum("quantity"))
    shelf = {pid: 0 for pid in ids}
    shelf.update({row["product_id"]: row["units"] for row in sums})
    return shelf


def stock_items():
    """Every ready-stock product with `units` (on the shelf) and `is_low`, by name; one query."""
    items = list(
        StockItem.objects.select_related("product")
        .annotate(units=Coalesce(Sum("product__stock_movements__quantity"), 0))
        .order_by("product__name")
    )
    for item in items:
        item.is_low = item.low_level > 0 and item.units <= item.low_level
    return items


def low_stock():
    """Active ready-stock products at or below their low-stock level, fewest first (the home page's list)."""
    return sorted(
        (item for item in stock_items() if item.is_low and item.product.is_active),
        key=lambda item: (item.units, item.product.name),
    )


def sellable():
    """Active ready-stock products with units on the shelf (what the counter and the public page offer)."""
    return [item for item in stock_items() if item.product.is_active and item.units > 0]


def movements(product=None, *, limit=50):
    """The latest movements (of one product, or all), newest first, with product and user."""
    rows = StockMovement.objects.select_related("product", "by", "count")
    if product is not None:
        rows = rows.filter(product=product)
    return list(rows[:limit])


def counts(*, limit=20):
    """The latest stock counts with their lines, newest first."""
    return list(StockCount.objects.select_related("by").prefetch_related("lines__product")[:limit])


def moved_between(start, end):
    """{(product_id, kind): units} of the movements from `start` (inclusive) to `end` (exclusive)."""
    rows = (
        StockMovement.objects.filter(Q(at__gte=start) & Q(at__lt=end))
        .values("product_id", "kind")
        .annotate(units=Sum("quantity"))
    )
    return {(row["product_id"], row["kind"]): row["units"] for row in rows}
