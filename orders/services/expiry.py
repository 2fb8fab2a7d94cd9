"""Unpaid orders past their period's payment deadline: listing them and letting them expire."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from orders.models import FulfilmentStatus, Order, PaymentStatus
from orders.roles import require
from orders.services.fulfilment import cancel_order
from orders.services.log import lock_order

EXPIRY_REASON = "Tidak dibayar sebelum batas waktu"


def pay_by(order):
    """When the order should be paid, or None when its period sets no deadline."""
    hours = order.period.payment_deadline_hours
    return None if hours is None else order.placed_at + timedelta(hours=hours)


def overdue_orders(period=None, now=None):
    """Unpaid, not cancelled orders placed longer ago than their period's payment deadline (oldest first)."""
    now = now or timezone.now()
    orders = (
        Order.objects.filter(payment_status=PaymentStatus.UNPAID, period__payment_deadline_hours__isnull=False)
        .exclude(fulfilment_status=FulfilmentStatus.CANCELLED)
        .select_related("period", "customer")
        .order_by("placed_at")
    )
    if period is not None:
        orders = orders.filter(period=period)
    return [order for order in orders if pay_by(order) <= now]


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
