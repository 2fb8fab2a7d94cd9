from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def num(value, places=1):
    """A Fraction or Decimal as a short number: 6, 6,5, 16,7 (the locale's decimal mark)."""
    if value is None or value == "":
        return ""
    value = Fraction(str(value)) if isinstance(value, Decimal) else Fraction(value)
    if value.denominator == 1:
        return number_format(value.numerator, use_l10n=True)
    return number_format(round(float(value), int(places)), decimal_pos=int(places), use_l10n=True)


@register.filter
def whole(value):
    """A number rounded down to a whole number."""
    return int(Fraction(value)) if value is not None else ""
