from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.fields import DecimalNumberField, RupiahField, WholeNumberField
from production.models import CalendarOverride, Product, RecipeItem, WorkCalendar


class ProductForm(forms.ModelForm):
    price = RupiahField(
        min_value=0,
        max_value=100_000_000,
        help_text=_("Whole Rupiah per unit."),
        error_messages={"min_value": _("The price cannot be negative."), "max_value": _("The price is too high.")},
    )

    class Meta:
        model = Product
        fields = ["name", "unit", "price", "units_per_batch", "minutes_per_batch", "shelf_life_days", "is_active"]
        field_classes = {"units_per_batch": WholeNumberField, "minutes_per_batch": WholeNumberField, "shelf_life_days": WholeNumberField}
        error_messages = {
            "name": {"unique": _("A product with this name already exists.")},
            "units_per_batch": {"min_value": _("A batch makes at least 1 unit.")},
            "minutes_per_batch": {"min_value": _("A batch takes at least 1 minute.")},
            "shelf_life_days": {
                "min_value": _("A product keeps for at least 1 day, or leave it empty."),
                "max_value": _("At most 365 days."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].label = capfirst(Product._meta.get_field("price").verbose_name)

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class WorkCalendarForm(forms.ModelForm):
    days_off = forms.MultipleChoiceField(
        label=_("Weekly days off"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WorkCalendar
        fields = ["default_hours", "default_workers"]
        field_classes = {"default_hours": DecimalNumberField, "default_workers": WholeNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days_off"].initial = sorted(str(day) for day in self.instance.days_off)

    def save(self, commit=True):
        self.instance.weekly_days_off = "".join(sorted(self.cleaned_data["days_off"]))
        return super().save(commit)


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["closed", "hours", "workers", "note"]
        field_classes = {"hours": DecimalNumberField, "workers": WholeNumberField}
        widgets = {"note": forms.TextInput(attrs={"placeholder": _("e.g. Lebaran eve, family event")})}


class RecipeItemForm(forms.ModelForm):
    class Meta:
        model = RecipeItem
        fields = ["product", "ingredient", "quantity", "measure"]
        field_classes = {"quantity": DecimalNumberField}


class DoneForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.all(), widget=forms.HiddenInput)
    quantity = WholeNumberField(label=_("Made"), min_value=1, max_value=100_000)
