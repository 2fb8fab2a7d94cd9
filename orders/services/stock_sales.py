"""Orders sold from ready stock: the book they are kept in and the shelf moves that go with them.

place_order takes `stock_lines` beside its PO lines (orders.services.placing); these helpers
are what it and the cancelling of an order call, inside their transaction, so an order and its
stock movements are saved (or refused) together.
"""
from datetime import date, datetime, timezone as dt_timezone

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from orders.models import OrderLine, PreorderPeriod
from orders.services.errors import OrderRefused
from production.models import Product
from stock.services import StockRefused, put_back, take

READY_STOCK_SLUG = "stok"  # reserved (orders.models.RESERVED_SLUGS): no PO period can take it


def ready_stock_period():
    """The hidden period that holds orders sold from ready stock only (created on first use)."""
    period = PreorderPeriod.every.filter(holds_ready_stock=True).first()
    if period is not None:
        return period
    with translation.override("id"):
        name = _("Ready stock")
    try:
        with transaction.atomic():
            return PreorderPeriod.every.create(
                name=name,
                slug=READY_STOCK_SLUG,
                opens_at=datetime(2000, 1, 1, tzinfo=dt_timezone.utc),
                closes_at=datetime(2100, 1, 1, tzinfo=dt_timezone.utc),
                delivery_date=date(2100, 1, 1),
                holds_ready_stock=True,
            )
    except IntegrityError:  # another order created it a moment ago
        return PreorderPeriod.every.get(holds_ready_stock=True)


def take_from_shelf(quantities, *, channel, code, by):
    """Take {product_id: qty} off the shelf for order `code`; {product_id: Product}. OrderRefused if short."""
    try:
        movements = take(lines=quantities, channel=channel, reference=code, by=by)
    except StockRefused as refused:
        raise OrderRefused(refused.message) from None
    return Product.objects.in_bulk([movement.product_id for movement in movements])


def return_to_shelf(order, *, by=None, reason=""):
    """Put a cancelled order's ready-stock units back on the shelf (nothing when it has none)."""
    lines = {}
    for product_id, quantity in OrderLine.objects.filter(order=order, from_stock=True).values_list("product_id", "quantity"):
        lines[product_id] = lines.get(product_id, 0) + quantity
    if lines:
        put_back(lines=lines, reference=order.code, reason=reason, by=by)
