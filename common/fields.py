"""Form fields for numbers typed the Indonesian way; every money and quantity input uses one of these."""
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.numbers import UnreadableNumber, parse_decimal_number, parse_whole_number, typed_decimal


class WholeNumberField(forms.IntegerField):
    """A count (units, orders, minutes): 12, 1.500 or 1500. A text input, because type=number refuses dots."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": UnreadableNumber.messages["invalid"],
        "decimal": UnreadableNumber.messages["decimal"],
        "grouping": UnreadableNumber.messages["grouping"],
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_whole_number(value)
        except UnreadableNumber as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from None


class RupiahField(WholeNumberField):
    """Whole Rupiah: 150000, 150.000, Rp 150.000, Rp150.000,- or 150.000,00."""

    default_error_messages = {
        "invalid": _("Write the amount in whole Rupiah, e.g. 150000 or 150.000."),
        "decimal": _("Rupiah has no cents: write the amount without a comma part, e.g. 150.000."),
        "min_value": _("The amount must be at least Rp%(limit_value)s."),
        "max_value": _("The amount is too large."),
    }


class DecimalNumberField(forms.DecimalField):
    """A number with a fraction (hours, grams): 6,5 or 6.5; 1.000 is a thousand, as everywhere in the app."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Write a number, e.g. 6 or 6,5."),
        "grouping": _("A dot separates thousands in groups of three digits; write a fraction with a comma, e.g. 6,5."),
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def prepare_value(self, value):
        return typed_decimal(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_decimal_number(value)
        except UnreadableNumber as error:
            raise ValidationError(self.error_messages.get(error.code, self.error_messages["invalid"]), code=error.code) from None
