from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from production.models import CalendarOverride, Product, RecipeItem, WorkCalendar

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


def _short(value):
    """6.00 → 6 and 6.50 → 6.5 in the form's input."""
    return value.normalize() if isinstance(value, Decimal) else value


class WorkCalendarForm(forms.ModelForm):
    days_off = forms.MultipleChoiceField(
        label=_("Weekly days off"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WorkCalendar
        fields = ["default_hours", "default_workers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days_off"].initial = sorted(str(day) for day in self.instance.days_off)
        self.initial["default_hours"] = _short(self.instance.default_hours)

    def save(self, commit=True):
        self.instance.weekly_days_off = "".join(sorted(self.cleaned_data["days_off"]))
        return super().save(commit)


class CalendarOverrideForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["hours"] = _short(self.instance.hours)

    class Meta:
        model = CalendarOverride
        fields = ["closed", "hours", "workers", "note"]
        widgets = {"note": forms.TextInput(attrs={"placeholder": _("e.g. Lebaran eve, family event")})}


class RecipeItemForm(forms.ModelForm):
    class Meta:
        model = RecipeItem
        fields = ["product", "ingredient", "quantity", "measure"]


class DoneForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.all(), widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Made"), min_value=1, max_value=100_000)
