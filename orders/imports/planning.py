"""Planning an import: the sheet's rows as orders, checked and matched against the database, nothing saved."""
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.phone import normalize_whatsapp
from orders.export import month_label
from orders.imports.cells import COLUMNS, cell_text, normal_key, parse_date, parse_money, parse_quantity, status_words
from orders.imports.workbook import open_sheet
from orders.models import Channel, DeliveryMethod, FulfilmentStatus, Order, PaymentStatus, PreorderPeriod
from production.models import Product, Unit

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
    lines: list = field(default_factory=list)

    @property
    def total(self):
        return sum(line.quantity * line.unit_price for line in self.lines)

    def stable_key(self):
        """Identifies an order without a code, so a second import of the same sheet finds it."""
        parts = [
            normal_key(self.customer_name), self.whatsapp, self.placed_on.isoformat(), self.delivery_date.isoformat(),
            *sorted(f"{normal_key(line.product_name)}x{line.quantity}@{line.unit_price}" for line in self.lines),
        ]
        return KEY_PREFIX + hashlib.sha256("|".join(parts).encode()).hexdigest()[:56]


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
    rows: int = 0

    @property
    def can_import(self):
        return not self.problems and bool(self.new_orders)

    def problem(self, row, message):
        self.problems.append((row, message))


def read_sheet(data):
    """Read the file and plan the import against the database, saving nothing. Raises SheetRefused."""
    rows = open_sheet(data)
    plan = Plan(rows=len(rows))
    if not rows:
        plan.problem(None, _("The sheet has no order rows under the header."))
        return plan
    words = {"payment": status_words(PaymentStatus), "fulfilment": status_words(FulfilmentStatus), "channel": status_words(Channel)}
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
    elif quantity > 9_999:
        plan.problem(number, _("Jumlah is too large."))
    if unit and unit not in Unit.values:
        plan.problem(number, _("Unknown unit “%(unit)s” (use box, loyang, toples, pcs, pack, botol or kg).") % {"unit": unit})
    total = parse_money(value("total"))
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
        channel=statuses["channel"],
        lines=[SheetLine(number, product_name, unit, quantity, total // quantity)],
    )


def _check_money(plan, order):
    """The payment the sheet says, as amount paid / refunded; problems for a DP without its amount."""
    total = order.total
    amount = parse_money(re.sub(r"^\D*?(?=rp|\d)", "", order.payment_note.lower())) if order.payment_note else None
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


def _pickup_words():
    words = {normal_key(DeliveryMethod.PICKUP.value)}
    for language in ("id", "en"):
        with translation.override(language):
            words.add(normal_key(str(DeliveryMethod.PICKUP.label)))
    return words


def _plan_records(plan):
    """Fill in what is new: customers, products, periods and orders; skip orders already imported."""
    seen_customers, seen_products, seen_periods = set(), {}, set()
    products = {normal_key(name): (name, unit) for name, unit in Product.objects.values_list("name", "unit")}
    for order in plan.orders:
        if _existing_order(order) is not None:
            plan.existing_orders.append(order)
            continue
        plan.new_orders.append(order)
        customer_key = order.whatsapp or normal_key(order.customer_name)
        if customer_key not in seen_customers and _existing_customer(order) is None:
            plan.new_customers.append(order.customer_name)
        seen_customers.add(customer_key)
        for line in order.lines:
            known = products.get(normal_key(line.product_name)) or seen_products.get(normal_key(line.product_name))
            if known is None:
                seen_products[normal_key(line.product_name)] = (line.product_name, line.unit)
                plan.new_products.append(line.product_name)
            elif line.unit and known[1] != line.unit:
                plan.problem(
                    line.row,
                    _("%(product)s is counted in %(unit)s, not in %(other)s.")
                    % {"product": known[0], "unit": known[1], "other": line.unit},
                )
        if _delivery_period(order) is None:
            name = _import_period_name(order.delivery_date)
            if name not in seen_periods:
                seen_periods.add(name)
                plan.new_periods.append(name)


def _existing_order(order):
    if order.code:
        return Order.objects.filter(code=order.code).first()
    return Order.objects.filter(idempotency_key=order.stable_key()).first()


def _existing_customer(order):
    if order.whatsapp:
        return Customer.objects.filter(whatsapp=order.whatsapp).first()
    return Customer.objects.filter(name__iexact=order.customer_name).order_by("pk").first()


def _delivery_period(order):
    """An existing period delivering that day, or this month's import period."""
    period = PreorderPeriod.objects.filter(delivery_date=order.delivery_date).order_by("pk").first()
    return period or PreorderPeriod.objects.filter(slug=_import_period_slug(order.delivery_date)).first()


def _import_period_name(day):
    return f"{IMPORT_NOTE} {month_label(day.year, day.month)}"


def _import_period_slug(day):
    return f"impor-{day.year}-{day.month:02d}"


