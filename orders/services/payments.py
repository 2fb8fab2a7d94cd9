"""The payment ledger: payments received, refunds, voids and checks, each a row or a mark on a row.

An order's payment status and amounts are never typed: after every ledger write (and every change
of the order's lines) settle_payment_status() derives them from the live rows and the order's
total (models.derive_payment_status), and logs the change of status with who and when.
"""
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Payment, PaymentMethod, StatusChange, derive_payment_status
from orders.money import rupiah
from orders.roles import require
from orders.services.errors import OrderRefused
from orders.services.log import lock_order, log_change
from orders.services.numbers import parse_whole_number

PAYMENT = StatusChange.Kind.PAYMENT


def settle_payment_status(order, *, by=None, note="", amount=None):
    """Derive the order's payment status and amounts from its live ledger rows and its total, save
    them and log a changed status. Call under the order's row lock, after the ledger or the lines changed."""
    paid, refunded = Payment.objects.filter(order=order).live().sums()
    status = derive_payment_status(total=order.total, paid=paid, refunded=refunded)
    previous = order.payment_status
    if (previous, order.amount_paid, order.amount_refunded) != (status, paid, refunded):
        order.payment_status, order.amount_paid, order.amount_refunded = status, paid, refunded
        order.save(update_fields=["payment_status", "amount_paid", "amount_refunded"])
    if previous != status or amount:
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


def _checked_method(method):
    try:
        return PaymentMethod(method)
    except ValueError:
        raise OrderRefused(_("Choose how the money was paid.")) from None


def _checked_day(received_on):
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise OrderRefused(_("The date received cannot be in the future."))
    return received_on


PROOF_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def check_proof(upload):
    """Refuse a proof that is too large or is not an image (a transfer screenshot or a photo of a
    receipt); name an accepted one afresh by what it really is (the typed file name is not kept)."""
    if not upload:
        return
    from PIL import Image, UnidentifiedImageError

    limit = settings.PROOF_MAX_KB * 1024
    if upload.size > limit:
        raise OrderRefused(
            _("The proof image is too large (%(size)s KB); the limit is %(max)s KB.")
            % {"size": (upload.size + 1023) // 1024, "max": settings.PROOF_MAX_KB}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in PROOF_FORMATS:
                raise UnidentifiedImageError(image.format)
            image.verify()
            upload.name = f"{uuid.uuid4().hex}.{PROOF_FORMATS[image.format]}"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise OrderRefused(_("The proof is not an image we can read. Upload a JPG, PNG or WebP screenshot.")) from None
    finally:
        upload.seek(0)


def _add_row(order, *, amount, method, received_on, reference, proof, by):
    return Payment.objects.create(
        order=order,
        amount=amount,
        method=method,
        received_on=received_on,
        reference=(reference or "").strip()[:200],
        proof=proof or "",
        recorded_by=by if by is not None and by.is_authenticated else None,
        recorded_at=timezone.now(),
    )


@transaction.atomic
def record_payment(order, *, amount, by=None, note="", method=PaymentMethod.UNKNOWN, received_on=None, proof=None):
    """Add a payment row; the order becomes DP while something is still owed and Lunas when paid in full."""
    require(by, "take_payment")
    order = lock_order(order)
    _refuse_unless_owing(order)
    amount = parse_whole_number(amount, _("The amount"))
    method = _checked_method(method)
    received_on = _checked_day(received_on)
    if amount <= 0:
        raise OrderRefused(_("The amount must be more than Rp0."))
    if amount > order.balance_due:
        raise OrderRefused(
            _("That is more than is owed: order %(code)s still owes %(due)s.")
            % {"code": order.code, "due": rupiah(order.balance_due)}
        )
    check_proof(proof)
    _add_row(order, amount=amount, method=method, received_on=received_on, reference=note, proof=proof, by=by)
    return settle_payment_status(order, by=by, note=note, amount=amount)


@transaction.atomic
def mark_paid(order, *, by=None, note="", method=PaymentMethod.UNKNOWN):
    """Record whatever is still owed, so the order is Lunas."""
    require(by, "record_payment")
    order = lock_order(order)
    _refuse_unless_owing(order)
    due = order.balance_due
    _add_row(order, amount=due, method=_checked_method(method), received_on=timezone.localdate(), reference=note, proof=None, by=by)
    return settle_payment_status(order, by=by, note=note, amount=due)


def record_full_payment(order, *, method, by=None, note=""):
    """Record what is still owed in one row (a counter sale paid on the spot); the caller checked the role
    and holds the order's transaction."""
    order = lock_order(order)
    due = order.balance_due
    if due > 0:
        _add_row(order, amount=due, method=_checked_method(method), received_on=timezone.localdate(), reference=note, proof=None, by=by)
    return settle_payment_status(order, by=by, note=note, amount=due or None)


def _void(row, *, by, reason):
    row.voided_at, row.voided_by, row.void_reason = timezone.now(), by if by is not None and by.is_authenticated else None, reason[:200]
    row.save(update_fields=["voided_at", "voided_by", "void_reason"])


@transaction.atomic
def correct_payment(order, *, amount_paid, by=None, note=""):
    """Make what was received `amount_paid` (a mistaken tap, a sheet that says otherwise): the newest
    rows are voided until it fits, and a row makes up any difference. Not on an order with refunds."""
    require(by, "record_payment")
    order = lock_order(order)
    _refuse_if_closed(order)
    amount_paid = parse_whole_number(amount_paid, _("The amount"))
    total = order.total
    if amount_paid < 0 or amount_paid > total:
        raise OrderRefused(
            _("The amount paid must be between Rp0 and the total, %(total)s.") % {"total": rupiah(total)}
        )
    received, _refunded = Payment.objects.filter(order=order).live().sums()
    change = amount_paid - received
    reason = (note or "").strip() or _("Corrected")
    for row in Payment.objects.filter(order=order).live().order_by("-received_on", "-pk"):
        if received <= amount_paid:
            break
        _void(row, by=by, reason=reason)
        received -= row.amount
    if received < amount_paid:
        _add_row(order, amount=amount_paid - received, method=PaymentMethod.UNKNOWN, received_on=timezone.localdate(),
                 reference=reason, proof=None, by=by)
    return settle_payment_status(order, by=by, note=note, amount=change)


@transaction.atomic
def refund(order, *, amount, reason, by=None, method=PaymentMethod.TRANSFER, received_on=None):
    """Give money back (all or part of what the shop holds): a negative row with its reason."""
    require(by, "record_payment")
    order = lock_order(order)
    amount = parse_whole_number(amount, _("The amount"))
    reason = (reason or "").strip()
    if not reason:
        raise OrderRefused(_("Please write the reason for the refund."))
    if order.amount_kept <= 0 and order.is_refunded:
        raise OrderRefused(_("Order %(code)s has already been refunded.") % {"code": order.code})
    if amount <= 0 or amount > order.amount_kept:
        raise OrderRefused(
            _("A refund must be more than Rp0 and at most what was paid, %(paid)s.")
            % {"paid": rupiah(order.amount_kept)}
        )
    _add_row(order, amount=-amount, method=_checked_method(method), received_on=_checked_day(received_on),
             reference=reason, proof=None, by=by)
    return settle_payment_status(order, by=by, note=reason, amount=-amount)


@transaction.atomic
def void_payment(payment, *, reason, by=None):
    """Void a row recorded by mistake (never delete it); the order's status follows without it."""
    require(by, "record_payment")
    order = lock_order(payment.order)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    reason = (reason or "").strip()
    if payment.is_voided:
        raise OrderRefused(_("This payment row is already voided."))
    if not reason:
        raise OrderRefused(_("Please write why this row is voided."))
    if payment.amount > 0:
        paid, refunded = Payment.objects.filter(order=order).live().exclude(pk=payment.pk).sums()
        if refunded > paid:
            raise OrderRefused(
                _("Without this payment the refunds (%(refunded)s) would be more than was paid; void the refund first.")
                % {"refunded": rupiah(refunded)}
            )
    _void(payment, by=by, reason=reason)
    return settle_payment_status(order, by=by, note=_("Voided: %(reason)s") % {"reason": reason}, amount=-payment.amount)


@transaction.atomic
def verify_payment(payment, *, by):
    """Mark a payment as checked against the bank or the cash box (Keuangan's queue)."""
    require(by, "verify_payment")
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.is_voided:
        raise OrderRefused(_("This payment row is voided; there is nothing to check."))
    if payment.is_verified:
        raise OrderRefused(_("This payment is already checked."))
    payment.verified_at, payment.verified_by = timezone.now(), by
    payment.save(update_fields=["verified_at", "verified_by"])
    return payment
