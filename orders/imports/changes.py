"""The sheet as the family's book: what an edited sheet changes in orders already in Prapesan.

For each sheet order matched to a book order (by Kode Pesanan or import key), `find_changes` lists
what differs — payment, delivery status, products and quantities, delivery date, address — and
`apply_changes` makes each change through the order services, so caps, rules and the history apply
as when a helper taps the button. A refused change is reported with the service's reason.
"""
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from orders import sheet_words
from orders.export import address_text, month_bounds
from orders.imports.cells import normal_key
from orders.models import DeliveryMethod, FulfilmentStatus, Order, PaymentStatus
from orders.money import rupiah
from orders.services import OrderRefused, cancel_order, correct_payment, mark_paid, refund, set_fulfilment
from orders.services.editing import change_address, change_lines
from orders.services.rescheduling import reschedule_order

NOTE = "Impor sheet"


@dataclass
class Change:
    kind: str  # payment, fulfilment, lines, date, address
    before: str
    after: str

    @property
    def column(self):
        """The sheet's column the change comes from."""
        return KIND_LABELS[self.kind]


@dataclass
class OrderChanges:
    """One book order and what the sheet changes in it."""

    order: object
    sheet_order: object
    changes: list = field(default_factory=list)

    @property
    def code(self):
        return self.order.code


def _payment_text(status, paid, show_amount):
    word = sheet_words.PAYMENT.get(status, status)
    return f"{word} {rupiah(paid)}" if show_amount and status in (PaymentStatus.DEPOSIT, PaymentStatus.PAID) else word


def _lines_text(pairs):
    return ", ".join(f"{quantity} × {name}" for name, quantity in sorted(pairs))


def find_changes(sheet_order, order):
    """What the sheet says differently about `order` (lines prefetched with their products)."""
    found = []
    sheet_lines = {}
    for line in sheet_order.lines:
        key = normal_key(line.product_name)
        name, quantity = sheet_lines.get(key, (line.product_name, 0))
        sheet_lines[key] = (name, quantity + line.quantity)
    book_lines = {}
    for line in order.lines.all():
        key = normal_key(line.product.name)
        name, quantity = book_lines.get(key, (line.product.name, 0))
        book_lines[key] = (name, quantity + line.quantity)
    if {key: quantity for key, (_name, quantity) in sheet_lines.items()} != {key: quantity for key, (_name, quantity) in book_lines.items()}:
        found.append(Change("lines", _lines_text(book_lines.values()), _lines_text(sheet_lines.values())))
    if sheet_order.delivery_date != order.delivery_date:
        found.append(Change("date", date_format(order.delivery_date, "j F Y"), date_format(sheet_order.delivery_date, "j F Y")))
    book_address = address_text(order.delivery_method, order.delivery_address)
    if normal_key(sheet_order.address) != normal_key(book_address) and not _both_pickup(sheet_order.address, order):
        found.append(Change("address", book_address, sheet_order.address))
    same_status = sheet_order.payment_status == order.payment_status
    if not same_status or (
        # DP with another amount, or Lunas over a total the sheet changed: the amount paid changes.
        sheet_order.payment_status in (PaymentStatus.DEPOSIT, PaymentStatus.PAID) and sheet_order.amount_paid != order.amount_paid
    ):
        show_amount = same_status or sheet_order.payment_status == PaymentStatus.DEPOSIT
        found.append(Change("payment", _payment_text(order.payment_status, order.amount_paid, show_amount),
                            _payment_text(sheet_order.payment_status, sheet_order.amount_paid, show_amount)))
    if sheet_order.fulfilment_status != order.fulfilment_status:
        found.append(Change("fulfilment", sheet_words.FULFILMENT[order.fulfilment_status], sheet_words.FULFILMENT[sheet_order.fulfilment_status]))
    return found


def _both_pickup(sheet_address, order):
    pickup = normal_key(sheet_words.DELIVERY[DeliveryMethod.PICKUP])
    return order.delivery_method == DeliveryMethod.PICKUP and not order.delivery_address and normal_key(sheet_address) in ("", pickup)


def apply_changes(item, *, known, by):
    """Make the sheet's changes to one order through the services; return [(change, reason)] of those refused.

    Lines and date go first (they may be refused by a cap), then address, payment and delivery status.
    """
    refused = []
    order = item.order
    for change in sorted(item.changes, key=lambda change: ORDER.index(change.kind)):
        try:
            order = APPLY[change.kind](order, item.sheet_order, known, by) or order
        except OrderRefused as error:
            refused.append((change, error.message))
    return refused


def _apply_lines(order, sheet_order, known, by):
    quantities, prices = {}, {}
    for line in sheet_order.lines:
        product = known.product(line.product_name)
        if product is None:
            raise OrderRefused(_("%(product)s is not a product in Prapesan yet; add it first.") % {"product": line.product_name})
        quantities[product] = quantities.get(product, 0) + line.quantity
        prices[product] = line.unit_price
    return change_lines(order, quantities=quantities, unit_prices=prices, by=by, note=NOTE, record_only=True)


def _apply_date(order, sheet_order, known, by):
    return reschedule_order(order, delivery_date=sheet_order.delivery_date, by=by, note=NOTE)


def _apply_address(order, sheet_order, known, by):
    pickup = normal_key(sheet_order.address) == normal_key(sheet_words.DELIVERY[DeliveryMethod.PICKUP])
    return change_address(order, address="" if pickup else sheet_order.address, by=by, note=NOTE)


def _apply_payment(order, sheet_order, known, by):
    status, paid = sheet_order.payment_status, sheet_order.amount_paid
    if status == PaymentStatus.REFUNDED:
        return refund(order, amount=sheet_order.amount_refunded or order.amount_paid, reason=NOTE, by=by)
    if status == PaymentStatus.PAID and order.payment_status != PaymentStatus.PAID:
        return mark_paid(order, by=by, note=NOTE)
    if status == PaymentStatus.PAID:  # paid in full over a total the sheet changed
        return correct_payment(order, amount_paid=order.total, by=by, note=NOTE)
    return correct_payment(order, amount_paid=paid, by=by, note=NOTE)


def _apply_fulfilment(order, sheet_order, known, by):
    if sheet_order.fulfilment_status == FulfilmentStatus.CANCELLED:
        return cancel_order(order, reason=NOTE, by=by)
    return set_fulfilment(order, status=sheet_order.fulfilment_status, by=by, note=NOTE)


ORDER = ["lines", "date", "address", "payment", "fulfilment"]
APPLY = {
    "lines": _apply_lines,
    "date": _apply_date,
    "address": _apply_address,
    "payment": _apply_payment,
    "fulfilment": _apply_fulfilment,
}
KIND_LABELS = {
    "lines": "Produk Dipesan, Jumlah",
    "date": "Tanggal Kirim",
    "address": "Alamat Kirim",
    "payment": "Status Bayar",
    "fulfilment": "Status Kirim",
}


def missing_from_sheet(plan, known):
    """Book orders of the sheet's months that no sheet row matches (only for a sheet exported with codes)."""
    if not any(order.code for order in plan.orders):
        return []
    matched = {known.existing_order(order).pk for order in plan.existing_orders}
    months = {(order.placed_on.year, order.placed_on.month) for order in plan.orders}
    found = []
    for year, month in sorted(months):
        start, end = month_bounds(year, month)
        book = Order.objects.filter(placed_at__gte=start, placed_at__lt=end).exclude(fulfilment_status=FulfilmentStatus.CANCELLED)
        found.extend(order for order in book.select_related("customer").order_by("placed_at", "pk") if order.pk not in matched)
    return found
