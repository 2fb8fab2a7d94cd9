"""Planning an import: the sheet's rows as orders, checked and matched against the database, nothing saved."""
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.limits import MAX_QUANTITY
from customers.phone import normalize_whatsapp
from orders.export import month_label
from orders.imports.cells import COLUMNS, cell_text, normal_key, parse_date, parse_money, parse_quantity, status_words
from orders.imports.changes import OrderChanges, find_changes, missing_from_sheet
from orders.imports.matching import Known, customer_key
from orders.imports.workbook import open_sheet
from orders import sheet_words
from orders.models import Channel, FulfilmentStatus, PaymentStatus
from production.models import Unit

IMPORT_NOTE = "Impor"
KEY_PREFIX = "impor:"


@dataclass
class SheetLine:
    row: int
    product_name: str
    unit: str
    quantity: int
    unit_price: int


@dataclass
class SheetOrder:
    """One order as the sheet describes it (one or more rows)."""

    row: int
    code: str
    placed_on: date
    delivery_date: date
    customer_name: str
    whatsapp: str
    address: str
    payment_status: str
    fulfilment_status: str
    payment_note: str
    channel: str
    notes: str = ""
    lines: list = field(default_factory=list)

    @property
    def total(self):
        return sum(line.quantity * line.unit_price for line in self.lines)

    repeat: int = 0
    duplicate_of: str = ""

    def content_key(self):
        """What the order says: customer, dates, products, quantities and prices."""
        parts = [
            normal_key(self.customer_name), self.whatsapp, self.placed_on.isoformat(), self.delivery_date.isoformat(),
            *sorted(f"{normal_key(line.product_name)}x{line.quantity}@{line.unit_price}" for line in self.lines),
        ]
        return "|".join(parts)

    def stable_key(self):
        """Identifies an order without a code, so a second import of the same sheet finds it.

        The second of two identical rows gets "#1" added, and so on: the key says which of them it is.
        """
        repeat = f"#{self.repeat}" if self.repeat else ""
        return KEY_PREFIX + hashlib.sha256((self.content_key() + repeat).encode()).hexdigest()[:56]


@dataclass
class Plan:
    """What the import would do: nothing has been saved when you hold one."""

    orders: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    new_customers: list = field(default_factory=list)
    new_products: list = field(default_factory=list)
    new_periods: list = field(default_factory=list)
    new_orders: list = field(default_factory=list)
    existing_orders: list = field(default_factory=list)
    likely_duplicates: list = field(default_factory=list)
    changed_orders: list = field(default_factory=list)  # OrderChanges: book orders the sheet changes
    missing: list = field(default_factory=list)  # book orders of the sheet's months with no row in it
    rows: int = 0
    known: object = None

    @property
    def unchanged_orders(self):
        """Orders already in the book that the sheet leaves as they are (skipped)."""
        return len(self.existing_orders) - len(self.changed_orders)

    @property
    def unflagged_new_orders(self):
        """New orders imported without a tick: all but the likely duplicates."""
        return len(self.new_orders) - len(self.likely_duplicates)

    @property
    def can_import(self):
        return not self.problems and bool(self.new_orders or self.changed_orders or self.missing)

    def problem(self, row, message):
        self.problems.append((row, message))


def read_sheet(data):
    """Read the file and plan the import against the database, saving nothing. Raises SheetRefused."""
    rows = open_sheet(data)
    plan = Plan(rows=len(rows))
    if not rows:
        plan.problem(None, _("The sheet has no order rows under the header."))
        return plan
    words = {
        "payment": status_words(PaymentStatus, sheet_words.PAYMENT),
        "fulfilment": status_words(FulfilmentStatus, sheet_words.FULFILMENT),
        "channel": status_words(Channel, sheet_words.CHANNEL),
    }
    by_code = {}
    for number, cells in rows:
        order = _read_row(plan, number, cells, words)
        if order is None:
            continue
        if order.code and order.code in by_code:
            first = by_code[order.code]
            if (first.customer_name, first.placed_on) != (order.customer_name, order.placed_on):
                plan.problem(number, _("Order code %(code)s is used for another customer or date.") % {"code": order.code})
                continue
            first.lines.extend(order.lines)
            continue
        if order.code:
            by_code[order.code] = order
        plan.orders.append(order)
    for order in plan.orders:
        _check_money(plan, order)
    _number_repeats(plan.orders)
    _plan_records(plan)
    return plan


def _read_row(plan, number, cells, words):
    def value(name):
        return cells.get(name, (None, ""))[0]

    problems = len(plan.problems)
    placed_on = parse_date(value("placed"))
    if placed_on is None:
        plan.problem(number, _("“%(value)s” in Tanggal Order is not a date (write it like 5 Juni 2025).") % {"value": cell_text(value("placed"))})
    delivery_date = parse_date(value("delivery"))
    if delivery_date is None:
        plan.problem(number, _("“%(value)s” in Tanggal Kirim is not a date (write it like 8 Juni 2025).") % {"value": cell_text(value("delivery"))})
    customer_name = cell_text(value("customer"))[:120]
    if not customer_name:
        plan.problem(number, _("Nama Pelanggan is empty."))
    product_name = cell_text(value("product"))[:120]
    if not product_name:
        plan.problem(number, _("Produk Dipesan is empty."))
    quantity, unit = parse_quantity(value("quantity"), cells["quantity"][1])
    if quantity is None or quantity < 1:
        plan.problem(number, _("Jumlah must be a whole number of at least 1, like 3 or 3 Box."))
    elif quantity > MAX_QUANTITY:
        plan.problem(number, _("Jumlah is too large."))
    if unit and unit not in Unit.values:
        plan.problem(number, _("Unknown unit “%(unit)s” (use box, loyang, toples, pcs, pack, botol or kg).") % {"unit": unit})
    total = parse_money(value("total"))
    if total == 0 and cell_text(value("cancelled_total")):
        # A cancelled order's line carries 0 in Total Harga; its own amount sits in Total Dibatalkan.
        total = parse_money(value("cancelled_total"))
    if total is None:
        plan.problem(number, _("“%(value)s” in Total Harga is not an amount in Rupiah.") % {"value": cell_text(value("total"))})
    elif total < 0:
        plan.problem(number, _("Total Harga cannot be negative."))
    elif quantity and quantity > 0 and total % quantity:
        plan.problem(number, _("Total Harga %(total)s cannot be split into whole Rupiah over %(quantity)s units.") % {"total": total, "quantity": quantity})
    statuses = {}
    for name, default in (("payment", PaymentStatus.UNPAID), ("fulfilment", FulfilmentStatus.PENDING), ("channel", Channel.WHATSAPP)):
        text = cell_text(value(name))
        statuses[name] = words[name].get(normal_key(text)) if text else default
        if statuses[name] is None:
            plan.problem(number, _("Unknown %(column)s “%(value)s”.") % {"column": COLUMNS[name], "value": text})
    whatsapp = cell_text(value("whatsapp"))
    try:
        whatsapp = normalize_whatsapp(whatsapp)
    except ValidationError as error:
        plan.problem(number, " ".join(error.messages))
    if len(plan.problems) > problems:
        return None
    code = cell_text(value("code"))[:20]
    return SheetOrder(
        row=number,
        code=code,
        placed_on=placed_on,
        delivery_date=delivery_date,
        customer_name=customer_name,
        whatsapp=whatsapp,
        address=cell_text(value("address"))[:500],
        payment_status=statuses["payment"],
        fulfilment_status=statuses["fulfilment"],
        payment_note=cell_text(value("payment_note")),
        notes=cell_text(value("notes"))[:1000],
        channel=statuses["channel"],
        lines=[SheetLine(number, product_name, unit, quantity, total // quantity)],
    )


def _check_money(plan, order):
    """The payment the sheet says, as amount paid / refunded; problems for a DP without its amount."""
    total = order.total
    # "DP Rp20.000", or as the export writes it with the ledger's methods: "DP Rp75.000 · Transfer Rp50.000 + ...".
    note = order.payment_note.split("·")[0]
    amount = parse_money(re.sub(r"^\D*?(?=rp|\d)", "", note.lower())) if note else None
    order.amount_paid, order.amount_refunded = 0, 0
    if order.payment_status == PaymentStatus.PAID:
        order.amount_paid = total
    elif order.payment_status == PaymentStatus.DEPOSIT:
        if amount is None or not 0 < amount < total:
            plan.problem(order.row, _("A DP needs its amount, less than the total, in Metode Pembayaran, like “DP Rp20.000”."))
        else:
            order.amount_paid = amount
    elif order.payment_status == PaymentStatus.REFUNDED:
        order.amount_paid = total
        order.amount_refunded = amount if amount and 0 < amount <= total else total


def _plan_records(plan):
    """Sort the orders into new and already imported; list the customers, products and periods to create."""
    known = plan.known = Known(plan.orders)
    seen_customers, seen_products, seen_periods = set(), {}, set()
    for order in plan.orders:
        book_order = known.existing_order(order)
        if book_order is not None:
            plan.existing_orders.append(order)
            changes = find_changes(order, book_order)
            if changes:
                plan.changed_orders.append(OrderChanges(book_order, order, changes))
            continue
        plan.new_orders.append(order)
        order.duplicate_of = known.likely_duplicate(order)
        if order.duplicate_of:
            plan.likely_duplicates.append(order)
        key = customer_key(order.whatsapp, order.customer_name)
        if key not in seen_customers and known.customer(order) is None:
            plan.new_customers.append(order.customer_name)
        seen_customers.add(key)
        for line in order.lines:
            product = known.product(line.product_name)
            name_unit = (product.name, product.unit) if product else seen_products.get(normal_key(line.product_name))
            if name_unit is None:
                seen_products[normal_key(line.product_name)] = (line.product_name, line.unit)
                plan.new_products.append(line.product_name)
            elif line.unit and name_unit[1] != line.unit:
                plan.problem(
                    line.row,
                    _("%(product)s is counted in %(unit)s, not in %(other)s.")
                    % {"product": name_unit[0], "unit": name_unit[1], "other": line.unit},
                )
        if known.period(order.delivery_date) is None:
            name = import_period_name(order.delivery_date)
            if name not in seen_periods:
                seen_periods.add(name)
                plan.new_periods.append(name)
    plan.missing = missing_from_sheet(plan, known)


def _number_repeats(orders):
    """Give each of several identical rows without a code its place among them (0, 1, 2 …).

    A customer may order the same thing twice on one day: the rows are two orders with two keys,
    and importing the same file again finds both by the same numbering.
    """
    seen = {}
    for order in orders:
        if order.code:
            continue
        content = order.content_key()
        order.repeat = seen.get(content, 0)
        seen[content] = order.repeat + 1


def import_period_name(day):
    return f"{IMPORT_NOTE} {month_label(day.year, day.month)}"
