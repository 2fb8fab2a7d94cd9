"""The forms customers fill on the public PO page: the order and the waitlist."""
import uuid
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.fields import WholeNumberField
from common.forms import FocusFirstError
from common.text import strip_bidi_controls
from customers.phone import normalize_whatsapp
from orders.models import DeliveryMethod
from orders.services.placing import MAX_ADDRESS, MAX_NOTES
from common.limits import MAX_QUANTITY


class HoneypotInput(forms.TextInput):
    """The field people never see: out of the tab order, hidden from screen readers, never refilled.

    A value typed by a bot is not sent back in the re-shown form, so the page never echoes it.
    """

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"})

    def format_value(self, value):
        return None


def honeypot_field():
    return forms.CharField(required=False, label=_("Leave this empty"), widget=HoneypotInput())


class WhatsAppField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", _("Your WhatsApp number"))
        kwargs.setdefault("help_text", _("Like 0812-3456-7890"))
        kwargs.setdefault("error_messages", {"required": _("Please fill in your WhatsApp number.")})
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalize_whatsapp(value)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class RunningTotal(NamedTuple):
    amount: int  # Rupiah at today's prices
    units: int
    readable: bool  # False when a quantity could not be read (it counts as 0)


class PublicOrderForm(FocusFirstError, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Please fill in your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    whatsapp = WhatsAppField()
    delivery_method = forms.ChoiceField(
        label=_("Delivery"), choices=DeliveryMethod.choices, initial=DeliveryMethod.PICKUP, widget=forms.RadioSelect
    )
    address = forms.CharField(
        label=_("Address (for delivery)"),
        required=False,
        max_length=MAX_ADDRESS,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=MAX_NOTES, widget=forms.Textarea(attrs={"rows": 2}))
    # Honeypot: hidden from people by CSS, filled in by bots.
    website = honeypot_field()
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    ready_on = forms.DateField(
        label=_("Ready stock: pickup or delivery on"),
        required=False,
        help_text=_("For an order of ready stock only; empty: today. With pre-ordered products it comes on the PO's date."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, offers=(), stock_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
        self.offers = list(offers)
        # Ready-stock products (stock.selectors.sellable) share the qty_ fields' rules under stock_ names.
        self.stock_items = list(stock_items)
        for item in self.stock_items:
            self.fields[f"stock_{item.product_id}"] = WholeNumberField(
                label=item.product.name,
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                error_messages={"min_value": _("The quantity cannot be negative.")},
                widget=forms.TextInput(attrs={"class": "qty"}),
            )
        for offer in self.offers:
            self.fields[f"qty_{offer.product_id}"] = WholeNumberField(
                label=offer.product.name,
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                error_messages={
                    "min_value": _("The quantity cannot be negative."),
                    "max_value": _("At most %(limit_value)s per product."),
                },
                widget=forms.TextInput(attrs={"class": "qty"}),
            )
        self.order_fields([f"qty_{offer.product_id}" for offer in self.offers])  # as on the page

    def quantity_fields(self):
        return [(offer, self[f"qty_{offer.product_id}"]) for offer in self.offers]

    def stock_fields(self):
        return [(item, self[f"stock_{item.product_id}"]) for item in self.stock_items]

    def running_total(self):
        """What the quantities typed so far come to, before ordering (nothing is checked or kept)."""
        amount = units = 0
        readable = True
        rows = [(f"qty_{offer.product_id}", offer.product) for offer in self.offers]
        rows += [(f"stock_{item.product_id}", item.product) for item in self.stock_items]
        for name, product in rows:
            try:
                quantity = self.fields[name].clean(self.data.get(name)) or 0
            except ValidationError:
                readable = False
                continue
            amount += quantity * product.price
            units += quantity
        return RunningTotal(amount, units, readable)

    def typed_lines(self):
        """{product_id: quantity} of the pre-order quantities typed so far, for a hold ("Lanjut").

        Unreadable or empty quantities count as 0 (the hold service refuses an empty choice).
        """
        lines = {}
        for offer in self.offers:
            try:
                quantity = self.fields[f"qty_{offer.product_id}"].clean(self.data.get(f"qty_{offer.product_id}")) or 0
            except ValidationError:
                continue
            if quantity:
                lines[offer.product_id] = quantity
        return lines

    def clean_name(self):
        name = strip_bidi_controls(self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError(_("Please fill in your name."))
        return name

    def clean(self):
        data = super().clean()
        lines = {}
        for offer in self.offers:
            quantity = data.get(f"qty_{offer.product_id}")
            if quantity:
                lines[offer.product_id] = quantity
        stock_lines = {}
        for item in self.stock_items:
            quantity = data.get(f"stock_{item.product_id}")
            if quantity:
                stock_lines[item.product_id] = quantity
        # A quantity for a product that is not on offer in this PO (a forged form) is refused too.
        for name in self.data:
            if name.startswith(("qty_", "stock_")) and name not in self.fields and (self.data.get(name) or "").strip() not in ("", "0"):
                raise ValidationError(_("That product is not offered in this PO."))
        if not lines and not stock_lines and not self.errors:
            raise ValidationError(_("Choose at least one product."))
        if data.get("delivery_method", DeliveryMethod.PICKUP) != DeliveryMethod.PICKUP and not data.get("address", "").strip():
            self.add_error("address", _("Please fill in the delivery address."))
        data["lines"] = lines
        data["stock_lines"] = stock_lines
        return data


class WaitlistForm(FocusFirstError, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120, error_messages={"required": _("Please fill in your name.")})
    whatsapp = WhatsAppField()
    website = honeypot_field()

    def clean_name(self):
        name = strip_bidi_controls(self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError(_("Please fill in your name."))
        return name
