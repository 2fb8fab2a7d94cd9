"""Writing stock movements. Every write locks the products' StockItem rows first.

On PostgreSQL the row lock queues two sales of the same jar; on SQLite the write queue
(common.locking) and BEGIN IMMEDIATE already let one writer in at a time. Under the lock the
shelf is summed from the movements (stock.selectors.on_hand) and a movement that would take
it below zero is refused, so the last jar is sold once.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from common.limits import MAX_QUANTITY
from common.numbers import UnreadableNumber, parse_whole_number
from common.locking import write_transaction
from production.models import Product
from stock.models import DIRECTION, MovementKind, StockCount, StockCountLine, StockItem, StockMovement
from stock.selectors import on_hand
from stock.services.errors import StockRefused

MAX_REASON = 200
MAX_PRODUCTS = 200  # products in one count or one sale


def take(*, lines, channel="", reference="", by=None, at=None):
    """Sell {product or id: quantity} from the shelf: one sale movement per product; return them.

    Refuses the whole sale ("stok Kastengel habis") when any product is short. Inside a caller's
    transaction (placing an order) the movements are part of it and vanish with it.
    """
    quantities = _quantities(lines)
    with write_transaction():
        items = _lock(quantities)
        shelf = on_hand(quantities)
        for product_id, quantity in quantities.items():
            left = shelf.get(product_id, 0)
            product = items[product_id].product
            if not product.is_active:
                raise StockRefused(_("%(product)s is not available at the moment.") % {"product": product.name})
            if quantity > left:
                if left <= 0:
                    raise StockRefused(_("%(product)s is out of stock.") % {"product": product.name})
                raise StockRefused(
                    _("Only %(left)s %(unit)s of %(product)s left in stock.")
                    % {"left": left, "unit": product.unit, "product": product.name}
                )
        return StockMovement.objects.bulk_create(
            StockMovement(
                product_id=product_id,
                kind=MovementKind.SALE,
                quantity=-quantity,
                channel=channel,
                reference=reference,
                by=_user(by),
                at=at or timezone.now(),
            )
            for product_id, quantity in quantities.items()
        )


def put_back(*, lines, reference="", reason="", by=None):
    """Return {product or id: quantity} to the shelf (a cancelled sale, a customer's return)."""
    quantities = _quantities(lines)
    with write_transaction():
        _lock(quantities)
        return StockMovement.objects.bulk_create(
            StockMovement(
                product_id=product_id,
                kind=MovementKind.RETURN,
                quantity=quantity,
                reference=reference,
                reason=_reason(reason),
                by=_user(by),
            )
            for product_id, quantity in quantities.items()
        )


def receive(*, product, quantity, by=None, reason="", reference=""):
    """Goods bought (or arrived from a supplier) go onto the shelf: one purchase movement."""
    return record_movement(product=product, kind=MovementKind.PURCHASE, quantity=quantity, by=by, reason=reason, reference=reference)


def add_made(*, product, quantity, by=None):
    """Units made in the kitchen ("Hari ini") go onto the shelf when the product is sold from stock.

    Returns the movement, or None when the product is not a ready-stock product.
    """
    if not StockItem.objects.filter(product_id=_pk(product)).exists():
        return None
    return record_movement(product=product, kind=MovementKind.PRODUCED, quantity=quantity, by=by)


def record_movement(*, product, kind, quantity, by=None, reason="", reference=""):
    """One movement typed by staff. `quantity` is the number of units (positive); the kind gives
    the direction. A correction takes a signed number (−3: three fewer than recorded)."""
    if kind not in DIRECTION:
        raise StockRefused(_("Unknown kind of stock movement."))
    quantity = _number(quantity)
    direction = DIRECTION[kind]
    if direction == 0:
        if quantity == 0:
            raise StockRefused(_("A correction of 0 changes nothing."))
        signed = quantity
    else:
        if quantity < 1:
            raise StockRefused(_("The quantity must be at least 1."))
        signed = direction * quantity
    if kind in (MovementKind.WASTE, MovementKind.CORRECTION) and not (reason or "").strip():
        raise StockRefused(_("Write down why (e.g. broken jar, expired, counted wrong)."))
    product_id = _pk(product)
    with write_transaction():
        item = _lock({product_id: 1})[product_id]
        if not item.product.is_active:
            raise StockRefused(_("%(product)s is not active: activate it before moving its stock.") % {"product": item.product.name})
        if signed < 0:
            left = on_hand([product_id]).get(product_id, 0)
            if left + signed < 0:
                raise StockRefused(
                    _("Only %(left)s %(unit)s of %(product)s in stock: the stock cannot go below zero.")
                    % {"left": left, "unit": item.product.unit, "product": item.product.name}
                )
        return StockMovement.objects.create(
            product_id=product_id, kind=kind, quantity=signed, reason=_reason(reason), reference=reference[:40], by=_user(by)
        )


def count_shelf(*, counted, by=None, reason="", note=""):
    """A stock count: {product or id: units on the shelf}. Each difference becomes a correction.

    Returns the StockCount with its lines; products not in `counted` are left as they are.
    """
    shelf_counts = {}
    for product, units in (counted.items() if hasattr(counted, "items") else counted):
        units = _number(units)
        if units < 0:
            raise StockRefused(_("A count cannot be negative."))
        if units > MAX_QUANTITY:
            raise StockRefused(_("At most %(max)s units per product.") % {"max": MAX_QUANTITY})
        shelf_counts[_pk(product)] = units
    if not shelf_counts:
        raise StockRefused(_("Type what is on the shelf for at least one product."))
    if len(shelf_counts) > MAX_PRODUCTS:
        raise StockRefused(_("Too many products in one count."))
    with write_transaction():
        items = _lock(shelf_counts)
        recorded = on_hand(shelf_counts)
        differs = [pid for pid, units in shelf_counts.items() if units != recorded.get(pid, 0)]
        if differs and not (reason or "").strip():
            raise StockRefused(_("The shelf differs from the records: write down why (e.g. broken jar, counted wrong)."))
        stock_count = StockCount.objects.create(by=_user(by), note=(note or "").strip()[:MAX_REASON])
        StockCountLine.objects.bulk_create(
            StockCountLine(count=stock_count, product_id=pid, expected=recorded.get(pid, 0), counted=units)
            for pid, units in shelf_counts.items()
        )
        StockMovement.objects.bulk_create(
            StockMovement(
                product_id=pid,
                kind=MovementKind.CORRECTION,
                quantity=shelf_counts[pid] - recorded.get(pid, 0),
                reason=_reason(reason),
                count=stock_count,
                by=_user(by),
                at=stock_count.at,
            )
            for pid in sorted(differs, key=lambda pid: items[pid].product.name)
        )
    return stock_count


def _lock(product_ids):
    """{product_id: StockItem} of the products, locked until the transaction ends, in id order
    (so two sales of the same two products cannot deadlock). Refuses a product not sold from stock."""
    ids = sorted(product_ids)
    locked = StockItem.objects.select_for_update().filter(product_id__in=ids).select_related("product").order_by("product_id")
    items = {item.product_id: item for item in locked}
    missing = [pid for pid in ids if pid not in items]
    if missing:
        names = ", ".join(Product.objects.filter(pk__in=missing).values_list("name", flat=True))
        if names:
            raise StockRefused(_("%(product)s is not sold from ready stock.") % {"product": names})
        raise StockRefused(_("Unknown product."))
    return items


def _quantities(lines):
    """{product_id: quantity} from a mapping or pairs; refuse empty, zero, negative or huge amounts."""
    quantities = {}
    for product, quantity in (lines.items() if hasattr(lines, "items") else lines):
        quantity = _number(quantity)
        if quantity < 1:
            raise StockRefused(_("Each quantity must be at least 1."))
        product_id = _pk(product)
        quantities[product_id] = quantities.get(product_id, 0) + quantity
        if quantities[product_id] > MAX_QUANTITY:
            raise StockRefused(_("At most %(max)s units per product.") % {"max": MAX_QUANTITY})
    if not quantities:
        raise StockRefused(_("Choose at least one product."))
    if len(quantities) > MAX_PRODUCTS:
        raise StockRefused(_("Too many products at once."))
    return quantities


def _number(value):
    try:
        number = parse_whole_number(value)
    except UnreadableNumber:
        raise StockRefused(_("Write the number of units, e.g. 12.")) from None
    if abs(number) > MAX_QUANTITY:
        raise StockRefused(_("At most %(max)s units per product.") % {"max": MAX_QUANTITY})
    return number


def _pk(product):
    pk = getattr(product, "pk", product)
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise StockRefused(_("Unknown product.")) from None


def _reason(reason):
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise StockRefused(_("The reason is too long (at most %(max)s characters).") % {"max": MAX_REASON})
    return reason


def _user(by):
    return by if by is not None and by.is_authenticated else None
