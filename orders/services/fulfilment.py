"""Delivery status: packed, sent or picked up, cancelled; each change written to the log."""
from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import DeliveryMethod, FulfilmentStatus, StatusChange
from orders.services.errors import OrderRefused
from orders.services.kitchen import keep_kitchen_plan, moves_kitchen
from orders.services.log import lock_order, log_change
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


def allowed_next(order):
    """The delivery statuses this order may move to, given its delivery method."""
    choices = set(ALLOWED[F(order.fulfilment_status)])
    if order.delivery_method == DeliveryMethod.PICKUP:
        choices.discard(F.SENT)
    else:
        choices.discard(F.PICKED_UP)
    return choices


@transaction.atomic
def set_fulfilment(order, *, status, by=None, note=""):
    """Move the order to a new delivery status, if the rules allow it."""
    order = lock_order(order)
    try:
        status = F(status)
    except ValueError:
        raise OrderRefused(_("Unknown delivery status.")) from None
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
    order.fulfilment_status = status
    order.save(update_fields=["fulfilment_status"])
    if moves_kitchen(current, status):
        keep_kitchen_plan()
    log_change(order, kind=StatusChange.Kind.FULFILMENT, from_status=current, to_status=status, by=by, note=note)
    public_stock_changed(order.period)  # a cancelled order's units are back on sale; a packed one leaves the kitchen's queue
    return order


def cancel_order(order, *, reason, by=None):
    """Cancel the order with a reason; its units go back to the period's quota."""
    return set_fulfilment(order, status=F.CANCELLED, by=by, note=reason)
