from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import WholeNumberField
from common.limits import MAX_QUANTITY
from production.models import Product
from stock.models import MovementKind, StockItem

# Sales come from orders and made units from Hari ini; these are the ones staff type in.
TYPED_KINDS = [MovementKind.PURCHASE, MovementKind.RETURN, MovementKind.WASTE, MovementKind.CORRECTION]


class MovementForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), label=_("Product"), empty_label=None)
    kind = forms.ChoiceField(label=_("What happened"), choices=[(kind.value, kind.label) for kind in TYPED_KINDS])
    quantity = WholeNumberField(
        label=_("Quantity"),
        min_value=-MAX_QUANTITY,
        max_value=MAX_QUANTITY,
        help_text=_("Units. A correction may be negative: −3 means three fewer than recorded."),
    )
    reason = forms.CharField(label=_("Why"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(stock_item__isnull=False, is_active=True).order_by("name")


class StockItemForm(forms.ModelForm):
    """Sell a product from ready stock, or change its low-stock level."""

    class Meta:
        model = StockItem
        fields = ["product", "low_level"]
        field_classes = {"low_level": WholeNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(is_active=True).order_by("name")
        self.fields["product"].empty_label = None


class CountForm(forms.Form):
    """Stok opname: one box per ready-stock product; an empty box leaves that product uncounted."""

    reason = forms.CharField(
        label=_("Why it differs"), max_length=200, required=False, help_text=_("Needed when the shelf differs from the records.")
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[self.field_name(item)] = WholeNumberField(
                label=item.product.name, required=False, min_value=0, max_value=MAX_QUANTITY,
                error_messages={"min_value": _("A count cannot be negative.")},
            )
        self.order_fields([self.field_name(item) for item in items] + ["reason"])

    @staticmethod
    def field_name(item):
        return f"counted_{item.product_id}"

    def rows(self):
        """(item, bound field) per product, for the template."""
        return [(item, self[self.field_name(item)]) for item in self.items]

    def counted(self):
        """{product_id: units} of the boxes filled in."""
        return {
            item.product_id: self.cleaned_data[self.field_name(item)]
            for item in self.items
            if self.cleaned_data.get(self.field_name(item)) is not None
        }
