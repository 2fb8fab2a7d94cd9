"""'Urungkan' after a one-tap change: the offer shown with what changed, and the button's action."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders.models import StatusChange
from orders.roles import check
from orders.services import OrderRefused
from orders.services.undo import undo_change, undo_refusal

SESSION_KEY = "undo_offer"
# The role action that undoing each kind of change needs (orders.roles); a date or period move is a reschedule.
ACTION = {StatusChange.Kind.PAYMENT: "record_payment", StatusChange.Kind.FULFILMENT: "set_fulfilment"}


def latest_change(order):
    """The change a one-tap action just wrote: the order's newest history line."""
    return StatusChange.objects.filter(order=order).select_related("order").order_by("-at", "-pk").first()


def offer_undo(request, order):
    """After a full-page one-tap change: the next page shows what changed with an Urungkan button (works without JS)."""
    change = latest_change(order)
    if change:
        request.session[SESSION_KEY] = change.pk


def take_undo_offer(request):
    """The change offered for undo on this page, once (like a message), if it can still be undone."""
    pk = request.session.pop(SESSION_KEY, None) if hasattr(request, "session") else None
    if pk is None or not request.user.is_authenticated:
        return None
    change = StatusChange.objects.select_related("order").filter(pk=pk).first()
    if change is None or undo_refusal(change, by=request.user):
        return None
    return change


@require_POST
@login_required
def undo(request, change_id):
    change = get_object_or_404(StatusChange.objects.select_related("order"), pk=change_id)
    check(request, ACTION.get(change.kind, "reschedule_order"))
    try:
        order = undo_change(change, by=request.user)
    except OrderRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Undone: %(code)s is back to “%(status)s”.") % {
            "code": order.code,
            "status": change.from_label,
        })
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = change.order.get_absolute_url()
    return redirect(target)
