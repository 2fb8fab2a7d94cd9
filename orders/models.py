from datetime import date
from fractions import Fraction

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.storage import private_storage
from customers.models import Customer
from customers.phone import display_whatsapp
from production.models import Product

ACTIVE = ~Q(fulfilment_status="cancelled")

# Link names a period may not take: the first parts of the app's own URLs, which its public link
# (/<slug>/) would shadow, and the words of the period pages' own URLs (/pesanan/periode/baru/).
RESERVED_SLUGS = frozenset(
    {"masuk", "keluar", "admin", "pesanan", "produksi", "pelanggan", "laporan", "stok", "pemasok", "kasir", "tim", "i18n", "static", "media", "baru", "luring"}
    | {"favicon.ico", "manifest.webmanifest", "sw.js"}  # the app shell's files at the root (no slug has a dot, but the list is whole)
)


def is_reserved_slug(slug):
    """True when a period may not take this link name (see RESERVED_SLUGS)."""
    return (slug or "").lower() in RESERVED_SLUGS


class PeriodState(models.TextChoices):
    """Where a period stands in its window: the one rule for "is this period open?"."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open now")
    CLOSED = "closed", _("Already closed")


class PeriodQuerySet(models.QuerySet):
    # The same rule as PreorderPeriod.state(), for many periods at once.
    def open_at(self, moment):
        """Periods taking orders at `moment`."""
        return self.open_or_upcoming(moment).filter(opens_at__lte=moment)

    def upcoming(self, moment=None):
        """Periods not open yet at `moment` (now by default)."""
        return self.open_or_upcoming(moment).filter(opens_at__gt=moment or timezone.now())

    def open_or_upcoming(self, moment=None):
        """Periods that still take orders or will: not closed at `moment` (now by default)."""
        return self.filter(closes_at__gt=moment or timezone.now(), closed_manually=False)

    def reading_kitchen_plan(self, moment):
        """Periods whose caps read the kept kitchen plan at `moment` (see PreorderPeriod.reads_kitchen_plan):
        capacity-capped ones not yet delivered, made-to-order ones still taking orders."""
        capped = Q(capacity_capped=True, delivery_date__gte=timezone.localdate(moment))
        rolling = Q(mode=PeriodMode.ROLLING, closes_at__gt=moment, closed_manually=False)
        return self.filter(capped | rolling)


class PeriodManager(models.Manager.from_queryset(PeriodQuerySet)):
    """The shop's PO periods: every list, page and lookup of periods leaves out the ready-stock book."""

    def get_queryset(self):
        return super().get_queryset().filter(holds_ready_stock=False)


class PeriodMode(models.TextChoices):
    FIXED = "fixed", _("One delivery date")
    ROLLING = "rolling", _("Made to order (earliest date the kitchen allows)")


class PreorderPeriod(models.Model):
    """A pre-order window: opens, closes, one delivery date, the products on offer and the caps.

    In rolling mode every order gets its own delivery date: the earliest the work calendar allows
    after `lead_days`, given the orders already promised (see orders.services.scheduling).
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("link name"), max_length=80, unique=True, help_text=_("Used in the public link."))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    delivery_date = models.DateField(_("delivery or pickup date"))
    max_orders = models.PositiveIntegerField(_("max orders in the period"), null=True, blank=True)
    max_orders_per_day = models.PositiveIntegerField(_("max orders per day"), null=True, blank=True)
    capacity_capped = models.BooleanField(
        _("limit by production capacity"),
        default=False,
        help_text=_("Accept only what the work calendar can make between the close and the delivery date."),
    )
    closed_manually = models.BooleanField(_("closed by the owner"), default=False)
    mode = models.CharField(_("delivery mode"), max_length=10, choices=PeriodMode.choices, default=PeriodMode.FIXED)
    lead_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=1,
        validators=[MaxValueValidator(60)],
        help_text=_("Made to order: the fewest days between ordering and delivery."),
    )
    payment_deadline_hours = models.PositiveIntegerField(
        _("pay within (hours)"),
        null=True,
        blank=True,
        help_text=_("Unpaid orders older than this may be let expire. Leave empty for no deadline."),
    )
    deposit_enough_to_send = models.BooleanField(
        _("pack and send after a deposit"),
        default=False,
        help_text=_("Off: an order is packed and sent only when paid in full (the owner can override with a reason)."),
    )
    products = models.ManyToManyField(Product, through="PeriodProduct", related_name="periods", verbose_name=_("products"))
    # Goods made by a supplier and pre-sold here: the delivery date follows their expected arrival
    # plus this buffer (orders.services.supplier_link).
    supplier_order = models.ForeignKey(
        "suppliers.SupplierOrder", on_delete=models.SET_NULL, null=True, blank=True, related_name="linked_periods",
        limit_choices_to={"kind": "mass"}, verbose_name=_("mass order from a supplier"),
        help_text=_("Pre-selling goods being made by a supplier: the delivery date follows their expected arrival."),
    )
    supplier_buffer_days = models.PositiveSmallIntegerField(
        _("days after the goods arrive"), default=2, validators=[MaxValueValidator(60)],
        help_text=_("Time to check and pack the goods before they go to customers."),
    )
    hold_minutes = models.PositiveSmallIntegerField(
        _("hold while ordering (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("How long the units a buyer has chosen on the public page are kept for them while they fill in the form."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The one hidden "period" that holds the orders sold from ready stock only (counter sales, the
    # public page's ready-stock section): orders.services.stock_sales.ready_stock_period().
    holds_ready_stock = models.BooleanField(default=False, editable=False)

    objects = PeriodManager()
    every = PeriodQuerySet.as_manager()  # with the ready-stock book

    class Meta:
        verbose_name = _("PO period")
        verbose_name_plural = _("PO periods")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="period_closes_after_opening"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if is_reserved_slug(self.slug):
            raise ValidationError({"slug": _("This link name is used by the app itself; choose another.")})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The PO must close after it opens.")})
        if self.closes_at and self.delivery_date:
            if self.delivery_date < timezone.localdate(self.closes_at):
                raise ValidationError({"delivery_date": _("The delivery date cannot be before the PO closes.")})

    def state(self, moment=None):
        """PeriodState at `moment` (now): closed by hand or past its close, not yet open, or open."""
        moment = moment or timezone.now()
        if self.closed_manually or moment >= self.closes_at:
            return PeriodState.CLOSED
        if moment < self.opens_at:
            return PeriodState.UPCOMING
        return PeriodState.OPEN

    @property
    def is_open(self):
        """Taking orders now."""
        return self.state() == PeriodState.OPEN

    @property
    def is_upcoming(self):
        return self.state() == PeriodState.UPCOMING

    @property
    def state_tone(self):
        """How the state badge looks: ok (open), warn (upcoming), bad (closed)."""
        return {PeriodState.OPEN: "ok", PeriodState.UPCOMING: "warn"}.get(self.state(), "bad")

    @property
    def first_production_day(self):
        """Production starts the day after the PO closes (Jakarta date)."""
        return timezone.localdate(self.closes_at) + timezone.timedelta(days=1)

    @property
    def is_rolling(self):
        return self.mode == PeriodMode.ROLLING

    @property
    def capped_by_kitchen(self):
        """True when orders here must fit the kitchen's free minutes before the delivery date: a
        capacity cap on a fixed-date period (a made-to-order one gets the first date that fits)."""
        return self.capacity_capped and not self.is_rolling

    @property
    def reads_kitchen_plan(self):
        """True when an order here is checked against the kitchen's free minutes (kept plan):
        a capacity cap, or a made-to-order delivery date."""
        return self.capacity_capped or self.is_rolling

    def get_absolute_url(self):
        return reverse("orders:period_detail", args=[self.slug])


class PeriodProduct(models.Model):
    """A product on offer in one period, with its optional unit cap."""

    period = models.ForeignKey(PreorderPeriod, on_delete=models.CASCADE, related_name="offers", verbose_name=_("PO period"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="offers", verbose_name=_("product"))
    unit_cap = models.PositiveIntegerField(_("unit cap"), null=True, blank=True, help_text=_("Leave empty for no cap."))

    class Meta:
        verbose_name = _("product on offer")
        verbose_name_plural = _("products on offer")
        constraints = [models.UniqueConstraint(fields=["period", "product"], name="offer_unique_product_per_period")]

    def __str__(self):
        return f"{self.period} · {self.product}"


class Channel(models.TextChoices):
    OFFLINE = "offline", _("Offline (shop)")
    WHATSAPP = "whatsapp", _("WhatsApp")
    INSTAGRAM = "instagram", _("Instagram")
    MARKETPLACE = "marketplace", _("Marketplace")
    ONLINE_FORM = "form", _("Online form")


class DeliveryMethod(models.TextChoices):
    PICKUP = "pickup", _("Pick up")
    DELIVERY = "delivery", _("Delivered by the shop")
    COURIER = "courier", _("Courier (ekspedisi)")


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    DEPOSIT = "deposit", _("Deposit")
    PAID = "paid", _("Paid")
    OVERPAID = "overpaid", _("Overpaid")
    REFUNDED = "refunded", _("Refunded")


def derive_payment_status(*, total, paid, refunded):
    """The one rule for an order's payment status, from its total and its live ledger rows.

    `paid` is the sum of the payments received, `refunded` of the money given back (both >= 0).
    Any refund that leaves less than the total kept is Dikembalikan; otherwise what was kept
    decides: nothing (Belum Bayar), part (DP), all (Lunas) or more (Lebih Bayar).
    """
    kept = paid - refunded
    if refunded > 0 and kept < total:
        return PaymentStatus.REFUNDED
    if kept > total:
        return PaymentStatus.OVERPAID
    if kept == total:
        return PaymentStatus.PAID
    if kept <= 0:
        return PaymentStatus.UNPAID
    return PaymentStatus.DEPOSIT


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    QRIS = "qris", _("QRIS")
    CASH = "cash", _("Cash")
    EWALLET = "ewallet", _("E-wallet")
    MARKETPLACE = "marketplace", _("Marketplace")
    # Payments moved from before the ledger, or read from an old sheet: the method was never written down.
    UNKNOWN = "unknown", _("Not recorded")


class Courier(models.TextChoices):
    JNE = "jne", "JNE"
    JNT = "jnt", "J&T"
    SICEPAT = "sicepat", "SiCepat"
    RIDE_HAILING = "ojol", "Gojek/Grab"
    OWN = "own", _("Own courier")
    OTHER = "other", _("Other")


class FulfilmentStatus(models.TextChoices):
    PENDING = "pending", _("Not sent")
    READY = "ready", _("Ready")
    SENT = "sent", _("Sent")
    PICKED_UP = "picked_up", _("Picked up")
    CANCELLED = "cancelled", _("Cancelled")


class OrderQuerySet(models.QuerySet):
    def active(self):
        """Orders that hold quota: everything but cancelled ones."""
        return self.filter(ACTIVE)

    def owing(self):
        """Active orders with something still to pay: Belum Bayar or DP (also after an edit made Lunas short)."""
        return self.active().filter(payment_status__in=[PaymentStatus.UNPAID, PaymentStatus.DEPOSIT])

    def not_delivered(self):
        """Active orders not yet sent or picked up."""
        return self.active().exclude(fulfilment_status__in=[FulfilmentStatus.SENT, FulfilmentStatus.PICKED_UP])

    def with_totals(self):
        return self.annotate(
            total_amount=Sum(F("lines__quantity") * F("lines__unit_price"), default=0),
            total_units=Sum("lines__quantity", default=0),
        )

    def for_table(self):
        """Everything the order table draws, in a fixed number of queries however many rows.

        No totals annotation here: Order.total sums the prefetched lines of the page's rows,
        so a page of 50 does not make the database group every order in the table. The
        filters add with_totals() only when sorting by total or quantity.
        """
        # Products are prefetched, not joined: a page's lines share a few products, and one instance
        # each (not one per line) keeps model creation, a good part of the page's time, small.
        return self.select_related("customer").prefetch_related(
            models.Prefetch("lines", queryset=OrderLine.objects.order_by("pk")), "lines__product"
        )


class Order(models.Model):
    code = models.CharField(_("order code"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer"))
    period = models.ForeignKey(PreorderPeriod, on_delete=models.PROTECT, related_name="orders", verbose_name=_("PO period"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WHATSAPP)
    delivery_method = models.CharField(
        _("delivery method"), max_length=20, choices=DeliveryMethod.choices, default=DeliveryMethod.PICKUP
    )
    delivery_address = models.TextField(_("delivery address"), blank=True, max_length=500)
    delivery_date = models.DateField(_("delivery date"))
    notes = models.TextField(_("notes"), blank=True, max_length=1000)
    placed_at = models.DateTimeField(_("order date"), default=timezone.now, db_index=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("taken by")
    )
    # The next three are kept by orders.services.payments.settle_payment_status from the ledger
    # (Payment rows) and the lines, never typed: the order table filters and sorts on them.
    payment_status = models.CharField(
        _("payment status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID, editable=False
    )
    amount_paid = models.PositiveIntegerField(_("amount paid (Rp)"), default=0, editable=False)
    amount_refunded = models.PositiveIntegerField(_("amount refunded (Rp)"), default=0, editable=False)
    fulfilment_status = models.CharField(
        _("delivery status"), max_length=20, choices=FulfilmentStatus.choices, default=FulfilmentStatus.PENDING
    )
    courier = models.CharField(_("courier"), max_length=10, choices=Courier.choices, blank=True)
    tracking_number = models.CharField(_("tracking number (resi)"), max_length=40, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at"]
        permissions = [
            ("record_payment", _("Can record payments and refunds")),
            ("update_fulfilment", _("Can change delivery status")),
            ("export_orders", _("Can export and import the monthly sheet")),
            ("sell_at_counter", _("Can sell at the counter and take its payment")),
            ("send_unpaid", _("Can pack and send an order not yet paid, with a reason")),
        ]
        indexes = [
            models.Index(fields=["period", "fulfilment_status"], name="order_period_status_idx"),
            models.Index(fields=["period", "placed_at"], name="order_period_placed_idx"),  # the orders-per-day cap
            models.Index(fields=["delivery_date"], name="order_delivery_date_idx"),
            models.Index(fields=["payment_status"], name="order_payment_status_idx"),
            # A customer's first (or second) order, asked per customer by the growth figures (insights).
            models.Index(fields=["customer", "placed_at"], name="order_customer_placed_idx"),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("orders:order_detail", args=[self.code])

    @property
    def total(self):
        """The order's total in Rupiah, from its lines (uses the annotation when present)."""
        annotated = getattr(self, "total_amount", None)
        if annotated is not None:
            return annotated
        return sum(line.subtotal for line in self.lines.all())

    @property
    def amount_kept(self):
        """What the shop holds of the customer's money: received minus given back."""
        return self.amount_paid - self.amount_refunded

    @property
    def balance_due(self):
        return max(self.total - self.amount_kept, 0)

    @property
    def overpaid_by(self):
        """Money received beyond the total (Lebih Bayar), for instance after an edit made the order smaller."""
        return max(self.amount_kept - self.total, 0)

    @property
    def is_cancelled(self):
        return self.fulfilment_status == FulfilmentStatus.CANCELLED

    @property
    def is_refunded(self):
        return self.payment_status == PaymentStatus.REFUNDED

    @property
    def is_paid_in_full(self):
        return self.payment_status == PaymentStatus.PAID

    @property
    def can_take_payment(self):
        """A payment may be recorded: the order stands, nothing was refunded and something is still owed."""
        return not self.is_cancelled and not self.is_refunded and self.balance_due > 0

    @property
    def can_correct_payment(self):
        """The amount paid may be corrected: the order stands and nothing was refunded."""
        return not self.is_cancelled and not self.is_refunded and self.amount_refunded == 0

    @property
    def can_be_refunded(self):
        """The shop holds some of the customer's money."""
        return self.amount_kept > 0

    @property
    def pay_by(self):
        """When the order should be paid, or None when its period sets no payment deadline."""
        hours = self.period.payment_deadline_hours
        return None if hours is None else self.placed_at + timedelta(hours=hours)

    def is_overdue(self, now=None):
        """Still unpaid (and standing) after its period's payment deadline."""
        deadline = self.pay_by
        return (
            self.payment_status == PaymentStatus.UNPAID
            and not self.is_cancelled
            and deadline is not None
            and deadline <= (now or timezone.now())
        )

    @property
    def can_edit_lines(self):
        """Its products may still change: not cancelled, not yet sent or picked up."""
        return self.fulfilment_status in (FulfilmentStatus.PENDING, FulfilmentStatus.READY)

    @property
    def shipping_label(self):
        """'JNE JX123' — the courier and the resi as the customer and the sheet read them."""
        return " ".join(part for part in (self.get_courier_display() if self.courier else "", self.tracking_number) if part)

    @property
    def is_ready(self):
        return self.fulfilment_status == FulfilmentStatus.READY

    @property
    def payment_tone(self):
        """How the payment badge looks: ok (paid), warn (deposit), bad (unpaid) or plain."""
        P = PaymentStatus
        return {P.PAID: "ok", P.DEPOSIT: "warn", P.OVERPAID: "warn", P.UNPAID: "bad"}.get(self.payment_status, "")

    @property
    def fulfilment_tone(self):
        """How the delivery badge looks: ok (handed over), warn (packed), bad (cancelled) or plain."""
        F = FulfilmentStatus
        return {F.SENT: "ok", F.PICKED_UP: "ok", F.READY: "warn", F.CANCELLED: "bad"}.get(self.fulfilment_status, "")


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_lines", verbose_name=_("product"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.PositiveIntegerField(_("unit price (Rp)"), editable=False)
    # Sold from ready stock (its units left the shelf when the order was placed), not made to order:
    # the caps and the kitchen's plan leave it out.
    from_stock = models.BooleanField(_("from ready stock"), default=False)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} × {self.product}"

    @property
    def subtotal(self):
        return self.quantity * self.unit_price


class PaymentQuerySet(models.QuerySet):
    def live(self):
        """Rows that count: not voided."""
        return self.filter(voided_at__isnull=True)

    def unverified(self):
        """Live payments received that nobody in finance has checked against the bank yet."""
        return self.live().filter(amount__gt=0, verified_at__isnull=True)

    def sums(self):
        """(received, given back) in whole Rupiah over these rows, both >= 0."""
        found = self.aggregate(
            received=Sum("amount", filter=Q(amount__gt=0), default=0),
            returned=Sum("amount", filter=Q(amount__lt=0), default=0),
        )
        return found["received"], -found["returned"]


class Payment(models.Model):
    """One row of an order's payment ledger: money received (positive) or given back (negative).

    A row is never deleted or edited: a mistake is voided with a reason, and the order's payment
    status follows from the live rows (orders.services.payments.settle_payment_status).
    """

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments", verbose_name=_("order"))
    amount = models.IntegerField(_("amount (Rp)"))  # whole Rupiah; a refund is negative
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("reference or note"), max_length=200, blank=True)
    proof = models.ImageField(_("proof"), upload_to="bukti/%Y/%m/", storage=private_storage, blank=True, max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("voided by")
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["received_on", "pk"]
        permissions = [("verify_payment", _("Can check payments against the bank"))]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="payment_amount_not_zero")]
        indexes = [models.Index(fields=["verified_at", "voided_at"], name="payment_to_verify_idx")]

    def __str__(self):
        return f"{self.order} · {self.amount}"

    @property
    def is_refund(self):
        return self.amount < 0

    @property
    def is_voided(self):
        return self.voided_at is not None

    @property
    def is_verified(self):
        return self.verified_at is not None


class StatusChange(models.Model):
    """One change of an order's payment or delivery status: who, when, from what, to what."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("payment")
        FULFILMENT = "fulfilment", _("delivery")
        SCHEDULE = "schedule", _("schedule")
        LINES = "lines", _("products")
        DETAILS = "details", _("address")
        SHIPPING = "shipping", _("shipping")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="changes", verbose_name=_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A schedule change keeps the whole place: "2027-03-06 PO Lebaran 2027" (see schedule_value).
    from_status = models.CharField(_("from"), max_length=200)
    to_status = models.CharField(_("to"), max_length=200)
    amount = models.IntegerField(_("amount (Rp)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.order} · {self.get_kind_display()}: {self.from_label} → {self.to_label}"

    def save(self, *args, **kwargs):
        # The history is append-only: a line is written once and never edited or deleted.
        if not self._state.adding:
            raise ValueError("A status change is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A status change is never deleted.")

    @staticmethod
    def schedule_value(period, delivery_date):
        """What a schedule change stores for one side: the ISO date, then the period's name in full."""
        return f"{delivery_date.isoformat()} {period.name}"

    def _label(self, value):
        if self.kind == self.Kind.SCHEDULE:
            return _schedule_label(value)
        choices = PaymentStatus if self.kind == self.Kind.PAYMENT else FulfilmentStatus
        try:
            return choices(value).label
        except ValueError:
            return value

    @property
    def from_label(self):
        return self._label(self.from_status)

    @property
    def to_label(self):
        return self._label(self.to_status)


def _schedule_label(value):
    """"2027-03-06 PO Lebaran 2027" → "PO Lebaran 2027, 6 Maret 2027"; older entries as they were kept."""
    day, _space, name = value.partition(" ")
    try:
        day = date.fromisoformat(day)
    except ValueError:
        return value
    return f"{name}, {date_format(day, 'j F Y')}"


class OrderCodeCounter(models.Model):
    """The last number handed out for one month's order codes (PO-2506-…)."""

    prefix = models.CharField(max_length=12, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("order code counter")
        verbose_name_plural = _("order code counters")


class ShopSettings(models.Model):
    """The one row of shop details the public pages and the WhatsApp messages use."""

    shop_name = models.CharField(_("shop name"), max_length=120, blank=True)
    whatsapp = models.CharField(
        _("shop WhatsApp number"), max_length=20, blank=True, help_text=_("Customers' chats open to this number.")
    )
    payment_instructions = models.TextField(
        _("how to pay"),
        blank=True,
        max_length=1000,
        help_text=_("Bank account or QRIS details, shown on the confirmation page and in messages."),
    )

    class Meta:
        verbose_name = _("shop settings")
        verbose_name_plural = _("shop settings")

    def __str__(self):
        return self.name

    @classmethod
    def load(cls):
        """The shop's row, or an unsaved one with the defaults (reading never writes; save() stores it)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def name(self):
        return self.shop_name or settings.SHOP_NAME

    def save(self, *args, **kwargs):
        self.pk = 1  # one row only
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        from customers.phone import clean_whatsapp_field

        clean_whatsapp_field(self)


class MessageTemplate(models.Model):
    """A WhatsApp message the owner words once; placeholders like {nama} are filled per order."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Order confirmation")
        ORDER_CHANGED = "order_changed", _("Order changed")
        PAYMENT_REMINDER = "payment_reminder", _("Payment reminder")
        DELAY_NOTICE = "delay_notice", _("Delay notice")
        READY_FOR_PICKUP = "ready", _("Ready for pickup")
        THANK_YOU = "thank_you", _("Thank you")
        # Sent to a customer, not about one order: from the lists to contact (insights).
        WIN_BACK = "win_back", _("We miss you (win-back)")
        NEW_PO = "new_po", _("New PO is open")
        # Not to one customer: the text the owner posts as WhatsApp status or Instagram caption.
        ANNOUNCEMENT = "announcement", _("PO announcement (status or caption)")
        SENT = "sent", _("Sent, with courier and tracking number")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, unique=True)
    text = models.TextField(_("text"), max_length=2000)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")

    def __str__(self):
        return self.get_kind_display()


class WaitlistEntry(models.Model):
    """Someone who wants to hear when the next PO opens (the period was full or closed)."""

    period = models.ForeignKey(
        PreorderPeriod, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("PO period")
    )
    name = models.CharField(_("name"), max_length=120)
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    notified_at = models.DateTimeField(_("told"), null=True, blank=True)

    class Meta:
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "whatsapp"], name="waitlist_one_entry_per_number"),
        ]

    def __str__(self):
        return f"{self.name} ({self.whatsapp})"

    @property
    def whatsapp_display(self):
        return display_whatsapp(self.whatsapp)



class HoldQuerySet(models.QuerySet):
    def active(self, moment=None):
        """Holds that count against the caps at `moment`: neither expired nor turned into an order.

        An expired hold needs no job to release it: it simply stops counting here.
        """
        return self.filter(expires_at__gt=moment or timezone.now(), converted_at__isnull=True)


class Hold(models.Model):
    """Units kept for one browser session while its buyer fills in the public form.

    Held units count against every counted cap exactly like an order's (orders.services.quota), so
    the "sisa" shown is what nobody holds; placing the order turns the hold into it in the same
    transaction (orders.services.holds). One hold per session per period.
    """

    period = models.ForeignKey(PreorderPeriod, on_delete=models.CASCADE, related_name="holds", verbose_name=_("PO period"))
    session_key = models.CharField(max_length=64)
    address = models.CharField(max_length=45, blank=True)  # the client's address, for the per-address limit
    created_at = models.DateTimeField(_("held at"), default=timezone.now)
    expires_at = models.DateTimeField(_("held until"), db_index=True)
    converted_at = models.DateTimeField(_("ordered at"), null=True, blank=True)

    objects = HoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [models.UniqueConstraint(fields=["period", "session_key"], name="hold_one_per_session_per_period")]

    def __str__(self):
        return f"{self.period} {self.session_key[:8]}"


class HoldLine(models.Model):
    hold = models.ForeignKey(Hold, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()


class SheetUpload(models.Model):
    """An uploaded sheet kept between its preview and its import, with the import's progress.

    Kept in the database (not on one server's disk), so the confirm may reach another app server;
    unconfirmed uploads are deleted after UPLOAD_KEPT_HOURS (`manage.py clean_sheet_uploads`,
    and on every new upload).
    """

    token = models.CharField(max_length=40, unique=True)
    file_name = models.CharField(max_length=100)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)
    orders_total = models.PositiveIntegerField(default=0)
    orders_done = models.PositiveIntegerField(default=0)
    stopped_at_row = models.PositiveIntegerField(null=True, blank=True)
    stop_reason = models.TextField(blank=True)
    # Changes to existing orders the services refused, as [row, code, reason]: shown at the end, not retried.
    refused = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded sheet")
        verbose_name_plural = _("uploaded sheets")

    def __str__(self):
        return self.file_name

    @property
    def is_finished(self):
        return self.finished_at is not None


class FractionField(models.CharField):
    """An exact Fraction kept as text ("50/3"): work minutes of a batch of 3 in 50 minutes stay exact."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("default", "0")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return None if value is None else Fraction(value)

    def to_python(self, value):
        return None if value is None else Fraction(value)

    def get_prep_value(self, value):
        return None if value is None else str(Fraction(value))


class KitchenPlan(models.Model):
    """The kept kitchen plan's bookkeeping (one row): the day it was made for and what it left over.

    orders.services.kitchen keeps it, with the KitchenDay rows, in step with every order; a
    `planned_for` of None (set when the calendar, a product's timing or the made units change)
    means the next write rebuilds it from the full planner.
    """

    planned_for = models.DateField(null=True, blank=True)
    last_placed_at = models.DateTimeField(null=True, blank=True)  # the queue's last order: a new order comes after it
    last_order = models.PositiveBigIntegerField(null=True, blank=True)
    spare_made = models.JSONField(default=dict, blank=True)  # {product pk: units made and not taken by a waiting order}
    late = models.JSONField(default=list, blank=True)  # [[order pk, period pk, "due"]] the plan cannot make in time

    class Meta:
        verbose_name = _("kitchen plan")
        verbose_name_plural = _("kitchen plan")


class KitchenDay(models.Model):
    """Minutes of work the kitchen's plan promises one period's orders on one production day."""

    day = models.DateField()
    # No database constraint: a rebuild writes every period's rows under the kitchen's lock, and on
    # PostgreSQL the constraint's key-share lock on a period row would wait for an order holding
    # that period's lock while it waits for the kitchen's: a deadlock.
    period = models.ForeignKey(PreorderPeriod, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    promised_minutes = FractionField()

    class Meta:
        verbose_name = _("kitchen day")
        verbose_name_plural = _("kitchen days")
        constraints = [models.UniqueConstraint(fields=["day", "period"], name="kitchen_day_one_row_per_period")]
