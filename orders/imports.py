"""Taking an old monthly sheet in: read it, show what it will create, then save it all or nothing.

Rules (tested in tests/test_sheet_import.py):
- The header row is found by its names (case and spaces ignored, in the first 30 rows); extra
  columns are ignored. Needed: Tanggal Order, Nama Pelanggan, Produk Dipesan, Jumlah, Total Harga,
  Tanggal Kirim. Status Bayar / Status Kirim (default Belum Bayar / Belum Dikirim), No. WhatsApp,
  Alamat Kirim, Metode Pembayaran, Saluran and Kode Pesanan are read when present.
- Rows with the same Kode Pesanan are one order with several lines; a row without a code is one
  order. An order whose code already exists is skipped; an order without a code is matched by a
  stable key (customer, order date, delivery date, products, quantities and totals) kept in the
  order's idempotency key, so importing the same sheet twice creates nothing the second time.
- Unit price = Total Harga / Jumlah, which must be whole Rupiah; the order's total stays the sheet's.
- Customers are matched by WhatsApp number, else by name (case ignored); new ones are created.
- Products are matched by name (case ignored); new ones are created INACTIVE (they are history,
  not for sale until the owner sets them up), with the sheet's unit and unit price.
- Each order goes into a period with its delivery date, or into "Impor <Bulan> <Tahun>" of the
  delivery month. Caps are not checked: these orders already happened.
- Statuses are set directly; Lunas means paid in full, DP needs its amount in Metode Pembayaran
  ("DP Rp20.000"); each order gets a payment and a delivery StatusChange with the note "Impor".
"""
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from customers.models import Customer
from customers.phone import normalize_whatsapp
from orders.export import MONTHS_ID, month_bounds, month_label
from orders.models import (
    Channel,
    DeliveryMethod,
    FulfilmentStatus,
    Order,
    OrderLine,
    PaymentStatus,
    PreorderPeriod,
    StatusChange,
)
from orders.services.codes import keep_counter_past, next_order_code
from production.limits import MAX_QUANTITY
from production.models import Product, Unit

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 30
IMPORT_NOTE = "Impor"
KEY_PREFIX = "impor:"

COLUMNS = {
    "placed": "Tanggal Order",
    "customer": "Nama Pelanggan",
    "product": "Produk Dipesan",
    "quantity": "Jumlah",
    "total": "Total Harga",
    "delivery": "Tanggal Kirim",
    "payment": "Status Bayar",
    "fulfilment": "Status Kirim",
    "whatsapp": "No. WhatsApp",
    "address": "Alamat Kirim",
    "payment_note": "Metode Pembayaran",
    "channel": "Saluran",
    "code": "Kode Pesanan",
}
REQUIRED = ["placed", "customer", "product", "quantity", "total", "delivery"]
MONTH_WORDS = {
    **{name.lower(): number for number, name in enumerate(MONTHS_ID, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTHS_ID, start=1)},
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "mar": 3, "oct": 10, "dec": 12, "agu": 8, "ags": 8, "des": 12, "okt": 10,
}


class SheetRefused(Exception):
    """The file cannot be read as a sheet at all; `message` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _key(text):
    return re.sub(r"[^0-9a-z]", "", str(text or "").lower())


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
            _key(self.customer_name), self.whatsapp, self.placed_on.isoformat(), self.delivery_date.isoformat(),
            *sorted(f"{_key(line.product_name)}x{line.quantity}@{line.unit_price}" for line in self.lines),
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


# ---------------------------------------------------------------- reading the cells


def _words(enum_class):
    """Every way a sheet may write a status: Indonesian label, English label, stored value."""
    words = {}
    for value, label in enum_class.choices:
        words[_key(value)] = value
        with translation.override("en"):
            words[_key(str(label))] = value
        with translation.override("id"):
            words[_key(str(label))] = value
    return words


def parse_date(value):
    """A date from a date cell, an Excel serial number, '5 Juni 2025', '5 June 2025', '05/06/2025' or '2025-06-05'."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20_000 < value < 80_000:
            return from_excel(value).date()
        return None
    text = str(value or "").strip().lower()
    match = re.fullmatch(r"(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})", text)
    try:
        if match:
            month = MONTH_WORDS.get(match[2])
            return date(int(match[3]), month, int(match[1])) if month else None
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?", text)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def parse_money(value):
    """Whole Rupiah from 75000, 75000.0, 'Rp75.000', 'Rp 75,000', '75.000', '75.000,00'; None if not money."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = re.sub(r"\s", "", str(value or "")).lower().replace("rp", "")
    text = re.sub(r"[.,]00$", "", text)
    negative = text.startswith("-")
    digits = text.lstrip("-")
    if not re.fullmatch(r"\d{1,3}([.,]\d{3})*|\d+", digits):
        return None
    number = int(re.sub(r"[.,]", "", digits))
    return -number if negative else number


def parse_quantity(value, number_format=""):
    """(quantity, unit) from 3, '3', '3 Box', '3 loyang'; the unit may also come from a '0 "Box"' number format."""
    unit = ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        found = re.search(r'"\s*([^"]+?)\s*"', number_format or "")
        return value, (found[1].lower() if found else "")
    match = re.fullmatch(r"(-?\d+)\s*([^\d\s].*)?", str(value or "").strip())
    if not match:
        return None, ""
    if match[2]:
        unit = match[2].strip().lower()
    return int(match[1]), unit


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---------------------------------------------------------------- the file


def open_sheet(data):
    """The workbook's rows as (row number, {column: (value, number_format)}) from the header down; refuse bad files."""
    if not data:
        raise SheetRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise SheetRefused(
            _("The file is too large (%(size)s MB). The limit is %(max)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a broken or foreign file makes openpyxl/zipfile raise many kinds of errors
        raise SheetRefused(_("This file is not an Excel sheet (.xlsx). Save it as .xlsx and try again.")) from None
    best_missing = None
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows()
            for number, row in enumerate(rows, start=1):
                if number > HEADER_SEARCH_ROWS:
                    break
                names = {_key(cell.value): index for index, cell in enumerate(row) if cell.value is not None}
                columns = {name: names[_key(title)] for name, title in COLUMNS.items() if _key(title) in names}
                missing = [COLUMNS[name] for name in REQUIRED if name not in columns]
                if not missing:
                    return list(_data_rows(rows, number, columns))
                if best_missing is None or len(missing) < len(best_missing):
                    best_missing = missing
    finally:
        workbook.close()
    raise SheetRefused(
        _("No header row with the sheet's columns was found. Missing: %(columns)s.")
        % {"columns": ", ".join(best_missing or [COLUMNS[name] for name in REQUIRED])}
    )


def _data_rows(rows, header_number, columns):
    count = 0
    for number, row in enumerate(rows, start=header_number + 1):
        cells = {}
        for name, index in columns.items():
            cell = row[index] if index < len(row) else None
            value = getattr(cell, "value", None)
            cells[name] = (value, getattr(cell, "number_format", "") or "")
        if all(value is None or _text(value) == "" for value, _format in cells.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise SheetRefused(_("The sheet has more than %(max)s rows; split it per month.") % {"max": MAX_ROWS})
        yield number, cells


# ---------------------------------------------------------------- planning


def read_sheet(data):
    """Read the file and plan the import against the database, saving nothing. Raises SheetRefused."""
    rows = open_sheet(data)
    plan = Plan(rows=len(rows))
    if not rows:
        plan.problem(None, _("The sheet has no order rows under the header."))
        return plan
    words = {"payment": _words(PaymentStatus), "fulfilment": _words(FulfilmentStatus), "channel": _words(Channel)}
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
        plan.problem(number, _("“%(value)s” in Tanggal Order is not a date (write it like 5 Juni 2025).") % {"value": _text(value("placed"))})
    delivery_date = parse_date(value("delivery"))
    if delivery_date is None:
        plan.problem(number, _("“%(value)s” in Tanggal Kirim is not a date (write it like 8 Juni 2025).") % {"value": _text(value("delivery"))})
    customer_name = _text(value("customer"))[:120]
    if not customer_name:
        plan.problem(number, _("Nama Pelanggan is empty."))
    product_name = _text(value("product"))[:120]
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
    if total is None:
        plan.problem(number, _("“%(value)s” in Total Harga is not an amount in Rupiah.") % {"value": _text(value("total"))})
    elif total < 0:
        plan.problem(number, _("Total Harga cannot be negative."))
    elif quantity and quantity > 0 and total % quantity:
        plan.problem(number, _("Total Harga %(total)s cannot be split into whole Rupiah over %(quantity)s units.") % {"total": total, "quantity": quantity})
    statuses = {}
    for name, default in (("payment", PaymentStatus.UNPAID), ("fulfilment", FulfilmentStatus.PENDING), ("channel", Channel.WHATSAPP)):
        text = _text(value(name))
        statuses[name] = words[name].get(_key(text)) if text else default
        if statuses[name] is None:
            plan.problem(number, _("Unknown %(column)s “%(value)s”.") % {"column": COLUMNS[name], "value": text})
    whatsapp = _text(value("whatsapp"))
    try:
        whatsapp = normalize_whatsapp(whatsapp)
    except ValidationError as error:
        plan.problem(number, " ".join(error.messages))
    if len(plan.problems) > problems:
        return None
    code = _text(value("code"))[:20]
    return SheetOrder(
        row=number,
        code=code,
        placed_on=placed_on,
        delivery_date=delivery_date,
        customer_name=customer_name,
        whatsapp=whatsapp,
        address=_text(value("address"))[:500],
        payment_status=statuses["payment"],
        fulfilment_status=statuses["fulfilment"],
        payment_note=_text(value("payment_note")),
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
    words = {_key(DeliveryMethod.PICKUP.value)}
    for language in ("id", "en"):
        with translation.override(language):
            words.add(_key(str(DeliveryMethod.PICKUP.label)))
    return words


def _plan_records(plan):
    """Fill in what is new: customers, products, periods and orders; skip orders already imported."""
    seen_customers, seen_products, seen_periods = set(), {}, set()
    products = {_key(name): (name, unit) for name, unit in Product.objects.values_list("name", "unit")}
    for order in plan.orders:
        if _existing_order(order) is not None:
            plan.existing_orders.append(order)
            continue
        plan.new_orders.append(order)
        customer_key = order.whatsapp or _key(order.customer_name)
        if customer_key not in seen_customers and _existing_customer(order) is None:
            plan.new_customers.append(order.customer_name)
        seen_customers.add(customer_key)
        for line in order.lines:
            known = products.get(_key(line.product_name)) or seen_products.get(_key(line.product_name))
            if known is None:
                seen_products[_key(line.product_name)] = (line.product_name, line.unit)
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


# ---------------------------------------------------------------- saving


def import_sheet(data, *, by=None):
    """Save the sheet's new orders in one transaction; return the Plan. Saves nothing if it has problems."""
    plan = read_sheet(data)
    if plan.problems:
        return plan
    with transaction.atomic():
        # Orders with their own code first, so a generated code never takes one the sheet uses.
        for order in sorted(plan.new_orders, key=lambda item: not item.code):
            _save_order(order, by)
    return plan


def _save_order(sheet_order, by):
    customer = _existing_customer(sheet_order)
    if customer is None:
        customer = Customer.objects.create(name=sheet_order.customer_name, whatsapp=sheet_order.whatsapp, address=sheet_order.address)
    period = _delivery_period(sheet_order) or _create_import_period(sheet_order.delivery_date)
    pickup = _key(sheet_order.address) in _pickup_words() or not sheet_order.address
    placed_at = timezone.make_aware(datetime.combine(sheet_order.placed_on, time(12, 0)))
    order = Order.objects.create(
        code=sheet_order.code or _free_code(placed_at),
        customer=customer,
        period=period,
        channel=sheet_order.channel,
        delivery_method=DeliveryMethod.PICKUP if pickup else DeliveryMethod.DELIVERY,
        delivery_address="" if pickup else sheet_order.address,
        delivery_date=sheet_order.delivery_date,
        placed_at=placed_at,
        placed_by=by if by is not None and by.is_authenticated else None,
        payment_status=sheet_order.payment_status,
        amount_paid=sheet_order.amount_paid,
        amount_refunded=sheet_order.amount_refunded,
        fulfilment_status=sheet_order.fulfilment_status,
        idempotency_key=None if sheet_order.code else sheet_order.stable_key(),
    )
    if sheet_order.code:
        keep_counter_past(sheet_order.code)  # the order service's next code comes after it
    OrderLine.objects.bulk_create(
        OrderLine(order=order, product=_product_for(line), quantity=line.quantity, unit_price=line.unit_price)
        for line in sheet_order.lines
    )
    user = by if by is not None and by.is_authenticated else None
    StatusChange.objects.bulk_create(
        [
            StatusChange(order=order, kind=StatusChange.Kind.PAYMENT, from_status=PaymentStatus.UNPAID,
                         to_status=order.payment_status, amount=order.amount_paid, note=IMPORT_NOTE, by=user, at=placed_at),
            StatusChange(order=order, kind=StatusChange.Kind.FULFILMENT, from_status=FulfilmentStatus.PENDING,
                         to_status=order.fulfilment_status, note=IMPORT_NOTE, by=user, at=placed_at),
        ]
    )
    return order


def _product_for(line):
    product = Product.objects.filter(name__iexact=line.product_name).first()
    if product is None:
        product = Product.objects.create(
            name=line.product_name,
            unit=line.unit or Unit.PCS,
            price=line.unit_price,
            units_per_batch=1,
            minutes_per_batch=60,
            is_active=False,
        )
    return product


def _create_import_period(day):
    start, end = month_bounds(day.year, day.month)
    return PreorderPeriod.objects.create(
        name=_import_period_name(day),
        slug=_import_period_slug(day),
        opens_at=start,
        closes_at=end,
        delivery_date=day,
        closed_manually=True,
    )


def _free_code(placed_at):
    """The next order code of that month that no order has yet (imported codes may sit in between)."""
    while True:
        code = next_order_code(placed_at)
        if not Order.objects.filter(code=code).exists():
            return code
