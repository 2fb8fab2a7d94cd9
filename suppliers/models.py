"""Suppliers and the goods the shop has made elsewhere: sample orders (with QC rounds) and mass orders.

The status machine of both kinds is the TRANSITIONS table below; money (total, paid, owed, landed
cost per unit) is computed here from the rows, never typed. Writes go through suppliers/services.py.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.storage import private_storage
from customers.phone import clean_whatsapp_field, display_whatsapp, wa_me_digits
from production.models import Product


class Supplier(models.Model):
    name = models.CharField(_("name"), max_length=120)
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True, default="Indonesia")
    makes = models.CharField(_("what they make"), max_length=200, blank=True)
    moq = models.PositiveIntegerField(_("minimum order quantity (MOQ)"), null=True, blank=True)
    sample_lead_days = models.PositiveSmallIntegerField(_("sample lead time (days)"), null=True, blank=True)
    mass_lead_days = models.PositiveSmallIntegerField(_("mass production lead time (days)"), null=True, blank=True)
    deposit_percent = models.PositiveSmallIntegerField(
        _("deposit (%)"), default=50, validators=[MaxValueValidator(100)], help_text=_("Their payment terms: the part paid up front.")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def whatsapp_display(self):
        return display_whatsapp(self.whatsapp) if self.whatsapp else ""

    @property
    def whatsapp_link(self):
        return f"https://wa.me/{wa_me_digits(self.whatsapp)}" if self.whatsapp else ""

    def clean(self):
        super().clean()

        clean_whatsapp_field(self)


class Status(models.TextChoices):
    # With a context: "Received" of a payment is another word in Indonesian.
    REQUESTED = "requested", pgettext_lazy("supplier order", "Requested")
    MAKING = "making", pgettext_lazy("supplier order", "Being made")
    SHIPPED = "shipped", pgettext_lazy("supplier order", "Shipped")
    RECEIVED = "received", pgettext_lazy("supplier order", "Received")
    APPROVED = "approved", pgettext_lazy("supplier order", "Approved")
    FAILED = "failed", pgettext_lazy("supplier order", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("supplier order", "Cancelled")


class Kind(models.TextChoices):
    SAMPLE = "sample", _("Sample")
    MASS = "mass", _("Mass production")


class QCResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    REVISION = "revision", _("Revision")
    FAILED = "failed", _("Failed")


# Every allowed move, per kind. A sample's QC decides after it is received: passed → approved,
# revision → requested again (the next round), failed → failed. A mass order ends when it arrives.
TRANSITIONS = {
    Kind.SAMPLE: {
        Status.REQUESTED: {Status.MAKING, Status.CANCELLED},
        Status.MAKING: {Status.SHIPPED, Status.CANCELLED},
        Status.SHIPPED: {Status.RECEIVED, Status.CANCELLED},
        Status.RECEIVED: {Status.APPROVED, Status.REQUESTED, Status.FAILED},
        Status.APPROVED: set(),
        Status.FAILED: set(),
        Status.CANCELLED: set(),
    },
    Kind.MASS: {
        Status.REQUESTED: {Status.MAKING, Status.CANCELLED},
        Status.MAKING: {Status.SHIPPED, Status.CANCELLED},
        Status.SHIPPED: {Status.RECEIVED},
        Status.RECEIVED: set(),
        Status.CANCELLED: set(),
    },
}
QC_MOVES = {QCResult.PASSED: Status.APPROVED, QCResult.REVISION: Status.REQUESTED, QCResult.FAILED: Status.FAILED}
PROGRESS = (Status.MAKING, Status.SHIPPED, Status.RECEIVED, Status.CANCELLED)  # moves the status buttons make


class SupplierOrderQuerySet(models.QuerySet):
    def with_paid(self):
        return self.annotate(paid_sum=Sum("payments__amount"))

    def open(self):
        return self.exclude(status__in=[Status.RECEIVED, Status.APPROVED, Status.FAILED, Status.CANCELLED])


class SupplierOrder(models.Model):
    """A sample or a mass order to a supplier; its rounds, checks, photos, payments and events hang off it."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="orders", verbose_name=_("supplier"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    item = models.CharField(_("item"), max_length=120)
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="supplier_orders", verbose_name=_("product"),
        help_text=_("The product these goods are sold as (for ready stock and a linked PO)."),
    )
    spec = models.TextField(_("specification"), blank=True, max_length=4000)
    size = models.CharField(_("size"), max_length=80, blank=True)
    colour = models.CharField(_("colour"), max_length=80, blank=True)
    material = models.CharField(_("material"), max_length=120, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = models.PositiveBigIntegerField(_("cost per unit"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    from_sample = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="mass_orders", verbose_name=_("approved sample")
    )
    no_sample_reason = models.TextField(_("reason for no sample"), blank=True, max_length=1000)
    moq_override_reason = models.TextField(_("reason for ordering under the MOQ"), blank=True, max_length=1000)
    ordered_on = models.DateField(_("ordered on"), default=timezone.localdate)
    production_started_on = models.DateField(_("production started"), null=True, blank=True)
    expected_completion = models.DateField(_("expected completion"), null=True, blank=True)
    expected_arrival = models.DateField(_("expected arrival"), null=True, blank=True)
    # The first date promised, kept when the supplier later moves it: "on time" is measured against it.
    promised_arrival = models.DateField(_("first promised arrival"), null=True, blank=True, editable=False)
    deposit_amount = models.PositiveBigIntegerField(_("deposit"), default=0)
    deposit_due = models.DateField(_("deposit due"), null=True, blank=True)
    balance_due = models.DateField(_("balance due"), null=True, blank=True)
    shipping_cost = models.PositiveBigIntegerField(_("shipping cost"), default=0)
    fees = models.PositiveBigIntegerField(_("other fees"), default=0, help_text=_("Customs, bank transfer, forwarder."))
    courier = models.CharField(_("courier or forwarder"), max_length=80, blank=True)
    tracking = models.CharField(_("tracking number"), max_length=80, blank=True)
    shipped_on = models.DateField(_("shipped on"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    expected_rejects = models.PositiveIntegerField(_("expected rejects"), default=0)
    rejected_quantity = models.PositiveIntegerField(_("rejected at QC"), default=0)
    arrival_note = models.TextField(_("arrival QC note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SupplierOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier order")
        verbose_name_plural = _("supplier orders")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rejected_quantity__lte=models.F("quantity")), name="rejects_within_quantity"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.item}"

    def clean(self):
        super().clean()
        errors = {}
        if self.quantity is not None and self.quantity < 1:
            errors["quantity"] = _("The quantity must be at least 1.")
        for field in ("expected_arrival", "expected_completion", "production_started_on", "arrived_on", "shipped_on", "deposit_due", "balance_due"):
            value = getattr(self, field)
            if value and self.ordered_on and value < self.ordered_on:
                errors[field] = _("This date cannot be before the order date (%(date)s).") % {"date": self.ordered_on.strftime("%d-%m-%Y")}
        if self.deposit_due and self.balance_due and self.balance_due < self.deposit_due and "balance_due" not in errors:
            errors["balance_due"] = _("The balance cannot be due before the deposit.")
        if self.quantity and self.unit_cost is not None and self.deposit_amount > self.goods_total:
            errors["deposit_amount"] = _("The deposit (Rp%(deposit)s) cannot be larger than the order's total (Rp%(total)s).") % {
                "deposit": _thousands(self.deposit_amount), "total": _thousands(self.goods_total)}
        if self.quantity is not None and self.rejected_quantity > self.quantity:
            errors["rejected_quantity"] = _("More units rejected than ordered.")
        if errors:
            raise ValidationError(errors)

    # The status machine
    def can_move_to(self, status):
        return status in TRANSITIONS[self.kind].get(self.status, set())

    @property
    def is_sample(self):
        return self.kind == Kind.SAMPLE

    @property
    def is_mass(self):
        return self.kind == Kind.MASS

    @property
    def is_approved_sample(self):
        return self.is_sample and self.status == Status.APPROVED

    @property
    def awaits_qc(self):
        return self.is_sample and self.status == Status.RECEIVED

    @property
    def is_finished(self):
        return not TRANSITIONS[self.kind].get(self.status)

    @property
    def next_moves(self):
        """The progress buttons to show now (QC and a mass order's arrival have their own forms)."""
        return [status for status in PROGRESS if self.can_move_to(status) and status != Status.CANCELLED
                and not (self.is_mass and status == Status.RECEIVED)]

    @property
    def can_cancel(self):
        return self.can_move_to(Status.CANCELLED)

    @property
    def awaits_arrival(self):
        """A shipped mass order: its arrival (with the batch QC) is the next step."""
        return self.is_mass and self.can_move_to(Status.RECEIVED)

    @property
    def takes_payment(self):
        return self.status != Status.CANCELLED and self.owed > 0

    @property
    def status_tone(self):
        return {Status.APPROVED: "ok", Status.RECEIVED: "ok", Status.FAILED: "bad", Status.CANCELLED: "bad"}.get(self.status, "warn")

    # Money
    @property
    def goods_total(self):
        return (self.quantity or 0) * (self.unit_cost or 0)

    @property
    def total(self):
        """What the order costs in all: goods + shipping + fees."""
        return self.goods_total + self.shipping_cost + self.fees

    @property
    def paid(self):
        if hasattr(self, "paid_sum"):
            return self.paid_sum or 0
        return self.payments.aggregate(total=Sum("amount"))["total"] or 0

    @property
    def owed(self):
        """Still to pay the supplier: total − payments (never below zero: overpaying is refused)."""
        return self.total - self.paid

    @property
    def good_units(self):
        return self.quantity - self.rejected_quantity

    @property
    def landed_unit_cost(self):
        """What one sellable unit cost, delivered: (goods + shipping + fees) ÷ units that passed QC."""
        return landed_unit_cost(total=self.total, good_units=self.good_units)

    @property
    def sample_unit_cost(self):
        return self.from_sample.landed_unit_cost if self.from_sample_id else None

    @property
    def expected_units(self):
        """Units to sell once the goods arrive: the quantity less the rejects expected."""
        return max(self.quantity - self.expected_rejects, 0)

    def late_milestones(self, today=None):
        """Planned dates that have passed without the step: [(label, date)] for the timeline in red."""
        today = today or timezone.localdate()
        late = []
        if self.is_finished:
            return late
        if self.deposit_due and self.deposit_due < today and self.paid < self.deposit_amount:
            late.append(("deposit", self.deposit_due))
        if self.expected_completion and self.expected_completion < today and self.status in (Status.REQUESTED, Status.MAKING):
            late.append(("completion", self.expected_completion))
        if self.expected_arrival and self.expected_arrival < today and not self.arrived_on:
            late.append(("arrival", self.expected_arrival))
        if self.balance_due and self.balance_due < today and self.owed > 0:
            late.append(("balance", self.balance_due))
        return late


def landed_unit_cost(*, total, good_units):
    """Whole Rupiah per unit, rounded half up; None when no unit passed."""
    if good_units <= 0:
        return None
    return (total * 2 + good_units) // (good_units * 2)


def _thousands(amount):
    return f"{amount:,}".replace(",", ".")


class SampleRound(models.Model):
    """One round of a sample: asked for, received, judged. A revision opens the next round."""

    order = models.ForeignKey(SupplierOrder, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    requested_on = models.DateField(_("requested on"))
    changes = models.TextField(_("what to change"), blank=True, max_length=2000)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    qc_result = models.CharField(_("QC result"), max_length=10, choices=QCResult.choices, blank=True)
    qc_note = models.TextField(_("QC note"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "number"]

    @property
    def qc_tone(self):
        return {QCResult.PASSED: "ok", QCResult.FAILED: "bad"}.get(self.qc_result, "warn")
        constraints = [models.UniqueConstraint(fields=["order", "number"], name="one_round_number_per_order")]


class QCCheck(models.Model):
    """A line of the owner's QC checklist for an item ("Tutup rapat", "Logo tidak luntur")."""

    order = models.ForeignKey(SupplierOrder, on_delete=models.CASCADE, related_name="checks")
    label = models.CharField(_("check"), max_length=120)

    class Meta:
        ordering = ["pk"]


class QCCheckResult(models.Model):
    round = models.ForeignKey(SampleRound, on_delete=models.CASCADE, related_name="results")
    qc_check = models.ForeignKey(QCCheck, on_delete=models.CASCADE, related_name="results")
    passed = models.BooleanField()

    class Meta:
        ordering = ["qc_check_id"]
        constraints = [models.UniqueConstraint(fields=["round", "qc_check"], name="one_result_per_check_per_round")]


class PhotoPurpose(models.TextChoices):
    REFERENCE = "reference", _("Reference")
    QC = "qc", _("Sample QC")
    ARRIVAL = "arrival", _("Arrival QC")
    PROOF = "proof", _("Payment proof")


class SupplierPhoto(models.Model):
    """A reference, QC or arrival photo, or a payment proof: kept privately, shown only to staff."""

    order = models.ForeignKey(SupplierOrder, on_delete=models.CASCADE, related_name="photos")
    round = models.ForeignKey(SampleRound, on_delete=models.CASCADE, null=True, blank=True, related_name="photos")
    purpose = models.CharField(_("purpose"), max_length=10, choices=PhotoPurpose.choices)
    image = models.ImageField(_("photo"), storage=private_storage, upload_to="suppliers/", width_field="width", height_field="height")
    width = models.PositiveSmallIntegerField(null=True, editable=False)
    height = models.PositiveSmallIntegerField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class PaymentKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    BALANCE = "balance", _("Balance")
    SHIPPING = "shipping", _("Shipping")
    OTHER = "other", _("Other")


class SupplierPayment(models.Model):
    """Money paid out to a supplier: one ledger row per transfer, with its proof."""

    order = models.ForeignKey(SupplierOrder, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("for"), max_length=10, choices=PaymentKind.choices)
    amount = models.PositiveBigIntegerField(_("amount"))
    paid_on = models.DateField(_("paid on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=200, blank=True)
    proof = models.ForeignKey(SupplierPhoto, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment to a supplier")
        verbose_name_plural = _("payments to suppliers")
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="supplier_payment_positive")]


class Event(models.TextChoices):
    CREATED = "created", _("Ordered")
    STATUS = "status", _("Status changed")
    QC = "qc", _("QC")
    REVISION = "revision", _("Revision requested")
    PAYMENT = "payment", pgettext_lazy("supplier order", "Paid")
    DATE_MOVED = "date_moved", _("Expected date moved")
    ARRIVED = "arrived", _("Arrived")
    NOTE = "note", _("Note")


class SupplierOrderEvent(models.Model):
    """One line of the order's timeline: what happened, on which day, who recorded it."""

    order = models.ForeignKey(SupplierOrder, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Event.choices)
    happened_on = models.DateField()
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    text = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "pk"]
