"""Unpaid orders past their period's payment deadline: letting them expire."""
from django.db import transaction

from orders.models import PaymentStatus
from orders.roles import require
from orders.selectors import overdue_orders
from orders.services.fulfilment import cancel_order
from orders.services.log import lock_order

EXPIRY_REASON = "Tidak dibayar sebelum batas waktu"


def expire_unpaid_orders(period=None, now=None, by=None):
    """Cancel every overdue unpaid order (their units go back on sale); return the cancelled codes."""
    require(by, "cancel_order")
    codes = []
    for order in overdue_orders(period, now):
        with transaction.atomic():
            current = lock_order(order)
            if current.payment_status != PaymentStatus.UNPAID or current.is_cancelled:
                continue  # paid or cancelled meanwhile
            cancel_order(current, reason=EXPIRY_REASON, by=by)
        codes.append(order.code)
    return codes
