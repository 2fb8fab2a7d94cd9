"""Payments: deposits (DP), paying in full (Lunas), corrections and refunds, each written to the log."""
from django.db import transaction
from django.utils.translation import gettext as _

from orders.money import rupiah
from orders.models import PaymentStatus, StatusChange
from orders.roles import require
from orders.services.errors import OrderRefused
from orders.services.log import lock_order, log_change
from orders.services.numbers import parse_whole_number

PAYMENT = StatusChange.Kind.PAYMENT


def _status_for(amount_paid, total):
    if amount_paid <= 0:
        return PaymentStatus.UNPAID
    if amount_paid >= total:
        return PaymentStatus.PAID
    return PaymentStatus.DEPOSIT


def _apply(order, *, amount_paid, status, by, note, amount):
    previous = order.payment_status
    order.amount_paid = amount_paid
    order.payment_status = status
    order.save(update_fields=["amount_paid", "payment_status"])
    log_change(order, kind=PAYMENT, from_status=previous, to_status=status, by=by, note=note, amount=amount)
    return order


def _refuse_if_closed(order):
    """Refuse any payment change on a cancelled or refunded order (Order.can_correct_payment)."""
    if order.can_correct_payment:
        return
    if order.is_cancelled:
        raise OrderRefused(_("Order %(code)s is cancelled; record a refund instead.") % {"code": order.code})
    raise OrderRefused(_("Order %(code)s has already been refunded.") % {"code": order.code})


def _refuse_unless_owing(order):
    """Refuse a new payment unless the order can take one (Order.can_take_payment)."""
    _refuse_if_closed(order)
    if not order.can_take_payment:
        raise OrderRefused(_("Order %(code)s is already paid.") % {"code": order.code})


@transaction.atomic
def record_payment(order, *, amount, by=None, note=""):
    """Add a payment; the order becomes DP while something is still owed and Lunas when paid in full."""
    require(by, "record_payment")
    order = lock_order(order)
    _refuse_unless_owing(order)
    amount = parse_whole_number(amount, _("The amount"))
    total = order.total
    if amount <= 0:
        raise OrderRefused(_("The amount must be more than Rp0."))
    if order.amount_paid + amount > total:
        raise OrderRefused(
            _("That is more than is owed: order %(code)s still owes %(due)s.")
            % {"code": order.code, "due": rupiah(total - order.amount_paid)}
        )
    paid = order.amount_paid + amount
    return _apply(order, amount_paid=paid, status=_status_for(paid, total), by=by, note=note, amount=amount)


@transaction.atomic
def mark_paid(order, *, by=None, note=""):
    """Record whatever is still owed, so the order is Lunas."""
    require(by, "record_payment")
    order = lock_order(order)
    _refuse_unless_owing(order)
    total = order.total
    return _apply(order, amount_paid=total, status=PaymentStatus.PAID, by=by, note=note, amount=total - order.amount_paid)


@transaction.atomic
def correct_payment(order, *, amount_paid, by=None, note=""):
    """Set the amount paid to what it really is (a mistaken tap), between Rp0 and the total."""
    require(by, "record_payment")
    order = lock_order(order)
    _refuse_if_closed(order)
    amount_paid = parse_whole_number(amount_paid, _("The amount"))
    total = order.total
    if amount_paid < 0 or amount_paid > total:
        raise OrderRefused(
            _("The amount paid must be between Rp0 and the total, %(total)s.") % {"total": rupiah(total)}
        )
    change = amount_paid - order.amount_paid
    return _apply(order, amount_paid=amount_paid, status=_status_for(amount_paid, total), by=by, note=note, amount=change)


@transaction.atomic
def refund(order, *, amount, reason, by=None):
    """Give money back (all or part of what was paid); the reason is kept in the log."""
    require(by, "record_payment")
    order = lock_order(order)
    if order.is_refunded:
        raise OrderRefused(_("Order %(code)s has already been refunded.") % {"code": order.code})
    amount = parse_whole_number(amount, _("The amount"))
    reason = (reason or "").strip()
    if not reason:
        raise OrderRefused(_("Please write the reason for the refund."))
    if amount <= 0 or amount > order.amount_paid:
        raise OrderRefused(
            _("A refund must be more than Rp0 and at most what was paid, %(paid)s.")
            % {"paid": rupiah(order.amount_paid)}
        )
    previous = order.payment_status
    order.amount_refunded = amount
    order.payment_status = PaymentStatus.REFUNDED
    order.save(update_fields=["amount_refunded", "payment_status"])
    log_change(order, kind=PAYMENT, from_status=previous, to_status=PaymentStatus.REFUNDED, by=by, note=reason, amount=-amount)
    return order
