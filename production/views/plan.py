"""The production plan page: per day what to make for which orders, and what cannot be made."""
from datetime import timedelta

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from orders.models import PreorderPeriod
from orders.services.production_plan import production_plan
from production import planning
from production.calendar_grid import parse_day

DEFAULT_DAYS = 7
MAX_DAYS = 62


def plan_range(request, today):
    """(start, end, period) from ?periode=<slug> or ?dari=&sampai= (dates), a week by default."""
    period = PreorderPeriod.objects.filter(slug=request.GET.get("periode") or None).first()
    if period is not None:
        last = period.delivery_date - timedelta(days=1)
        if period.is_rolling:
            last = today + timedelta(days=MAX_DAYS - 1)
        return today, max(today, last), period
    start = parse_day(request.GET.get("dari")) or today
    end = parse_day(request.GET.get("sampai")) or start + timedelta(days=DEFAULT_DAYS - 1)
    end = min(max(end, start), start + timedelta(days=MAX_DAYS - 1))
    return start, end, None


def late_reason(late):
    if late.reason == planning.DUE_PASSED:
        return _("The delivery date has come: no day is left to make it.")
    if late.reason == planning.NO_WORK_DAY:
        return _("No work day before the delivery date (days off or closed dates).")
    return _("Needs %(needed)s minutes of work, but only %(free)s minutes are free before %(day)s.") % {
        "needed": int(late.needed),
        "free": int(late.free),
        "day": date_format(late.due, "j F Y"),
    }


def _by_order(day_plan, ordered):
    """[(order, [(product, units)...])] for one day, orders in plan order."""
    grouped = {}
    for entry in day_plan.entries:
        grouped.setdefault(entry.ref, []).append((ordered.products[entry.product], entry.quantity))
    return [(ordered.orders[ref], items) for ref, items in grouped.items()]


@permission_required("orders.view_order", raise_exception=True)
def plan_page(request):
    today = timezone.localdate()
    start, end, period = plan_range(request, today)
    ordered = production_plan(start=start, end=end, period=period)
    days = [
        {
            "plan": day_plan,
            "totals": sorted(((ordered.products[pid], units) for pid, units in day_plan.totals().items()), key=lambda pair: pair[0].name),
            "entries": _by_order(day_plan, ordered),
        }
        for day_plan in ordered.plan.days
    ]
    late = [(ordered.orders[item.ref], late_reason(item)) for item in ordered.plan.late]
    context = {
        "start": start,
        "end": end,
        "period": period,
        "periods": PreorderPeriod.objects.order_by("-opens_at")[:20],
        "days": days,
        "late": late,
        "made": sorted(((ordered.products[pid], units) for pid, units in ordered.made.items() if pid in ordered.products), key=lambda pair: pair[0].name),
    }
    if request.htmx:
        return render(request, "production/plan.html#plan", context)
    return render(request, "production/plan.html", context)
