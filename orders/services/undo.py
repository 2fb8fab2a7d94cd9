"""Undo a one-tap change ("Lunas", "Siap", "Sudah Dikirim") right after it, through the same services and log."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import FulfilmentStatus, PaymentStatus, StatusChange
from orders.services.errors import OrderRefused
from orders.services.fulfilment import revert_fulfilment
from orders.services.log import lock_order
from orders.services.payments import correct_payment

# Long enough to notice a mis-tap and come back from the next page; short enough that an undo
# never surprises someone who has moved on.
UNDO_WINDOW = timedelta(minutes=2)
UNDOABLE = {
    (StatusChange.Kind.PAYMENT, PaymentStatus.PAID),
    (StatusChange.Kind.FULFILMENT, FulfilmentStatus.READY),
    (StatusChange.Kind.FULFILMENT, FulfilmentStatus.SENT),
    (StatusChange.Kind.FULFILMENT, FulfilmentStatus.PICKED_UP),
}


def undo_refusal(change, *, by, now=None):
    """Why `change` cannot be undone by `by` now, or None: one-tap kinds only, by its maker, while it is the order's latest, within UNDO_WINDOW."""
    if (change.kind, change.to_status) not in UNDOABLE:
        return _("This change cannot be undone here; use the order page.")
    if change.by_id is None or change.by_id != by.pk:
        return _("Only the person who made a change can undo it.")
    if (now or timezone.now()) - change.at > UNDO_WINDOW:
        return _("It is too late to undo this; change it on the order page.")
    latest = StatusChange.objects.filter(order_id=change.order_id).order_by("-at", "-pk").values_list("pk", flat=True).first()
    if latest != change.pk:
        return _("Order %(code)s changed again since; change it on the order page.") % {"code": change.order.code}
    return None


@transaction.atomic
def undo_change(change, *, by):
    """Revert a one-tap change: the payment back to what was paid before, or the delivery status back; both logged."""
    order = lock_order(change.order)
    refusal = undo_refusal(change, by=by)
    if refusal:
        raise OrderRefused(refusal)
    note = _("Undone")
    if change.kind == StatusChange.Kind.PAYMENT:
        return correct_payment(order, amount_paid=order.amount_paid - (change.amount or 0), by=by, note=note)
    return revert_fulfilment(order, change=change, by=by, note=note)
