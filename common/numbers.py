"""Whole numbers as Indonesians type them: 150000, 150.000, Rp 150.000, Rp150.000,- or 150.000,00.

Pure: no Django models, so every layer (products, orders, the sheet import) reads numbers the same way.
"""
import math
import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

LONGEST = 30  # characters; nobody types a longer number, and int() of a huge string is slow
CURRENCY = re.compile(r"^(?:rp|idr)\.?\s*", re.IGNORECASE)
PLAIN = re.compile(r"[0-9]+")
DOT_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
ZERO_DECIMALS = re.compile(r"(.*),0{1,2}")


class UnreadableNumber(ValueError):
    """Not a whole number. `code` says why: "invalid", "decimal" (a comma part) or "grouping" (dots not in threes)."""

    messages = {
        "invalid": _("Write a whole number, e.g. 12 or 150.000."),
        "decimal": _("Write a whole number without a comma part, e.g. 150.000."),
        "grouping": _("A dot separates thousands in groups of three digits: write 1.500 or 1500."),
    }

    def __init__(self, code):
        self.code = code
        super().__init__(self.messages[code])

    @property
    def message(self):
        return self.messages[self.code]


def parse_whole_number(value):
    """The whole number in `value` (an int, a whole float or Decimal, or typed text); UnreadableNumber if none or unclear.

    Dots group thousands ("150.000"); a comma part may only be zero (",00") or ",-"; "Rp"/"IDR" in front is
    ignored. Ambiguous text ("1.50", "1.5000", "150,5", "150,000") is refused rather than guessed.
    """
    if isinstance(value, bool):
        raise UnreadableNumber("invalid")
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        if not math.isfinite(value):
            raise UnreadableNumber("invalid")
        if value != int(value):
            raise UnreadableNumber("decimal")
        return int(value)
    text = str(value).strip()
    if not text or len(text) > LONGEST:
        raise UnreadableNumber("invalid")
    text = CURRENCY.sub("", text)
    sign = 1
    if text.startswith("-"):
        sign, text = -1, text[1:].lstrip()
    text = text.removesuffix(",-").removesuffix(".-")
    if zeros := ZERO_DECIMALS.fullmatch(text):
        text = zeros[1]
    if PLAIN.fullmatch(text):
        return sign * int(text)
    if DOT_GROUPED.fullmatch(text):
        return sign * int(text.replace(".", ""))
    if re.fullmatch(r"[0-9.]*[0-9][0-9.]*", text):
        raise UnreadableNumber("grouping")
    if re.fullmatch(r"[0-9.]+,[0-9]+", text):
        raise UnreadableNumber("decimal")
    raise UnreadableNumber("invalid")


DECIMAL_COMMA = re.compile(r"(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),(?P<part>[0-9]+)")
DECIMAL_DOT = re.compile(r"[0-9]*\.[0-9]+")


def parse_decimal_number(value):
    """A number that may have a fraction (hours, grams): "6,5" or "6.5", "1.000" or "1.000,5"; UnreadableNumber if unclear.

    As in parse_whole_number, dots in groups of three separate thousands; otherwise a single dot or a comma
    marks the fraction. Text mixing them the English way ("1,000.5") is refused.
    """
    if isinstance(value, bool):
        raise UnreadableNumber("invalid")
    if isinstance(value, (int, float, Decimal)):
        if not math.isfinite(value):
            raise UnreadableNumber("invalid")
        return Decimal(str(value))
    text = str(value).strip()
    if not text or len(text) > LONGEST:
        raise UnreadableNumber("invalid")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:].lstrip()
    if PLAIN.fullmatch(text):
        return Decimal(sign + text)
    if DOT_GROUPED.fullmatch(text):
        return Decimal(sign + text.replace(".", ""))
    if parts := DECIMAL_COMMA.fullmatch(text):
        return Decimal(f"{sign}{parts['whole'].replace('.', '')}.{parts['part']}")
    if DECIMAL_DOT.fullmatch(text):
        return Decimal(sign + text)
    if re.fullmatch(r"[0-9.,]*[0-9][0-9.,]*", text):
        raise UnreadableNumber("grouping")
    raise UnreadableNumber("invalid")


def typed_decimal(value):
    """A Decimal as it reads back into parse_decimal_number: 6,5 and 10 (never 6.50 or 1E+1)."""
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")
