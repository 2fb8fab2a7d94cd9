"""Forms of the order pages: quick order entry and the payment, refund and cancel forms."""
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import RupiahField, WholeNumberField
from common.forms import FocusFirstError
from common.limits import MAX_AMOUNT, MAX_QUANTITY
from common.numbers import UnreadableNumber, parse_whole_number
from customers.models import Customer
from common.widgets import DateInput
from orders.models import Channel, Courier, DeliveryMethod, PaymentMethod, PreorderPeriod
from orders.services.placing import MAX_ADDRESS, MAX_NOTES


def periods_taking_orders():
    """Periods a helper may still take orders for: not closed (open now or opening later)."""
    return PreorderPeriod.objects.open_or_upcoming().order_by("opens_at")


class OrderEntryForm(FocusFirstError, forms.Form):
    """One order: a period, a customer (found or new), quantities per product on offer, delivery."""

    period = forms.ModelChoiceField(label=_("Period"), queryset=PreorderPeriod.objects.none(), to_field_name="slug")
    customer_q = forms.CharField(
        label=_("Find a customer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or 0812…"), "autocomplete": "off"}),
    )
    customer = forms.ModelChoiceField(queryset=Customer.objects.all(), required=False, widget=forms.HiddenInput)
    new_name = forms.CharField(label=_("Name"), required=False, max_length=120)
    new_whatsapp = forms.CharField(
        label=_("WhatsApp no."),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812-3456-7890"}),
    )
    new_address = forms.CharField(label=_("Address"), required=False, max_length=MAX_ADDRESS, widget=forms.Textarea(attrs={"rows": 2}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.WHATSAPP)
    delivery_method = forms.ChoiceField(
        label=_("Delivery method"), choices=DeliveryMethod.choices, initial=DeliveryMethod.PICKUP, widget=forms.RadioSelect
    )
    delivery_address = forms.CharField(
        label=_("Delivery address"),
        required=False,
        max_length=MAX_ADDRESS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the order is delivered or sent by courier."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=MAX_NOTES, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, period=None, stock_items=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods_taking_orders()
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        self.chosen_period = period
        self.offers = list(period.offers.select_related("product").order_by("product__name")) if period else []
        for offer in self.offers:
            self.fields[self.quantity_name(offer.product_id)] = WholeNumberField(
                label=offer.product.name,
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                widget=forms.TextInput(attrs={"class": "qty"}),
            )
        # Ready-stock products (stock.selectors.sellable): sold from the shelf, beside or instead of the PO's.
        self.stock_items = list(stock_items)
        for item in self.stock_items:
            self.fields[self.stock_name(item.product_id)] = WholeNumberField(
                label=item.product.name, required=False, min_value=0, max_value=MAX_QUANTITY, widget=forms.TextInput(attrs={"class": "qty"}),
            )
        if period:
            self.fields["period"].initial = period.slug
        # As on the page: the products come before the delivery fields.
        self.order_fields(["period", "customer_q", "customer", "new_name", "new_whatsapp", "new_address"] + [self.quantity_name(offer.product_id) for offer in self.offers])

    @staticmethod
    def quantity_name(product_id):
        return f"qty_{product_id}"

    @staticmethod
    def stock_name(product_id):
        return f"stock_{product_id}"

    def stock_rows(self):
        """(stock item, bound quantity field) for each ready-stock product on the shelf."""
        return [(item, self[self.stock_name(item.product_id)]) for item in self.stock_items]

    def product_rows(self):
        """(offer, bound quantity field) for each product on offer, for the template."""
        return [(offer, self[self.quantity_name(offer.product_id)]) for offer in self.offers]

    def current(self, name):
        """What the field holds now: the posted value, or the value carried over by a refresh."""
        source = self.data if self.is_bound else self.initial
        return source.get(name, "")

    def typed_quantities(self):
        """{product_id: quantity} of what is typed right now, skipping blanks and anything unreadable."""
        quantities = {}
        for offer in self.offers:
            raw = self.current(self.quantity_name(offer.product_id))
            try:
                quantity = parse_whole_number(raw) if str(raw).strip() else 0
            except UnreadableNumber:
                continue
            if 0 < quantity <= MAX_QUANTITY:
                quantities[offer.product_id] = quantity
        return quantities

    def preview_total(self):
        """The order's total in Rupiah from the products' prices, as the order will be priced."""
        prices = {offer.product_id: offer.product.price for offer in self.offers}
        total = sum(prices[pid] * quantity for pid, quantity in self.typed_quantities().items())
        for item in self.stock_items:
            try:
                quantity = parse_whole_number(self.current(self.stock_name(item.product_id)) or 0)
            except UnreadableNumber:
                continue
            if 0 < quantity <= MAX_QUANTITY:
                total += item.product.price * quantity
        return total

    def clean(self):
        data = super().clean()
        if not data.get("customer") and not (data.get("new_name") or "").strip():
            self.add_error("customer_q", _("Choose a customer, or fill in the name of a new one."))
        names = [self.quantity_name(offer.product_id) for offer in self.offers]
        names += [self.stock_name(item.product_id) for item in self.stock_items]
        if names and not any(data.get(name) for name in names) and not any(name in self.errors for name in names):
            self.add_error(None, _("Choose at least one product."))
        return data

    def lines(self):
        return {
            offer.product_id: self.cleaned_data[self.quantity_name(offer.product_id)]
            for offer in self.offers
            if self.cleaned_data.get(self.quantity_name(offer.product_id))
        }

    def stock_lines(self):
        """{product_id: quantity} sold from ready stock."""
        return {
            item.product_id: self.cleaned_data[self.stock_name(item.product_id)]
            for item in self.stock_items
            if self.cleaned_data.get(self.stock_name(item.product_id))
        }

    def chosen_customer(self):
        """The customer picked from the search, or an unsaved new one for place_order to match or create."""
        if self.cleaned_data.get("customer"):
            return self.cleaned_data["customer"]
        return Customer(
            name=self.cleaned_data["new_name"].strip(),
            whatsapp=self.cleaned_data.get("new_whatsapp", ""),
            address=self.cleaned_data.get("new_address", ""),
        )


class PlainForm(forms.Form):
    """A small form on a page that holds several: its ids start with its own `id_prefix`.

    Field names stay plain (what is posted does not change); only the ids differ, so two forms
    with an "amount" on one page never share an id and each label names its own field.
    """

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


METHOD_CHOICES = [(method.value, method.label) for method in PaymentMethod if method != PaymentMethod.UNKNOWN]


class PaymentForm(PlainForm):
    id_prefix = "payment"
    amount = RupiahField(label=_("Amount (Rp)"), min_value=1, max_value=MAX_AMOUNT)
    method = forms.ChoiceField(label=_("Paid by"), choices=METHOD_CHOICES, initial=PaymentMethod.TRANSFER)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), required=False, initial=timezone.localdate)
    note = forms.CharField(label=_("Reference or note"), required=False, max_length=200)
    proof = forms.FileField(
        label=_("Proof (screenshot)"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
    )


class CorrectPaymentForm(PlainForm):
    id_prefix = "correct"
    amount_paid = RupiahField(label=_("Amount really paid (Rp)"), min_value=0, max_value=MAX_AMOUNT)
    note = forms.CharField(label=_("Reason for the correction"), max_length=500)


class RefundForm(PlainForm):
    id_prefix = "refund"
    amount = RupiahField(label=_("Refund amount (Rp)"), min_value=1, max_value=MAX_AMOUNT)
    method = forms.ChoiceField(label=_("Given back by"), choices=METHOD_CHOICES, initial=PaymentMethod.TRANSFER)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class VoidPaymentForm(PlainForm):
    reason = forms.CharField(label=_("Why is this row wrong?"), max_length=200)

    def __init__(self, *args, payment_id, **kwargs):
        self.id_prefix = f"void{payment_id}"
        super().__init__(*args, **kwargs)


class CancelForm(PlainForm):
    id_prefix = "cancel"
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class EditLinesForm(PlainForm):
    """New quantities for an order's products: one field per product the period offers or the order has.

    `seen` carries the quantities the editor saw ("12:2,15:1"), so an edit over someone else's is refused.
    """

    id_prefix = "edit"
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, products, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = products
        for product in products:
            self.fields[self.quantity_name(product.pk)] = WholeNumberField(
                label=product.name, min_value=0, max_value=MAX_QUANTITY, required=False, initial=current.get(product.pk, 0)
            )
        self.fields["seen"].initial = ",".join(f"{pid}:{quantity}" for pid, quantity in sorted(current.items()))

    @staticmethod
    def quantity_name(product_id):
        return f"qty_{product_id}"

    def rows(self):
        """(product, bound field) in the page's order."""
        return [(product, self[self.quantity_name(product.pk)]) for product in self.products]

    def quantities(self):
        return {product: self.cleaned_data.get(self.quantity_name(product.pk)) or 0 for product in self.products}

    def seen_quantities(self):
        """{product pk: quantity} the editor saw, or None when the form did not say."""
        text = self.cleaned_data.get("seen") or ""
        try:
            return {int(pid): int(quantity) for pid, quantity in (pair.split(":") for pair in text.split(",") if pair)}
        except ValueError:
            return None


class ShippingForm(PlainForm):
    courier = forms.ChoiceField(label=_("Courier"), choices=[("", "—"), *Courier.choices])
    tracking_number = forms.CharField(
        label=_("Tracking number (resi)"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
