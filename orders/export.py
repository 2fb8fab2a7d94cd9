"""The monthly sheet: orders out as PO_<Bulan>_<Tahun>.xlsx, laid out like the shop's own template.

One row per order line; a cancelled order's lines carry 0 in Total Harga (their amount moves to
Total Dibatalkan), so summing Total Harga gives the omzet. The file is always Indonesian, whatever
the page language, in the fixed words of orders/sheet_words.py. Rows stream through openpyxl's
write-only mode from plain tuples (no model instances), so memory stays flat.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Max, Min, Q, Sum
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from customers.phone import display_whatsapp
from orders import sheet_words
from orders.models import DeliveryMethod, FulfilmentStatus, Order, OrderLine, Payment, PaymentMethod, PaymentStatus
from orders.money import rupiah

HEADERS = sheet_words.HEADERS
WIDTHS = [5, 17, 24, 22, 11, 14, 17, 13, 15, 16, 32, 20, 14, 15, 30, 17, 12, 20]
MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]
DATE_FORMAT = "[$-421]d mmmm yyyy"
# [$-421] (Indonesian) makes the thousands separator a dot whatever the viewer's locale: Rp75.000.
MONEY_FORMAT = '[$-421]"Rp"#,##0'
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3E6DC")


def unit_label(unit):
    """The unit as the shop writes it after a number: 'box' → 'Box'."""
    return (unit or "").strip().capitalize()


def quantity_format(unit):
    """Show the number 3 as '3 Box': a number format per unit (quotes are not allowed in a unit)."""
    label = unit_label(unit).replace('"', "")
    return f'0 "{label}"' if label else "0"


def month_label(year, month):
    return f"{MONTHS_ID[month - 1]} {year}"


def file_name(year, month):
    """PO_Juni_2025.xlsx: the Indonesian month, whatever the page language."""
    return f"PO_{MONTHS_ID[month - 1]}_{year}.xlsx"


def month_bounds(year, month):
    """The month as [start, end) aware datetimes in the shop's time zone (Asia/Jakarta)."""
    start = timezone.make_aware(datetime(year, month, 1))
    end_day = date(year + (month == 12), month % 12 + 1, 1)
    return start, timezone.make_aware(datetime.combine(end_day, time.min))


def month_orders(year, month):
    """Orders placed in that month, by the order date in Jakarta time."""
    start, end = month_bounds(year, month)
    return Order.objects.filter(placed_at__gte=start, placed_at__lt=end)


def months_of(orders):
    """(first, last) (year, month) of the orders' dates, or None for no orders."""
    found = orders.order_by().aggregate(first=Min("placed_at"), last=Max("placed_at"))
    if found["first"] is None:
        return None
    first, last = timezone.localtime(found["first"]), timezone.localtime(found["last"])
    return (first.year, first.month), (last.year, last.month)


def name_for(orders, today=None):
    """(file name, sheet title) for any set of orders: the month, or 'Juni_2025-Juli_2025' when it spans months."""
    span = months_of(orders)
    if span is None:
        today = today or timezone.localdate()
        span = ((today.year, today.month),) * 2
    (y1, m1), (y2, m2) = span
    if (y1, m1) == (y2, m2):
        return file_name(y1, m1), "PO " + month_label(y1, m1)
    first, last = f"{MONTHS_ID[m1 - 1]}_{y1}", f"{MONTHS_ID[m2 - 1]}_{y2}"
    return f"PO_{first}-{last}.xlsx", f"PO {MONTHS_ID[m1 - 1][:3]} {y1} - {MONTHS_ID[m2 - 1][:3]} {y2}"


def as_text(value):
    """A string that stays text: no control characters, never a formula."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))


def payment_note(payment_status, amount_paid, amount_refunded, methods=()):
    """The payment as the sheet writes it: 'DP Rp75.000 · Transfer Rp50.000 + Tunai Rp25.000'.

    The part before '·' is what the import reads back (a DP's amount); `methods` are (method,
    amount received) pairs from the ledger, left out when no method was ever written down.
    """
    status = ""
    if payment_status == PaymentStatus.DEPOSIT:
        status = f"DP {rupiah(amount_paid - amount_refunded)}"
    elif payment_status == PaymentStatus.REFUNDED and amount_refunded:
        status = f"{sheet_words.PAYMENT[PaymentStatus.REFUNDED]} {rupiah(amount_refunded)}"
    known = [(method, amount) for method, amount in methods if amount > 0]
    if all(method == PaymentMethod.UNKNOWN for method, _amount in known):
        known = []
    paid = " + ".join(f"{sheet_words.METHOD.get(method, method)} {rupiah(amount)}" for method, amount in known)
    return " · ".join(part for part in (status, paid) if part)


def ledger_by_order(orders):
    """{order pk: [(method, amount received)]} from the live ledger rows of `orders`, first paid first, in one query."""
    found = defaultdict(list)
    rows = (
        Payment.objects.live()
        .filter(order__in=orders.order_by().values("pk"), amount__gt=0)
        .values_list("order_id", "method")
        .annotate(received=Sum("amount"), first=Min("pk"))
        .order_by("order_id", "first")
    )
    for order_id, method, received, _first in rows:
        found[order_id].append((method, received))
    return found


def money_by_day_and_method(orders):
    """[(day received, method, received, given back)] over the live ledger rows of `orders`: the cash to hand over."""
    return list(
        Payment.objects.live()
        .filter(order__in=orders.order_by().values("pk"))
        .values_list("received_on", "method")
        .annotate(received=Sum("amount", filter=Q(amount__gt=0), default=0), returned=Sum("amount", filter=Q(amount__lt=0), default=0))
        .order_by("received_on", "method")
    )


def address_text(delivery_method, delivery_address):
    """The delivery address, or 'Ambil sendiri' for a pickup order without one."""
    if delivery_method == DeliveryMethod.PICKUP and not delivery_address:
        return sheet_words.DELIVERY[DeliveryMethod.PICKUP]
    return delivery_address


@dataclass
class Summary:
    """What the Ringkasan sheet shows, gathered while the rows stream."""

    product_units: dict
    product_amount: dict
    product_unit: dict
    payment_counts: Counter
    fulfilment_counts: Counter
    channel_counts: Counter
    paid: int = 0
    due: int = 0
    orders: int = 0
    lines: int = 0
    money: list = ()  # money_by_day_and_method()


LINE_FIELDS = (
    "quantity", "unit_price", "product__name", "product__unit",
    "order_id", "order__code", "order__placed_at", "order__delivery_date", "order__payment_status",
    "order__fulfilment_status", "order__channel", "order__delivery_method", "order__delivery_address",
    "order__notes", "order__amount_paid", "order__amount_refunded",
    "order__customer_id", "order__customer__name", "order__customer__whatsapp",
    "order__courier", "order__tracking_number",
)


def _lines(orders):
    """The orders' lines as plain tuples (LINE_FIELDS), in sheet order: one query, no model instances."""
    return (
        OrderLine.objects.filter(order__in=orders.order_by().values("pk"))
        .order_by("order__placed_at", "order__pk", "pk")
        .values_list(*LINE_FIELDS)
    )


class _Cells:
    """Builds styled write-only cells; one style object per format is shared by every row.

    A write-only sheet writes each row as it is appended, so a cell with a value that repeats
    (a status, a product, a date) is built once and appended again: `shared` keeps those.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self._shared = {}

    def shared(self, value, number_format):
        """A styled cell for a value that repeats (a date, a quantity, an amount), built once."""
        key = (value, number_format)
        cell = self._shared.get(key)
        if cell is None:
            if len(self._shared) > 5000:
                self._shared.clear()
            cell = self._shared[key] = self.number(value, number_format)
        return cell

    def plain(self, value):
        """User text as a plain value when openpyxl keeps it text as it is; a guarded cell otherwise.

        A plain string costs openpyxl a fraction of a cell object; only text that looks like a
        formula (or has characters a sheet cannot hold) needs the guarded cell.
        """
        if not value:
            return None
        if value.startswith(FORMULA_STARTS) or ILLEGAL_CHARACTERS_RE.search(value):
            return self.text(value)
        return value

    def text(self, value):
        cell = WriteOnlyCell(self.sheet)
        text = as_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would store '=…' as a formula otherwise
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
        return cell

    def number(self, value, number_format=None, font=None):
        cell = WriteOnlyCell(self.sheet, value=value)  # numbers, dates and formulas we write ourselves
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        return cell

    def header(self, value):
        cell = self.text(value)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        return cell


def _set_up_orders_sheet(sheet):
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def write_workbook(orders, out, *, title):
    """Write the orders (any Order queryset) as the monthly sheet to `out` (a path or a binary file)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    _set_up_orders_sheet(sheet)
    cells = _Cells(sheet)
    sheet.append([cells.header(name) for name in HEADERS])
    summary = _write_rows(sheet, cells, orders)
    last_row = summary.lines + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{last_row}"
    _write_summary(workbook.create_sheet(sheet_words.SUMMARY["title"]), summary, sheet.title)
    workbook.save(out)
    return summary


def _write_rows(sheet, cells, orders):
    summary = Summary(
        product_units=defaultdict(int),
        product_amount=defaultdict(int),
        product_unit={},
        payment_counts=Counter(),
        fulfilment_counts=Counter(),
        channel_counts=Counter(),
    )
    payment_words, fulfilment_words, channel_words = sheet_words.PAYMENT, sheet_words.FULFILMENT, sheet_words.CHANNEL
    cancelled = FulfilmentStatus.CANCELLED
    zone = timezone.get_current_timezone()
    phones, formats, days = {}, {}, {}
    methods = ledger_by_order(orders)
    summary.money = money_by_day_and_method(orders)
    current, current_total = None, 0
    for number, line in enumerate(_lines(orders).iterator(chunk_size=2000), start=1):
        (quantity, unit_price, product, unit, order_id, code, placed_at, delivery_date, payment, fulfilment,
         channel, delivery_method, address, notes, paid, refunded, customer_id, customer, whatsapp,
         courier, tracking_number) = line
        if order_id != current:
            if current:
                _finish_order(summary, current_order, current_total)
            current, current_total = order_id, 0
            current_order = (fulfilment, payment, paid, refunded)
            note = cells.plain(payment_note(payment, paid, refunded, methods.get(order_id, ())))
            order_cells = (
                cells.plain(address_text(delivery_method, address)),
                cells.plain(code),
                cells.plain(notes),
                sheet_words.COURIER.get(courier) if courier else None,
                cells.plain(tracking_number),
            )
            summary.orders += 1
            summary.payment_counts[payment_words.get(payment, payment)] += 1
            summary.fulfilment_counts[fulfilment_words.get(fulfilment, fulfilment)] += 1
            summary.channel_counts[channel_words.get(channel, channel)] += 1
        amount = quantity * unit_price
        current_total += amount
        placed_day = placed_at.astimezone(zone).date()
        if customer_id not in phones:
            phones[customer_id] = (cells.plain(customer), cells.plain(display_whatsapp(whatsapp)))
        if unit not in formats:
            formats[unit] = quantity_format(unit)
        is_cancelled = fulfilment == cancelled
        sheet.append(
            [
                number,
                cells.shared(placed_day, DATE_FORMAT),
                phones[customer_id][0],
                cells.plain(product),
                cells.shared(quantity, formats[unit]),
                cells.shared(0 if is_cancelled else amount, MONEY_FORMAT),
                cells.shared(delivery_date, DATE_FORMAT),
                payment_words.get(payment, payment),
                fulfilment_words.get(fulfilment, fulfilment),
                phones[customer_id][1],
                order_cells[0],
                note,
                channel_words.get(channel, channel),
                order_cells[1],
                order_cells[2],
                cells.shared(amount, MONEY_FORMAT) if is_cancelled else None,
                order_cells[3],
                order_cells[4],
            ]
        )
        summary.lines += 1
        if not is_cancelled:
            summary.product_units[product] += quantity
            summary.product_amount[product] += amount
            summary.product_unit[product] = unit
    if current:
        _finish_order(summary, current_order, current_total)
    return summary


def _finish_order(summary, order, total):
    """Add one order's money to the paid / not-yet-paid totals, once all its lines are written."""
    fulfilment, payment, paid, refunded = order
    summary.paid += max(paid - refunded, 0)
    if fulfilment != FulfilmentStatus.CANCELLED and payment != PaymentStatus.REFUNDED:
        summary.due += max(total - paid, 0)


def _write_summary(sheet, summary, orders_title):
    """The Ringkasan sheet. Units and omzet per product are formulas over the rows, so they follow the
    owner's edits; every cell holding a name is text (never a formula)."""
    words = sheet_words.SUMMARY
    cells = _Cells(sheet)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 16
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    rows = _RowRanges(orders_title, summary.lines + 1)

    def blank():
        sheet.append([])

    sheet.append([cells.header(words["title"] + " " + orders_title)])
    blank()
    sheet.append([cells.header(words["product"]), cells.header(words["units"]), cells.header(words["omzet"])])
    first = 4
    for offset, name in enumerate(sorted(summary.product_units)):
        here = first + offset
        if rows.empty:
            units, amount = summary.product_units[name], summary.product_amount[name]
        else:
            # Exact name match (SUMIF would read * and ? in a name as wildcards); cancelled rows carry 0.
            units = f'=SUMPRODUCT(({rows["D"]}=$A{here})*({rows["I"]}<>"{sheet_words.FULFILMENT[FulfilmentStatus.CANCELLED]}")*{rows["E"]})'
            amount = f'=SUMPRODUCT(({rows["D"]}=$A{here})*{rows["F"]})'
        sheet.append(
            [cells.text(name), cells.number(units, quantity_format(summary.product_unit[name])), cells.number(amount, MONEY_FORMAT)]
        )
    last = first + len(summary.product_units) - 1
    if summary.product_units:
        total_units, total_amount = f"=SUM(B{first}:B{last})", f"=SUM(C{first}:C{last})"
    else:
        total_units = total_amount = 0
    sheet.append(
        [cells.header(words["total"]), cells.number(total_units, "0", BOLD), cells.number(total_amount, MONEY_FORMAT, BOLD)]
    )
    blank()
    sheet.append([cells.header(words["payments"]), None, cells.header(words["amount"])])
    sheet.append([cells.text(words["received"]), None, cells.number(summary.paid, MONEY_FORMAT)])
    sheet.append([cells.text(words["due"]), None, cells.number(summary.due, MONEY_FORMAT)])
    for heading, counts in (
        (words["per_payment"], summary.payment_counts),
        (words["per_fulfilment"], summary.fulfilment_counts),
        (words["per_channel"], summary.channel_counts),
    ):
        blank()
        sheet.append([cells.header(heading), cells.header(words["orders"])])
        for label, count in sorted(counts.items()):
            sheet.append([cells.text(label), cells.number(count)])
    _write_money(sheet, cells, summary.money, blank)
    blank()
    sheet.append([cells.text(words["orders"]), cells.number(summary.orders)])
    sheet.append([cells.text(words["lines"]), cells.number(f"=COUNTA({rows['A']})" if not rows.empty else 0)])


def _write_money(sheet, cells, money, blank):
    """Money received per method, then per day and method (refunds as negative amounts): what a helper hands over."""
    words, method_words = sheet_words.SUMMARY, sheet_words.METHOD
    per_method = defaultdict(int)
    for _day, method, received, returned in money:
        per_method[method] += received + returned
    blank()
    sheet.append([cells.header(words["per_method"]), None, cells.header(words["amount"])])
    for method in PaymentMethod:
        if method in per_method:
            sheet.append([cells.text(method_words[method]), None, cells.number(per_method[method], MONEY_FORMAT)])
    blank()
    sheet.append([cells.header(words["day"]), cells.header(words["method"]), cells.header(words["amount"])])
    for day, method, received, returned in money:
        for amount in (received, returned):
            if amount:
                label = method_words.get(method, method) + ("" if amount > 0 else f" ({words['refunds']})")
                sheet.append([cells.number(day, DATE_FORMAT), cells.text(label), cells.number(amount, MONEY_FORMAT)])


class _RowRanges:
    """Absolute references to a column of the order rows: rows["F"] → 'PO Juni 2025'!$F$2:$F$4."""

    def __init__(self, title, last_row):
        self.sheet = "'" + title.replace("'", "''") + "'"
        self.last_row = last_row
        self.empty = last_row < 2

    def __getitem__(self, column):
        return f"{self.sheet}!${column}$2:${column}${self.last_row}"


@dataclass
class MonthTotals:
    year: int
    month: int
    orders: int = 0
    units: int = 0
    omzet: int = 0
    paid: int = 0
    due: int = 0

    @property
    def label(self):
        return month_label(self.year, self.month)

    @property
    def key(self):
        return f"{self.year}-{self.month:02d}"

    @property
    def file_name(self):
        return file_name(self.year, self.month)


def monthly_totals():
    """Each month that has orders (Jakarta order date), newest first, with the sheet's totals.

    Units and omzet leave cancelled orders out, as the Ringkasan sheet does; paid is what was
    received minus refunds; due is what active orders still owe.
    """
    months = {}
    rows = Order.objects.with_totals().order_by().values_list(
        "placed_at", "fulfilment_status", "payment_status", "amount_paid", "amount_refunded", "total_amount", "total_units"
    )
    for placed_at, fulfilment, payment, paid, refunded, amount, units in rows.iterator(chunk_size=2000):
        local = timezone.localtime(placed_at)
        totals = months.setdefault((local.year, local.month), MonthTotals(local.year, local.month))
        totals.orders += 1
        totals.paid += max(paid - refunded, 0)
        if fulfilment != FulfilmentStatus.CANCELLED:
            totals.units += units
            totals.omzet += amount
            if payment != PaymentStatus.REFUNDED:
                totals.due += max(amount - paid, 0)
    return [months[key] for key in sorted(months, reverse=True)]
