from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.fields import DecimalNumberField, RupiahField, WholeNumberField
from production.models import CalendarOverride, Product, RecipeItem, WorkCalendar
from production.photos import thumbnail


class ProductForm(forms.ModelForm):
    price = RupiahField(
        min_value=0,
        max_value=100_000_000,
        help_text=_("Whole Rupiah per unit."),
        error_messages={"min_value": _("The price cannot be negative."), "max_value": _("The price is too high.")},
    )

    class Meta:
        model = Product
        fields = ["name", "unit", "price", "units_per_batch", "minutes_per_batch", "shelf_life_days", "is_active", "photo"]
        field_classes = {
            "units_per_batch": WholeNumberField,
            "minutes_per_batch": WholeNumberField,
            "shelf_life_days": WholeNumberField,
            "photo": forms.FileField,  # photos.thumbnail() reads and checks it (Django's ImageField would decode it twice)
        }
        widgets = {"photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}
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
        self.fields["photo"].help_text = _("JPG, PNG or WebP. It is made small for the order page.")

    def clean_photo(self):
        """A new upload becomes its thumbnail here, so a bad file is refused before anything is saved."""
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return thumbnail(photo)
        return photo

    def save(self, commit=True):
        old = Product.objects.filter(pk=self.instance.pk).values_list("photo", flat=True).first() if self.instance.pk else ""
        product = super().save(commit)
        if commit and old and "photo" in self.changed_data and product.photo.name != old:
            storage = product.photo.storage
            transaction.on_commit(lambda: storage.delete(old))  # the replaced or removed thumbnail
        return product

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
