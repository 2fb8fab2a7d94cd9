from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from production.models import Product


class RupiahField(forms.IntegerField):
    """Whole Rupiah, typed as 25000, 25.000 or Rp25.000."""

    default_error_messages = {
        "invalid": _("Write the price in whole Rupiah, e.g. 25000 or 25.000."),
        "min_value": _("The price cannot be negative."),
        "max_value": _("The price is too high."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("Rp").removeprefix("rp").replace(".", "").replace(" ", "")
        return super().to_python(value)


class ProductForm(forms.ModelForm):
    price = RupiahField(min_value=0, max_value=100_000_000, help_text=_("Whole Rupiah per unit."))

    class Meta:
        model = Product
        fields = ["name", "unit", "price", "units_per_batch", "minutes_per_batch", "is_active"]
        error_messages = {
            "name": {"unique": _("A product with this name already exists.")},
            "units_per_batch": {"min_value": _("A batch makes at least 1 unit.")},
            "minutes_per_batch": {"min_value": _("A batch takes at least 1 minute.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].label = capfirst(Product._meta.get_field("price").verbose_name)
        self.fields["price"].widget.attrs.update({"inputmode": "numeric"})
