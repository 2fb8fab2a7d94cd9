"""Forms of the supplier pages. Field problems show under the field; the sample and MOQ rules are
asked of suppliers.services (mass_order_refusal), which the services ask again on saving."""
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import RupiahField, WholeNumberField
from common.limits import MAX_AMOUNT
from common.widgets import DateInput
from production.models import Product
from production.photos import thumbnail
from suppliers.models import PaymentKind, QCResult, Status, Supplier, SupplierOrder
from suppliers.services import mass_order_refusal

MAX_SUPPLIER_QUANTITY = 1_000_000  # a factory run is larger than a kitchen's order
QC_PHOTO_SIDE = 1280  # a defect must stay visible: bigger than a product thumbnail
QC_PHOTO_BYTES = 200 * 1024
MAX_PHOTOS = 8
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos, each checked and made small by production.photos.thumbnail."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT, "multiple": True}))
        kwargs.setdefault("help_text", _("JPG, PNG or WebP, up to %(count)s photos.") % {"count": MAX_PHOTOS})
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(count)s photos at once.") % {"count": MAX_PHOTOS})
        return [thumbnail(super(PhotosField, self).clean(item, initial), side=QC_PHOTO_SIDE, max_bytes=QC_PHOTO_BYTES)
                for item in files if isinstance(item, UploadedFile)]


class PhotoField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        return thumbnail(data, side=QC_PHOTO_SIDE, max_bytes=QC_PHOTO_BYTES) if isinstance(data, UploadedFile) else None


class Plain:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SupplierForm(Plain, forms.ModelForm):
    moq = WholeNumberField(label=_("Minimum order quantity (MOQ)"), required=False, min_value=1, max_value=MAX_SUPPLIER_QUANTITY)
    sample_lead_days = WholeNumberField(label=_("Sample lead time (days)"), required=False, min_value=0, max_value=365)
    mass_lead_days = WholeNumberField(label=_("Mass production lead time (days)"), required=False, min_value=0, max_value=365)
    deposit_percent = WholeNumberField(label=_("Deposit (%)"), min_value=0, max_value=100, initial=50)

    class Meta:
        model = Supplier
        fields = ["name", "whatsapp", "email", "city", "country", "makes", "moq", "sample_lead_days", "mass_lead_days", "deposit_percent", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "whatsapp": forms.TextInput(attrs={"inputmode": "tel"})}


ORDER_DETAIL_FIELDS = ["item", "product", "spec", "size", "colour", "material"]


class _OrderForm(Plain, forms.ModelForm):
    quantity = WholeNumberField(label=_("Quantity"), min_value=1, max_value=MAX_SUPPLIER_QUANTITY)
    unit_cost = RupiahField(label=_("Cost per unit (Rp)"), min_value=0, max_value=MAX_AMOUNT)
    shipping_cost = RupiahField(label=_("Shipping cost (Rp)"), min_value=0, max_value=MAX_AMOUNT, required=False)
    photos = PhotosField(label=_("Reference photos"))

    def __init__(self, *args, supplier, **kwargs):
        super().__init__(*args, **kwargs)
        self.supplier = supplier
        self.instance.supplier = supplier
        self.fields["product"].queryset = Product.objects.filter(is_active=True)
        self.fields["product"].required = False

    def clean_shipping_cost(self):
        return self.cleaned_data.get("shipping_cost") or 0

    def service_fields(self):
        """The cleaned values the create service takes (the form saves nothing itself)."""
        data = dict(self.cleaned_data)
        data.pop("photos", None)
        return {name: value for name, value in data.items() if name in self.Meta.fields}


class SampleOrderForm(_OrderForm):
    checks = forms.CharField(
        label=_("QC checklist"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One check per line, e.g. “Lid closes tight”."),
    )

    class Meta:
        model = SupplierOrder
        fields = [*ORDER_DETAIL_FIELDS, "quantity", "unit_cost", "shipping_cost", "ordered_on", "expected_arrival"]
        widgets = {"spec": forms.Textarea(attrs={"rows": 3}), "ordered_on": DateInput(), "expected_arrival": DateInput()}
        help_texts = {"expected_arrival": _("Empty: the supplier's sample lead time from the order date.")}

    def check_labels(self):
        return [line.strip() for line in self.cleaned_data.get("checks", "").splitlines() if line.strip()]


class MassOrderForm(_OrderForm):
    deposit_amount = RupiahField(
        label=_("Deposit (Rp)"), min_value=0, max_value=MAX_AMOUNT, required=False,
        help_text=_("Empty: the supplier's deposit % of the goods."),
    )
    expected_rejects = WholeNumberField(label=_("Expected rejects"), min_value=0, max_value=MAX_SUPPLIER_QUANTITY, required=False)

    class Meta:
        model = SupplierOrder
        fields = [
            "from_sample", "no_sample_reason", *ORDER_DETAIL_FIELDS, "quantity", "moq_override_reason", "unit_cost",
            "deposit_amount", "deposit_due", "balance_due", "shipping_cost", "expected_rejects",
            "ordered_on", "expected_completion", "expected_arrival",
        ]
        widgets = {
            "spec": forms.Textarea(attrs={"rows": 3}),
            "no_sample_reason": forms.Textarea(attrs={"rows": 2}),
            "moq_override_reason": forms.Textarea(attrs={"rows": 2}),
            **{name: DateInput() for name in ("ordered_on", "deposit_due", "balance_due", "expected_completion", "expected_arrival")},
        }
        help_texts = {
            "no_sample_reason": _("Only when ordering without an approved sample: it is kept on the order."),
            "expected_completion": _("Empty: the supplier's mass production lead time from the order date."),
            "expected_arrival": _("Empty: the expected completion."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_sample"].queryset = self.supplier.orders.filter(kind="sample", status=Status.APPROVED)
        self.fields["from_sample"].required = False
        self.fields["from_sample"].empty_label = _("— without a sample —")
        for name in ("item",):
            self.fields[name].required = False
        if self.supplier.moq:
            self.fields["quantity"].help_text = _("The supplier's MOQ is %(moq)s.") % {"moq": self.supplier.moq}

    def clean_expected_rejects(self):
        return self.cleaned_data.get("expected_rejects") or 0

    def clean(self):
        cleaned = super().clean()
        sample = cleaned.get("from_sample")
        if not cleaned.get("item") and sample is None:
            self.add_error("item", _("Name the item."))
        refusal = mass_order_refusal(
            supplier=self.supplier, from_sample=sample, no_sample_reason=cleaned.get("no_sample_reason", ""),
            quantity=cleaned.get("quantity"), moq_override_reason=cleaned.get("moq_override_reason", ""),
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned

    def _post_clean(self):
        # The model's checks (dates in order, deposit within the total) need the sample's item copied first.
        sample = self.cleaned_data.get("from_sample")
        if sample is not None and not self.cleaned_data.get("item"):
            self.cleaned_data["item"] = sample.item
        if self.cleaned_data.get("deposit_amount") is None:
            self.cleaned_data.pop("deposit_amount", None)
            self.instance.deposit_amount = 0
        super()._post_clean()


class StatusForm(Plain, forms.Form):
    to = forms.ChoiceField(choices=[(status.value, status.label) for status in (Status.MAKING, Status.SHIPPED, Status.RECEIVED, Status.CANCELLED)])
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    courier = forms.CharField(label=_("Courier or forwarder"), required=False, max_length=80)
    tracking = forms.CharField(label=_("Tracking number"), required=False, max_length=80)
    shipping_cost = RupiahField(label=_("Shipping cost (Rp)"), min_value=0, max_value=MAX_AMOUNT, required=False)


class QCForm(Plain, forms.Form):
    result = forms.ChoiceField(label=_("QC result"), choices=QCResult.choices, widget=forms.RadioSelect)
    passed_checks = forms.MultipleChoiceField(label=_("Checks passed"), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("QC note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    changes = forms.CharField(
        label=_("What to change (for a revision)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField(label=_("QC photos"))
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passed_checks"].choices = [(check.pk, check.label) for check in order.checks.all()]


class PaymentForm(Plain, forms.Form):
    kind = forms.ChoiceField(label=_("For"), choices=PaymentKind.choices)
    amount = RupiahField(label=_("Amount (Rp)"), min_value=1, max_value=MAX_AMOUNT)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    proof = PhotoField(label=_("Proof of transfer"))


class MoveDateForm(Plain, forms.Form):
    new_date = forms.DateField(label=_("New expected arrival"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class ArrivalForm(Plain, forms.Form):
    arrived_on = forms.DateField(label=_("Arrived on"), widget=DateInput(), initial=timezone.localdate)
    rejected_quantity = WholeNumberField(label=_("Rejected at QC"), min_value=0, max_value=MAX_SUPPLIER_QUANTITY, initial=0)
    fees = RupiahField(label=_("Other fees (Rp)"), min_value=0, max_value=MAX_AMOUNT, required=False, help_text=_("Customs, bank transfer, forwarder."))
    note = forms.CharField(label=_("Arrival QC note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    photos = PhotosField(label=_("Arrival QC photos"))


class CheckForm(Plain, forms.Form):
    label = forms.CharField(label=_("New check"), max_length=120)


class PhotosForm(Plain, forms.Form):
    photos = PhotosField(label=_("Reference photos"), required=True)
