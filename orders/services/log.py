from django.db import transaction
from django.utils import timezone

from orders.models import Order, StatusChange


def lock_order(order):
    """Re-read the order under a row lock; call inside transaction.atomic()."""
    return Order.objects.select_for_update().get(pk=order.pk)


def log_change(order, *, kind, from_status, to_status, by=None, note="", amount=None):
    """Write one line of the order's history."""
    return StatusChange.objects.create(
        order=order,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        by=by if by is not None and by.is_authenticated else None,
        note=(note or "")[:500],
        amount=amount,
        at=timezone.now(),
    )


__all__ = ["lock_order", "log_change", "transaction"]
