"""The order table's filters, search and sort, in one place: the table and the export both use them."""
from django import forms
from django.db.models import Min, Q
from django.utils.translation import gettext_lazy as _

from common.widgets import DateInput
from customers.models import Customer
from orders.models import Channel, FulfilmentStatus, Order, PaymentStatus, PreorderPeriod

# Sort key in the URL → the fields it orders by (a leading "-" in the URL reverses them).
SORTS = {
    "placed": ("placed_at", "pk"),
    "customer": ("customer__name", "pk"),
    "products": ("first_product", "pk"),
    "units": ("total_units", "pk"),
    "total": ("total_amount", "pk"),
    "delivery": ("delivery_date", "pk"),
    "payment": ("payment_status", "pk"),
    "fulfilment": ("fulfilment_status", "pk"),
    "channel": ("channel", "pk"),
    "code": ("code",),
}
DEFAULT_SORT = "-placed"
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]


def _choices(enum, everything):
    return [("", everything), *enum.choices]


class OrderFilterForm(forms.Form):
    """GET parameters of the order table; invalid ones are reported and ignored, valid ones applied."""

    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=PreorderPeriod.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All periods"),
    )
    placed_from = forms.DateField(label=_("Ordered from"), required=False, widget=DateInput())
    placed_to = forms.DateField(label=_("Ordered until"), required=False, widget=DateInput())
    delivery = forms.DateField(label=_("Delivery date"), required=False, widget=DateInput())
    payment = forms.ChoiceField(label=_("Payment"), choices=_choices(PaymentStatus, _("All")), required=False)
    fulfilment = forms.ChoiceField(label=_("Delivery"), choices=_choices(FulfilmentStatus, _("All")), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=_choices(Channel, _("All")), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, 0812…, or PO-…")}),
    )
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("placed_from"), data.get("placed_to")
        if start and end and end < start:
            self.add_error("placed_to", _("The end date is before the start date."))
        return data

    @property
    def sort_key(self):
        return self.cleaned_data.get("sort") or DEFAULT_SORT


def filtered_orders(params):
    """(orders matching the GET parameters, sorted, ready for the table; the bound OrderFilterForm)."""
    form = OrderFilterForm(params)
    form.is_valid()  # fields that fail are left out of cleaned_data and shown as errors
    data = form.cleaned_data
    orders = Order.objects.for_table()
    if data.get("period"):
        orders = orders.filter(period=data["period"])
    if data.get("placed_from"):
        orders = orders.filter(placed_at__date__gte=data["placed_from"])
    if data.get("placed_to"):
        orders = orders.filter(placed_at__date__lte=data["placed_to"])
    if data.get("delivery"):
        orders = orders.filter(delivery_date=data["delivery"])
    for field in ("payment", "fulfilment", "channel"):
        if data.get(field):
            orders = orders.filter(**{_FIELD[field]: data[field]})
    text = (data.get("q") or "").strip()
    if text:
        orders = orders.filter(Q(code__icontains=text) | Q(customer__in=Customer.objects.search(text)))
    sort = form.sort_key
    key = sort.lstrip("-")
    if key == "products":
        orders = orders.annotate(first_product=Min("lines__product__name"))
    elif key in ("total", "units"):
        orders = orders.with_totals()
    fields = SORTS[key]
    if sort.startswith("-"):
        fields = [f"-{field}" for field in fields]
    return orders.order_by(*fields), form


_FIELD = {"payment": "payment_status", "fulfilment": "fulfilment_status", "channel": "channel"}
