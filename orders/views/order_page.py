"""One order's page: lines and their edit, money and the payment ledger, delivery status, cancel and its history."""
import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders.forms import CancelForm, CorrectPaymentForm, EditLinesForm, PaymentForm, RefundForm, ShippingForm, VoidPaymentForm
from orders.models import DeliveryMethod, FulfilmentStatus, Order, Payment, StatusChange
from orders.roles import allowed
from orders.selectors import editable_products, order_ledger
from orders.services import OrderRefused, cancel_order, correct_payment, record_payment, refund
from orders.services.editing import change_lines
from orders.services.fulfilment import GATED, allowed_next, may_override_payment, paid_enough_to_send, set_shipping
from orders.services.payments import verify_payment, void_payment


def _order(code):
    return get_object_or_404(Order.objects.for_table().select_related("period"), code=code)


def _edit_form(order, data=None):
    products, current = editable_products(order)
    return EditLinesForm(data, products=products, current=current)


def _page(request, order, forms=None, status=200):
    forms = forms or {}
    payments = order_ledger(order)
    failed_void = forms.get("void")
    for payment in payments:
        payment.void_form = failed_void if failed_void and failed_void.payment_id == payment.pk else VoidPaymentForm(payment_id=payment.pk)
    next_statuses = [status for status in FulfilmentStatus if status in allowed_next(order) and status != FulfilmentStatus.CANCELLED]
    waits_for_payment = not paid_enough_to_send(order)
    context = {
        "order": order,
        # Not paid as the period requires: packing and sending wait, unless the owner overrides with a reason.
        "waits_for_payment": waits_for_payment,
        "next_statuses": [status for status in next_statuses if not (waits_for_payment and status in GATED)],
        "override_statuses": [status for status in next_statuses if waits_for_payment and status in GATED]
        if may_override_payment(request.user) else [],
        "takes_courier": order.delivery_method != DeliveryMethod.PICKUP and not order.is_cancelled,
        "shipping_form": forms.get("shipping") or ShippingForm(initial={"courier": order.courier, "tracking_number": order.tracking_number}),
        "can_cancel": FulfilmentStatus.CANCELLED in allowed_next(order),
        "changes": StatusChange.objects.filter(order=order).select_related("by"),
        "payments": payments,
        "payment_form": forms.get("payment") or PaymentForm(),
        "correct_form": forms.get("correct") or CorrectPaymentForm(initial={"amount_paid": order.amount_paid}),
        "refund_form": forms.get("refund") or RefundForm(),
        "cancel_form": forms.get("cancel") or CancelForm(),
        "edit_form": forms.get("edit") or (_edit_form(order) if order.can_edit_lines else None),
        "next": order.get_absolute_url(),
    }
    return render(request, "orders/order_detail.html", context, status=status)


@allowed("view_orders")
def order_detail(request, code):
    return _page(request, _order(code))


def _act(request, order, form_name, form, action, done):
    """Run `action(form.cleaned_data)` if the form is valid; refusals and bad input show on the page."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except OrderRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done)
            return redirect(order)
    return _page(request, order, {form_name: form}, status=422)


@require_POST
@allowed("take_payment")
def order_payment(request, code):
    order = _order(code)
    form = PaymentForm(request.POST, request.FILES)
    return _act(
        request, order, "payment", form,
        lambda data: record_payment(
            order, amount=data["amount"], method=data["method"], received_on=data["received_on"], note=data["note"],
            proof=data["proof"], by=request.user,
        ),
        _("Payment recorded for %(code)s.") % {"code": order.code},
    )


@require_POST
@allowed("record_payment")
def order_correct_payment(request, code):
    order = _order(code)
    form = CorrectPaymentForm(request.POST)
    return _act(
        request, order, "correct", form,
        lambda data: correct_payment(order, amount_paid=data["amount_paid"], note=data["note"], by=request.user),
        _("The amount paid of %(code)s is corrected.") % {"code": order.code},
    )


@require_POST
@allowed("record_payment")
def order_refund(request, code):
    order = _order(code)
    form = RefundForm(request.POST)
    return _act(
        request, order, "refund", form,
        lambda data: refund(order, amount=data["amount"], method=data["method"], reason=data["reason"], by=request.user),
        _("Refund recorded for %(code)s.") % {"code": order.code},
    )


def _payment(order, payment_id):
    return get_object_or_404(Payment, pk=payment_id, order=order)


@require_POST
@allowed("record_payment")
def order_void_payment(request, code, payment_id):
    order = _order(code)
    payment = _payment(order, payment_id)
    form = VoidPaymentForm(request.POST, payment_id=payment.pk)
    form.payment_id = payment.pk
    return _act(
        request, order, "void", form,
        lambda data: void_payment(payment, reason=data["reason"], by=request.user),
        _("The payment row of %(code)s is voided.") % {"code": order.code},
    )


@require_POST
@allowed("verify_payment")
def order_verify_payment(request, code, payment_id):
    order = _order(code)
    try:
        verify_payment(_payment(order, payment_id), by=request.user)
    except OrderRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The payment is marked as checked."))
    return redirect(order)


@allowed("view_payments")
def payment_proof(request, payment_id):
    """The proof image of one ledger row, to signed-in staff whose role sees payments (never a public URL)."""
    payment = get_object_or_404(Payment, pk=payment_id)
    if not payment.proof:
        raise Http404
    content_type = mimetypes.guess_type(payment.proof.name)[0] or ""
    if not content_type.startswith("image/"):
        raise Http404
    response = FileResponse(payment.proof.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


@require_POST
@allowed("edit_order")
def order_edit_lines(request, code):
    order = _order(code)
    if not order.can_edit_lines:
        messages.error(request, _("Order %(code)s can no longer change its products.") % {"code": order.code})
        return redirect(order)
    form = _edit_form(order, request.POST)
    return _act(
        request, order, "edit", form,
        lambda data: change_lines(order, quantities=form.quantities(), expected=form.seen_quantities(), by=request.user),
        _("The products of %(code)s are changed. Send the customer the change by WhatsApp.") % {"code": order.code},
    )


@require_POST
@allowed("cancel_order")
def order_cancel(request, code):
    order = _order(code)
    form = CancelForm(request.POST)
    return _act(
        request, order, "cancel", form,
        lambda data: cancel_order(order, reason=data["reason"], by=request.user),
        _("Order %(code)s is cancelled.") % {"code": order.code},
    )


@require_POST
@allowed("set_fulfilment")
def order_shipping(request, code):
    order = _order(code)
    form = ShippingForm(request.POST)
    return _act(
        request, order, "shipping", form,
        lambda data: set_shipping(order, courier=data["courier"], tracking_number=data["tracking_number"], by=request.user),
        _("Courier and tracking number saved for %(code)s.") % {"code": order.code},
    )
