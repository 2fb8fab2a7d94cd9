"""One order's page: lines, money, payments, delivery status, cancel, refund and its history."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders.forms import CancelForm, CorrectPaymentForm, PaymentForm, RefundForm, ShippingForm
from orders.models import DeliveryMethod, FulfilmentStatus, Order, StatusChange
from orders.roles import allowed
from orders.services import OrderRefused, cancel_order, correct_payment, record_payment, refund
from orders.services.fulfilment import GATED, allowed_next, may_override_payment, paid_enough_to_send, set_shipping


def _order(code):
    return get_object_or_404(Order.objects.for_table().select_related("period"), code=code)


def _page(request, order, forms=None, status=200):
    forms = forms or {}
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
        "payment_form": forms.get("payment") or PaymentForm(),
        "correct_form": forms.get("correct") or CorrectPaymentForm(initial={"amount_paid": order.amount_paid}),
        "refund_form": forms.get("refund") or RefundForm(),
        "cancel_form": forms.get("cancel") or CancelForm(),
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
@allowed("record_payment")
def order_payment(request, code):
    order = _order(code)
    form = PaymentForm(request.POST)
    return _act(
        request, order, "payment", form,
        lambda data: record_payment(order, amount=data["amount"], note=data["note"], by=request.user),
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
        lambda data: refund(order, amount=data["amount"], reason=data["reason"], by=request.user),
        _("Refund recorded for %(code)s.") % {"code": order.code},
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
