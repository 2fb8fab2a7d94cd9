"""The monthly sheet: orders out as PO_<Bulan>_<Tahun>.xlsx, laid out like the shop's own template.

One row per order line (summing Total Harga gives the omzet). The file is always Indonesian,
whatever the page language: the column names are the template's, the words are written with the
'id' translation active. Rows stream through openpyxl's write-only mode, so memory stays flat.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from customers.phone import display_whatsapp
from orders.models import Channel, DeliveryMethod, FulfilmentStatus, Order, OrderLine, PaymentStatus
from orders.money import rupiah

# The template's column names are the file format itself (the import finds them by name),
# so they are not translated.
HEADERS = [
    "No",
    "Tanggal Order",
    "Nama Pelanggan",
    "Produk Dipesan",
    "Jumlah",
    "Total Harga",
    "Tanggal Kirim",
    "Status Bayar",
    "Status Kirim",
    "No. WhatsApp",
    "Alamat Kirim",
    "Metode Pembayaran",
    "Saluran",
    "Kode Pesanan",
]
WIDTHS = [5, 17, 24, 22, 11, 14, 17, 13, 15, 16, 32, 20, 14, 15]
MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]
DATE_FORMAT = "[$-421]d mmmm yyyy"
MONEY_FORMAT = '"Rp"#,##0'
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


def payment_note(order):
    """What the order knows about its payment ('DP Rp20.000'); there is no payment-method field."""
    if order.payment_status == PaymentStatus.DEPOSIT:
        return f"DP {rupiah(order.amount_paid)}"
    if order.payment_status == PaymentStatus.REFUNDED and order.amount_refunded:
        return f"{PaymentStatus.REFUNDED.label} {rupiah(order.amount_refunded)}"
    return ""


def address_text(order):
    if order.delivery_method == DeliveryMethod.PICKUP and not order.delivery_address:
        return str(DeliveryMethod.PICKUP.label)
    return order.delivery_address


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


def _lines(orders):
    return (
        OrderLine.objects.filter(order__in=orders.order_by().values("pk"))
        .select_related("order", "order__customer", "product")
        .order_by("order__placed_at", "order__pk", "pk")
    )


class _Cells:
    """Builds styled write-only cells; one style object per format is shared by every row.

    A write-only sheet writes each row as it is appended, so a cell with a value that repeats
    (a status, a product, a date) is built once and appended again: `shared` keeps those.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self._shared = {}

    def shared(self, kind, value, number_format=None):
        key = (kind, value, number_format)
        cell = self._shared.get(key)
        if cell is None:
            if len(self._shared) > 5000:
                self._shared.clear()
            cell = self.text(value) if kind == "text" else self.number(value, number_format)
            self._shared[key] = cell
        elif kind == "text":
            cell.data_type = "s"  # openpyxl's append loop retypes an unstyled cell after writing it
        return cell

    def text(self, value):
        cell = WriteOnlyCell(self.sheet)
        text = as_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would store '=…' as a formula otherwise
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
        return cell

    def number(self, value, number_format=None, font=None):
        cell = WriteOnlyCell(self.sheet, value=value)
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
    with translation.override("id"):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title[:31])
        _set_up_orders_sheet(sheet)
        cells = _Cells(sheet)
        sheet.append([cells.header(name) for name in HEADERS])
        summary = _write_rows(sheet, cells, orders)
        last_row = summary.lines + 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{last_row}"
        _write_summary(workbook.create_sheet(_("Summary")), summary, title)
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
    payment_labels = {value: str(label) for value, label in PaymentStatus.choices}
    fulfilment_labels = {value: str(label) for value, label in FulfilmentStatus.choices}
    channel_labels = {value: str(label) for value, label in Channel.choices}
    row_number = 0
    phones = {}
    current, current_total, note = None, 0, ""
    for line in _lines(orders).iterator(chunk_size=2000):
        order = line.order
        if current is None or current.pk != order.pk:
            _finish_order(summary, current, current_total)
            current, current_total, note = order, 0, payment_note(order)
            summary.orders += 1
            summary.payment_counts[payment_labels.get(order.payment_status, order.payment_status)] += 1
            summary.fulfilment_counts[fulfilment_labels.get(order.fulfilment_status, order.fulfilment_status)] += 1
            summary.channel_counts[channel_labels.get(order.channel, order.channel)] += 1
        row_number += 1
        amount = line.quantity * line.unit_price
        current_total += amount
        placed = timezone.localtime(order.placed_at).date()
        product = line.product
        customer = order.customer
        if customer.pk not in phones:
            phones[customer.pk] = display_whatsapp(customer.whatsapp)
        sheet.append(
            [
                cells.number(row_number),
                cells.shared("date", placed, DATE_FORMAT),
                cells.text(customer.name),
                cells.shared("text", product.name),
                cells.shared("quantity", line.quantity, quantity_format(product.unit)),
                cells.number(amount, MONEY_FORMAT),
                cells.shared("date", order.delivery_date, DATE_FORMAT),
                cells.shared("text", payment_labels.get(order.payment_status, order.payment_status)),
                cells.shared("text", fulfilment_labels.get(order.fulfilment_status, order.fulfilment_status)),
                cells.text(phones[customer.pk]),
                cells.text(address_text(order)),
                cells.shared("text", note),
                cells.shared("text", channel_labels.get(order.channel, order.channel)),
                cells.text(order.code),
            ]
        )
        summary.lines += 1
        if order.fulfilment_status != FulfilmentStatus.CANCELLED:
            summary.product_units[product.name] += line.quantity
            summary.product_amount[product.name] += amount
            summary.product_unit[product.name] = product.unit
    _finish_order(summary, current, current_total)
    return summary


def _finish_order(summary, order, total):
    """Add one order's money to the paid / not-yet-paid totals, once all its lines are written."""
    if order is None:
        return
    summary.paid += max(order.amount_paid - order.amount_refunded, 0)
    if order.fulfilment_status != FulfilmentStatus.CANCELLED and order.payment_status != PaymentStatus.REFUNDED:
        summary.due += max(total - order.amount_paid, 0)


def _write_summary(sheet, summary, title):
    cells = _Cells(sheet)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 16
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4

    def blank():
        sheet.append([])

    sheet.append([cells.header(_("Summary") + " " + title)])
    blank()
    sheet.append([cells.header(_("Product")), cells.header(_("Units")), cells.header(_("Omzet"))])
    total_units = total_amount = 0
    for name in sorted(summary.product_units):
        units, amount = summary.product_units[name], summary.product_amount[name]
        total_units += units
        total_amount += amount
        sheet.append(
            [cells.text(name), cells.number(units, quantity_format(summary.product_unit[name])), cells.number(amount, MONEY_FORMAT)]
        )
    sheet.append(
        [cells.header(_("Total (without cancelled orders)")), cells.number(total_units, "0", BOLD), cells.number(total_amount, MONEY_FORMAT, BOLD)]
    )
    blank()
    sheet.append([cells.header(_("Payments")), None, cells.header(_("Amount"))])
    sheet.append([cells.text(_("Received")), None, cells.number(summary.paid, MONEY_FORMAT)])
    sheet.append([cells.text(_("Not yet paid")), None, cells.number(summary.due, MONEY_FORMAT)])
    for heading, counts in (
        (_("Orders per payment status"), summary.payment_counts),
        (_("Orders per delivery status"), summary.fulfilment_counts),
        (_("Orders per channel"), summary.channel_counts),
    ):
        blank()
        sheet.append([cells.header(heading), cells.header(_("Orders"))])
        for label, count in sorted(counts.items()):
            sheet.append([cells.text(label), cells.number(count)])
    blank()
    sheet.append([cells.text(_("Orders")), cells.number(summary.orders)])
    sheet.append([cells.text(_("Rows (order lines)")), cells.number(summary.lines)])


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
