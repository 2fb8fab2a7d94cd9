"""Delivery status: packed, sent or picked up, cancelled; the courier and resi; each change written to the log."""
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Courier, DeliveryMethod, FulfilmentStatus, PaymentStatus, StatusChange
from orders.roles import may, require
from orders.services.errors import OrderRefused
from orders.services.kitchen import keep_kitchen_plan, moves_kitchen
from orders.services.log import lock_order, log_change
from orders.services.stock_sales import return_to_shelf
from orders.stock_cache import public_stock_changed

F = FulfilmentStatus

# Where each delivery status may go next. "Siap" can be undone; a sent or picked-up order can go
# back to "Siap" for a mistaken tap; a cancelled order is final.
ALLOWED = {
    F.PENDING: {F.READY, F.SENT, F.PICKED_UP, F.CANCELLED},
    F.READY: {F.PENDING, F.SENT, F.PICKED_UP, F.CANCELLED},
    F.SENT: {F.READY},
    F.PICKED_UP: {F.READY},
    F.CANCELLED: set(),
}


# Marking an order sent or picked up more than this many days before its delivery date is most
# likely a tap on the wrong card: it needs a confirmation first.
EARLY_SEND_DAYS = 7


def needs_confirmation(order, status, *, today=None):
    """True when `status` is Sent / Picked up and the order is not due for more than EARLY_SEND_DAYS days."""
    if status not in (F.SENT, F.PICKED_UP):
        return False
    return (order.delivery_date - (today or timezone.localdate())).days > EARLY_SEND_DAYS


def allowed_next(order):
    """The delivery statuses this order may move to, given its delivery method."""
    choices = set(ALLOWED[F(order.fulfilment_status)])
    if order.delivery_method == DeliveryMethod.PICKUP:
        choices.discard(F.SENT)
    else:
        choices.discard(F.PICKED_UP)
    return choices


# The hand-off rule: an order is packed, sent or handed over only when it is paid as its period
# requires (Lunas; or a DP where the period lets a DP do). The owner may override with a reason.
GATED = {F.READY, F.SENT, F.PICKED_UP}
PAID_ENOUGH_TO_SEND = Q(payment_status__in=[PaymentStatus.PAID, PaymentStatus.OVERPAID]) | Q(
    payment_status=PaymentStatus.DEPOSIT, period__deposit_enough_to_send=True
)


def paid_enough_to_send(order):
    """True when the order is paid as its period requires for packing and sending (PAID_ENOUGH_TO_SEND)."""
    if order.payment_status in (PaymentStatus.PAID, PaymentStatus.OVERPAID):
        return True
    return order.payment_status == PaymentStatus.DEPOSIT and order.period.deposit_enough_to_send


def may_override_payment(user):
    """Only a role with `send_unpaid` (the owner) may pack or send an order that is not paid enough."""
    return user is not None and may(user, "send_unpaid")


def fulfilment_action(status):
    """The role action a move to `status` needs: cancelling is not the same as packing or sending."""
    return "cancel_order" if status == F.CANCELLED else "set_fulfilment"


@transaction.atomic
def set_fulfilment(order, *, status, by=None, note="", override_reason=""):
    """Move the order to a new delivery status, if the rules allow it.

    Packing or sending an order not paid as its period requires needs `override_reason` from a
    user who may override (the owner); the reason goes into the log.
    """
    order = lock_order(order)
    try:
        status = F(status)
    except ValueError:
        raise OrderRefused(_("Unknown delivery status.")) from None
    require(by, fulfilment_action(status))
    current = F(order.fulfilment_status)
    if status == current:
        raise OrderRefused(_("Order %(code)s is already “%(status)s”.") % {"code": order.code, "status": status.label})
    if status not in allowed_next(order):
        if current == F.CANCELLED:
            message = _("Order %(code)s is cancelled; it cannot become “%(status)s”.")
        elif status == F.SENT and order.delivery_method == DeliveryMethod.PICKUP:
            message = _("Order %(code)s is picked up by the customer; mark it “Picked up” instead.")
        elif status == F.PICKED_UP and order.delivery_method != DeliveryMethod.PICKUP:
            message = _("Order %(code)s is delivered; mark it “Sent” instead.")
        else:
            message = _("Order %(code)s cannot go from “%(current)s” to “%(status)s”.")
        raise OrderRefused(message % {"code": order.code, "status": status.label, "current": current.label})
    if status == F.CANCELLED and not (note or "").strip():
        raise OrderRefused(_("Please write the reason for cancelling."))
    if status in GATED and not paid_enough_to_send(order):
        note = _payment_override_note(order, status, by=by, reason=override_reason, note=note)
    return _move(order, current, status, by=by, note=note)


def _payment_override_note(order, status, *, by, reason, note):
    """Refuse an unpaid hand-off, unless the owner overrides with a reason; return the note to log."""
    reason = (reason or "").strip()
    if not may_override_payment(by):
        raise OrderRefused(
            _("Order %(code)s is not paid yet (%(payment)s): it cannot become “%(status)s” until it is paid.")
            % {"code": order.code, "payment": order.get_payment_status_display(), "status": status.label}
        )
    if not reason:
        raise OrderRefused(
            _("Order %(code)s is not paid yet (%(payment)s): write the reason to make it “%(status)s” anyway.")
            % {"code": order.code, "payment": order.get_payment_status_display(), "status": status.label}
        )
    override = _("Not paid yet (%(payment)s), overridden: %(reason)s") % {
        "payment": order.get_payment_status_display(), "reason": reason,
    }
    return f"{note.strip()} · {override}" if (note or "").strip() else override


@transaction.atomic
def revert_fulfilment(order, *, change, by=None, note=""):
    """Put the order back where `change` (its latest delivery change) found it; see orders.services.undo."""
    order = lock_order(order)
    current = F(order.fulfilment_status)
    if current != change.to_status:
        raise OrderRefused(_("Order %(code)s changed again since; change it on the order page.") % {"code": order.code})
    return _move(order, current, F(change.from_status), by=by, note=note)


def _move(order, current, status, *, by, note):
    order.fulfilment_status = status
    order.save(update_fields=["fulfilment_status"])
    if status == F.CANCELLED:
        return_to_shelf(order, by=by, reason=note)  # ready-stock units go back on the shelf
    if moves_kitchen(current, status):
        keep_kitchen_plan()
    log_change(order, kind=StatusChange.Kind.FULFILMENT, from_status=current, to_status=status, by=by, note=note)
    public_stock_changed(order.period)  # a cancelled order's units are back on sale; a packed one leaves the kitchen's queue
    return order


def cancel_order(order, *, reason, by=None):
    """Cancel the order with a reason; its units go back to the period's quota."""
    return set_fulfilment(order, status=F.CANCELLED, by=by, note=reason)


TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
TRACKING_NUMBER_MAX = 40


@transaction.atomic
def set_shipping(order, *, courier, tracking_number="", by=None):
    """Record the courier and the tracking number (resi) of an order that is delivered, logged."""
    order = lock_order(order)
    require(by, "set_fulfilment")
    if order.delivery_method == DeliveryMethod.PICKUP:
        raise OrderRefused(_("Order %(code)s is picked up by the customer: it has no courier.") % {"code": order.code})
    if order.is_cancelled:
        raise OrderRefused(_("Order %(code)s is cancelled.") % {"code": order.code})
    if courier not in Courier.values:
        raise OrderRefused(_("Choose a courier from the list."))
    tracking_number = (tracking_number or "").strip().replace(" ", "")
    if len(tracking_number) > TRACKING_NUMBER_MAX:
        raise OrderRefused(_("A tracking number has at most %(max)s characters.") % {"max": TRACKING_NUMBER_MAX})
    if tracking_number and not TRACKING_NUMBER.match(tracking_number):
        raise OrderRefused(_("A tracking number has only letters, digits and dashes."))
    before = order.shipping_label
    order.courier, order.tracking_number = courier, tracking_number
    order.save(update_fields=["courier", "tracking_number"])
    log_change(order, kind=StatusChange.Kind.SHIPPING, from_status=before, to_status=order.shipping_label, by=by)
    return order
