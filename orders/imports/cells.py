"""Reading one cell: the template's column names and the ways people write dates, money and quantities."""
import re
from datetime import date, datetime

from django.utils import translation
from openpyxl.utils.datetime import from_excel

from common.numbers import UnreadableNumber, parse_whole_number
from orders.export import MONTHS_ID

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
    "notes": "Catatan",
    "cancelled_total": "Total Dibatalkan",
}
REQUIRED = ["placed", "customer", "product", "quantity", "total", "delivery"]
MONTH_WORDS = {
    **{name.lower(): number for number, name in enumerate(MONTHS_ID, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTHS_ID, start=1)},
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "mar": 3, "oct": 10, "dec": 12, "agu": 8, "ags": 8, "des": 12, "okt": 10,
}


def normal_key(text):
    """The text lower-cased with only letters and digits, to compare names as people type them."""
    return re.sub(r"[^0-9a-z]", "", str(text or "").lower())


def status_words(enum_class, sheet_vocabulary):
    """Every way a sheet may write a status: the sheet's Indonesian word, the English label, the stored value.

    The Indonesian words come from orders/sheet_words.py, so reading needs no compiled catalogue.
    """
    words = {}
    for value, label in enum_class.choices:
        words[normal_key(value)] = value
        with translation.override("en"):
            words[normal_key(str(label))] = value
        words[normal_key(sheet_vocabulary[value])] = value
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
    """Whole Rupiah as people write it (75000, 'Rp75.000', 'Rp150.000,-', '75.000,00'), by the app's one
    number parser; None if it is not an amount or is ambiguous ('75,5', '1.50')."""
    try:
        return parse_whole_number(value if value is not None else "")
    except UnreadableNumber:
        return None


def parse_quantity(value, number_format=""):
    """(quantity, unit) from 3, '3', '3 Box', '3 loyang'; the unit may also come from a '0 "Box"' number format."""
    unit = ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        found = re.search(r'"\s*([^"]+?)\s*"', number_format or "")
        return value, (found[1].lower() if found else "")
    match = re.fullmatch(r"(-?[\d.]+)\s*([^\d\s.].*)?", str(value or "").strip())
    if not match:
        return None, ""
    if match[2]:
        unit = match[2].strip().lower()
    return parse_money(match[1]), unit


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


