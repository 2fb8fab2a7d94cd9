"""'Hari ini': today's list for the helpers on a phone — make, pack for tomorrow, send or hand over."""
from datetime import timedelta

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders.models import DeliveryMethod, FulfilmentStatus, Order
from orders.roles import allowed, check
from orders.services import OrderRefused, set_fulfilment
from orders.services.kitchen import record_done
from orders.services.production_plan import production_plan
from orders.views.undo import latest_change, offer_undo
from production.forms import DoneForm
from production.models import ProductionDone

TEMPLATE = "orders/kitchen/today.html"


@allowed("record_production")
def today_page(request):
    today = timezone.localdate()
    ordered = production_plan(start=today, end=today)
    day_plan = ordered.plan.days[0] if ordered.plan.days else None
    to_make = sorted(
        ((ordered.products[pid], units) for pid, units in (day_plan.totals() if day_plan else {}).items()),
        key=lambda pair: pair[0].name,
    )
    done = (
        ProductionDone.objects.filter(day=today)
        .values("product__name", "product__unit")
        .annotate(units=Sum("quantity"))
        .order_by("product__name")
    )
    orders = Order.objects.select_related("customer").prefetch_related("lines__product").order_by("placed_at")
    to_pack = orders.filter(delivery_date=today + timedelta(days=1), fulfilment_status=FulfilmentStatus.PENDING)
    to_send = orders.filter(delivery_date=today, fulfilment_status__in=[FulfilmentStatus.PENDING, FulfilmentStatus.READY])
    return render(
        request,
        TEMPLATE,
        {"today": today, "to_make": to_make, "done": done, "to_pack": to_pack, "to_send": to_send, "late": ordered.plan.late},
    )


@require_POST
@allowed("record_production")
def mark_made(request):
    form = DoneForm(request.POST)
    if not form.is_valid():
        message = _("Give the number of units made (at least 1).")
        if request.htmx:
            return render(request, TEMPLATE + "#not_made", {"message": message})
        messages.error(request, message)
        return redirect("production:today")
    product, quantity = form.cleaned_data["product"], form.cleaned_data["quantity"]
    record_done(day=timezone.localdate(), product=product, quantity=quantity, by=request.user)
    if request.htmx:
        return render(request, TEMPLATE + "#made", {"product": product, "units": quantity})
    messages.success(request, _("%(units)s %(unit)s %(product)s marked made.") % {"units": quantity, "unit": product.unit, "product": product.name})
    return redirect("production:today")


@require_POST
def mark_order(request, code, step):
    """step 'pack' sets Ready; step 'send' sets Sent or Picked up, by the order's delivery method."""
    check(request, "set_fulfilment")
    if step not in ("pack", "send"):
        raise Http404
    order = get_object_or_404(Order, code=code)
    if step == "pack":
        status = FulfilmentStatus.READY
    else:
        status = FulfilmentStatus.PICKED_UP if order.delivery_method == DeliveryMethod.PICKUP else FulfilmentStatus.SENT
    try:
        order = set_fulfilment(order, status=status, by=request.user)
    except OrderRefused as refused:
        if request.htmx:
            return render(request, TEMPLATE + "#refused", {"order": order, "message": refused.message})
        messages.error(request, refused.message)
        return redirect("production:today")
    if request.htmx:
        return render(request, TEMPLATE + "#order_done", {"order": order, "undo": latest_change(order), "next": reverse("production:today")})
    offer_undo(request, order)
    return redirect("production:today")
