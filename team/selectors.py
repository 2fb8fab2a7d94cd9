"""Reads for the team's pages: each role's queue ("Tugas saya"), the new-order signal, the activity
feed and the per-helper counts. The payment rule of the hand-off is orders' (PAID_ENOUGH_TO_SEND)."""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models import Channel, DeliveryMethod, FulfilmentStatus, Order, Payment, PaymentStatus, StatusChange
from orders.roles import COURIER, CUSTOMER_SERVICE, FINANCE, OWNER, PRODUCTION
from orders.selectors import overdue_orders, payments_to_verify
from orders.services.fulfilment import PAID_ENOUGH_TO_SEND
from stock.models import StockMovement
from team.models import OrderConfirmation, StaffEvent

User = get_user_model()
DUE_SOON_DAYS = 2  # a balance still owed this close to the delivery date needs Keuangan now
NEW_ORDERS_SHOWN = 50


@dataclass
class Queue:
    key: str
    title: str
    hint: str
    orders: list = field(default_factory=list)


def _orders():
    return Order.objects.select_related("customer", "period").prefetch_related("lines__product")


def cs_queues():
    """CS: orders from the public form not yet confirmed with the customer (oldest first)."""
    to_confirm = (
        _orders().not_delivered().filter(channel=Channel.ONLINE_FORM, confirmation__isnull=True).order_by("placed_at")[:NEW_ORDERS_SHOWN]
    )
    return [Queue("confirm", _("New orders to confirm with the customer"), _("Send the confirmation by WhatsApp, then mark it confirmed."), list(to_confirm))]


def _waiting_payments():
    """Each payment nobody has checked yet, as its order carrying `waiting_payment` (orders' selector)."""
    found = []
    for payment in payments_to_verify()[:NEW_ORDERS_SHOWN]:
        order = payment.order
        order.waiting_payment = payment
        found.append(order)
    return found


def finance_queues(today=None):
    """Keuangan: payments to check against the bank; money still owed close to the delivery date or
    past the deadline; refunds to send."""
    today = today or timezone.localdate()
    due_soon = list(
        _orders().owing().filter(delivery_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .exclude(fulfilment_status__in=[FulfilmentStatus.SENT, FulfilmentStatus.PICKED_UP]).order_by("delivery_date", "placed_at")
    )
    seen = {order.pk for order in due_soon}
    overdue = [order for order in overdue_orders() if order.pk not in seen]
    refunds = _orders().filter(fulfilment_status=FulfilmentStatus.CANCELLED, amount_paid__gt=F("amount_refunded")).exclude(
        payment_status=PaymentStatus.REFUNDED
    ).order_by("placed_at")
    return [
        Queue("verify", _("Payments to verify"), _("Recorded payments nobody has checked against the bank yet, those with a proof first."), _waiting_payments()),
        Queue("due", _("Not paid, delivery close"), _("Still owing with the delivery date two days away or less."), due_soon),
        Queue("overdue", _("Past the payment deadline"), _("Unpaid after the period's deadline."), overdue),
        Queue("refund", _("Refunds to send"), _("Cancelled orders whose money is not yet given back."), list(refunds)),
    ]


def kitchen_queues():
    """Gudang/Produksi: paid orders to make and pack, by delivery date; packed ones to hand over at the counter."""
    to_pack = _orders().active().filter(PAID_ENOUGH_TO_SEND, fulfilment_status=FulfilmentStatus.PENDING).order_by("delivery_date", "placed_at")
    to_hand_over = _orders().filter(fulfilment_status=FulfilmentStatus.READY, delivery_method=DeliveryMethod.PICKUP).order_by("delivery_date")
    return [
        Queue("pack", _("Paid: make and pack"), _("Only orders paid as their period requires; by delivery date."), list(to_pack)),
        Queue("handover", _("Packed: hand over at pickup"), _("The customer picks these up."), list(to_hand_over)),
    ]


def courier_queues(today=None):
    """Kurir: packed orders to deliver today (or late), with the address and the phone."""
    today = today or timezone.localdate()
    deliveries = (
        _orders().filter(fulfilment_status=FulfilmentStatus.READY, delivery_date__lte=today)
        .exclude(delivery_method=DeliveryMethod.PICKUP).order_by("delivery_date", "placed_at")
    )
    return [Queue("deliver", _("To deliver today"), _("Packed and due today or earlier."), list(deliveries))]


QUEUES_BY_ROLE = {
    CUSTOMER_SERVICE: cs_queues,
    FINANCE: finance_queues,
    PRODUCTION: kitchen_queues,
    COURIER: courier_queues,
}
ROLE_ORDER = [CUSTOMER_SERVICE, FINANCE, PRODUCTION, COURIER]


def queues_for(role):
    """[(role, [Queue])]: the role's own queues; the owner sees every role's."""
    roles = ROLE_ORDER if role == OWNER else [role] if role in QUEUES_BY_ROLE else []
    return [(name, QUEUES_BY_ROLE[name]()) for name in roles]


def map_link(address):
    """A maps search for the delivery address (opens the phone's map app)."""
    return f"https://www.google.com/maps/search/?api=1&query={quote(address)}" if address else ""


def new_public_orders(user):
    """How many public-form orders came in since the user last looked (0 for someone who may not see orders)."""
    profile = getattr(user, "staff_profile", None)
    seen = profile.orders_seen_at if profile is not None else None
    if seen is None:
        seen = user.last_login or user.date_joined
    return Order.objects.filter(channel=Channel.ONLINE_FORM, placed_at__gt=seen).count()


# The activity feed ------------------------------------------------------------------------------

KIND_ORDER = "order"
KIND_PAYMENT = "payment"
KIND_DELIVERY = "delivery"
KIND_STAFF = "staff"
KIND_STOCK = "stock"
FEED_KINDS = [
    (KIND_ORDER, _("Orders")),
    (KIND_PAYMENT, _("Payments")),
    (KIND_DELIVERY, _("Delivery")),
    (KIND_STOCK, _("Ready stock")),
    (KIND_STAFF, _("Team")),
]
FEED_LIMIT = 200


@dataclass
class Entry:
    at: datetime
    by: object
    kind: str
    what: str
    detail: str = ""
    order: object = None


def _day_bounds(start, end):
    zone = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.combine(start, time.min), zone) if start else None
    high = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone) if end else None
    return low, high


def _between(queryset, name, low, high):
    if low:
        queryset = queryset.filter(**{f"{name}__gte": low})
    if high:
        queryset = queryset.filter(**{f"{name}__lt": high})
    return queryset


def activity(*, person=None, kind="", start=None, end=None, limit=FEED_LIMIT):
    """The newest `limit` logged changes (orders taken, payments, delivery, CS confirmations, team), newest first."""
    low, high = _day_bounds(start, end)
    entries = []
    by = {"by": person} if person else {}
    if kind in ("", KIND_ORDER):
        placed = _between(Order.objects.select_related("customer", "placed_by"), "placed_at", low, high)
        if person:
            placed = placed.filter(placed_by=person)
        for order in placed.order_by("-placed_at")[:limit]:
            entries.append(Entry(order.placed_at, order.placed_by, KIND_ORDER, _("Order taken"), order.customer.name, order))
        confirmed = _between(OrderConfirmation.objects.select_related("order", "by"), "at", low, high).filter(**by)
        for row in confirmed.order_by("-at")[:limit]:
            entries.append(Entry(row.at, row.by, KIND_ORDER, _("Confirmed with the customer"), "", row.order))
    changes = _between(StatusChange.objects.select_related("order", "by"), "at", low, high).filter(**by)
    if kind == KIND_PAYMENT:
        changes = changes.filter(kind=StatusChange.Kind.PAYMENT)
    elif kind == KIND_DELIVERY:
        changes = changes.filter(kind__in=[StatusChange.Kind.FULFILMENT, StatusChange.Kind.SHIPPING])
    elif kind == KIND_ORDER:
        changes = changes.exclude(kind__in=[StatusChange.Kind.PAYMENT, StatusChange.Kind.FULFILMENT, StatusChange.Kind.SHIPPING])
    elif kind in (KIND_STAFF, KIND_STOCK):
        changes = changes.none()
    for change in changes.order_by("-at", "-pk")[:limit]:
        kind_of = {StatusChange.Kind.PAYMENT: KIND_PAYMENT, StatusChange.Kind.FULFILMENT: KIND_DELIVERY,
                   StatusChange.Kind.SHIPPING: KIND_DELIVERY}.get(change.kind, KIND_ORDER)
        what = f"{change.get_kind_display().capitalize()}: {change.from_label} → {change.to_label}"
        entries.append(Entry(change.at, change.by, kind_of, what, change.note, change.order))
    if kind in ("", KIND_STOCK):
        moves = _between(StockMovement.objects.select_related("product", "by"), "at", low, high).filter(**by)
        for move in moves.order_by("-at", "-pk")[:limit]:
            what = f"{move.get_kind_display()}: {move.quantity:+d} {move.product.get_unit_display()} {move.product.name}"
            entries.append(Entry(move.at, move.by, KIND_STOCK, what, " · ".join(filter(None, (move.reference, move.reason)))))
    if kind in ("", KIND_STAFF):
        events = _between(StaffEvent.objects.select_related("subject", "by"), "at", low, high).filter(**by)
        for event in events[:limit]:
            what = f"{event.get_kind_display().capitalize()}: {event.subject.get_username()}"
            entries.append(Entry(event.at, event.by, KIND_STAFF, what, event.note))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def helper_counts(*, start=None, end=None):
    """Per person in a period: orders taken, payments recorded and checked, orders packed, sent or handed over."""
    low, high = _day_bounds(start, end)
    verified = _between(Payment.objects.exclude(verified_by=None), "verified_at", low, high).values("verified_by").annotate(n=Count("pk"))
    taken = _between(Order.objects.exclude(placed_by=None), "placed_at", low, high).values("placed_by").annotate(n=Count("pk"))
    changes = _between(StatusChange.objects.exclude(by=None), "at", low, high).values("by").annotate(
        payments=Count("pk", filter=Q(kind=StatusChange.Kind.PAYMENT)),
        packed=Count("pk", filter=Q(kind=StatusChange.Kind.FULFILMENT, to_status=FulfilmentStatus.READY)),
        sent=Count("pk", filter=Q(kind=StatusChange.Kind.FULFILMENT, to_status__in=[FulfilmentStatus.SENT, FulfilmentStatus.PICKED_UP])),
    )
    rows = {}
    empty = {"taken": 0, "payments": 0, "verified": 0, "packed": 0, "sent": 0}
    for row in taken:
        rows.setdefault(row["placed_by"], dict(empty))["taken"] = row["n"]
    for row in verified:
        rows.setdefault(row["verified_by"], dict(empty))["verified"] = row["n"]
    for row in changes:
        counts = rows.setdefault(row["by"], dict(empty))
        counts.update(payments=row["payments"], packed=row["packed"], sent=row["sent"])
    users = User.objects.in_bulk(rows)
    return sorted(
        ({"user": users[pk], **counts} for pk, counts in rows.items() if pk in users),
        key=lambda row: row["user"].get_username(),
    )
