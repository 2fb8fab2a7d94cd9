"""PO period pages: the list, one period with its cap gauges and orders, create/edit, open/close, copy."""
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from orders.models import PeriodState, PreorderPeriod
from orders.period_forms import PeriodForm
from orders.roles import allowed
from orders.selectors import period_orders
from orders.services.periods import duplicate_period, set_period_closed
from orders.services.quota import period_usage
from orders.stock_cache import forget_page, public_stock_changed


PAGE_ORDERS = 100  # the newest orders; the order table shows them all


@dataclass
class Gauge:
    """One cap drawn as a bar: how much is used, the cap (None = no cap) and what is left."""

    label: str
    used: int
    cap: int | None
    left: int | None
    unit: str = ""
    note: str = ""

    @property
    def percent(self):
        if not self.cap:
            return 0
        return min(100, round(100 * self.used / self.cap))

    @property
    def level(self):
        if self.cap is None:
            return ""
        if self.left == 0:
            return "bad"
        return "warn" if self.percent >= 80 else "ok"


def period_gauges(usage):
    """The gauges of a period page, one per cap, from `period_usage`."""
    period = usage.period
    gauges = [
        Gauge(gettext_lazy("Orders in the period"), usage.orders, period.max_orders, usage.orders_left, _("orders")),
        Gauge(gettext_lazy("Orders today"), usage.orders_today, period.max_orders_per_day, usage.orders_today_left, _("orders")),
    ]
    for item in usage.products.values():
        cap, note = item.unit_cap, ""
        if cap is None and item.capacity_left is not None:
            cap, note = item.sold + item.capacity_left, _("what production time still allows")
        gauges.append(Gauge(item.product.name, item.sold, cap, item.left, item.product.get_unit_display(), note))
    if usage.minutes_available is not None:
        # The production days' minutes taken by every period's orders: one kitchen.
        left = int(usage.minutes_left)
        note = ""
        if usage.minutes_other:
            note = _("%(minutes)s minutes taken by other POs") % {"minutes": round(usage.minutes_other)}
        gauges.append(
            Gauge(
                gettext_lazy("Production time"),
                max(round(usage.minutes_available) - left, 0),
                round(usage.minutes_available),
                left,
                _("minutes"),
                note,
            )
        )
    return gauges


@allowed("view_periods")
def period_list(request):
    now = timezone.now()
    groups = {state: [] for state in (PeriodState.OPEN, PeriodState.UPCOMING, PeriodState.CLOSED)}
    for period in PreorderPeriod.objects.prefetch_related("offers__product"):
        groups[period.state(now)].append(period)
    return render(request, "orders/period_list.html", {"groups": groups})


@allowed("view_periods")
def period_detail(request, slug):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    gauges = period_gauges(period_usage(period))
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "orders/period_detail.html#gauges", {"period": period, "gauges": gauges})
    orders = period_orders(period, PAGE_ORDERS)
    context = {"period": period, "gauges": gauges, "orders": orders, "order_count": period.orders.count()}
    return render(request, "orders/period_detail.html", context)


def _save_period(request, form):
    old_slug = form.initial.get("slug")
    period = form.save()
    public_stock_changed(period)  # its caps or products may have changed
    forget_page(old_slug, period.slug)
    messages.success(request, _("PO period “%(name)s” saved.") % {"name": period.name})
    return redirect(period)


@allowed("add_period")
def period_create(request):
    # "Pre-sell these goods" on a supplier's mass order opens the form linked to it.
    initial = {"supplier_order": request.GET["supplier_order"]} if request.GET.get("supplier_order", "").isdigit() else None
    form = PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        return _save_period(request, form)
    return render(request, "orders/period_form.html", {"form": form})


@allowed("change_period")
def period_edit(request, slug):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    # The form writes what was typed into its own copy (an empty slug too); the page links to the saved one.
    form = PeriodForm(request.POST or None, instance=PreorderPeriod.objects.get(pk=period.pk))
    if request.method == "POST" and form.is_valid():
        return _save_period(request, form)
    return render(request, "orders/period_form.html", {"form": form, "period": period})


@require_POST
@allowed("change_period")
def period_toggle(request, slug):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    set_period_closed(period, closed=not period.closed_manually)
    if period.closed_manually:
        messages.success(request, _("The PO is closed: no new orders are taken."))
    else:
        messages.success(request, _("The PO is no longer closed by hand."))
    return redirect(period)


@require_POST
@allowed("add_period")
def period_duplicate(request, slug):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    copy = duplicate_period(period)
    messages.success(request, _("Copy made. Check the name and the dates, then save."))
    return redirect("orders:period_edit", slug=copy.slug)
