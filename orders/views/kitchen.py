"""The kitchen pages that show orders: the production plan, capacity per day, the shopping list.

They combine the order book with production, so they live in `orders` (production never imports
orders); their URLs stay under /produksi/ with the `production:` names (config/urls.py).
"""
from datetime import timedelta
from fractions import Fraction

from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.params import day_param
from orders.models import PreorderPeriod
from orders.roles import allowed
from orders.services.production_plan import production_plan, units_for_days, units_for_period
from production import planning
from production.capacity import units_that_fit, work_minutes
from production.models import Product, RecipeItem, WorkCalendar
from production.recipes import shopping_list

DEFAULT_DAYS = 7
MAX_DAYS = 62
CAPACITY_DAYS_AHEAD = 14


def plan_range(request, today):
    """(start, end, period) from ?periode=<slug> or ?dari=&sampai= (dates), a week by default."""
    period = PreorderPeriod.objects.filter(slug=request.GET.get("periode") or None).first()
    if period is not None:
        last = period.delivery_date - timedelta(days=1)
        if period.is_rolling:
            last = today + timedelta(days=MAX_DAYS - 1)
        return today, max(today, last), period
    start = day_param(request, "dari") or today
    end = day_param(request, "sampai") or start + timedelta(days=DEFAULT_DAYS - 1)
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


def by_week(days):
    """The plan's days grouped by calendar week (Monday first), with each week's minutes and work."""
    weeks = []
    for row in days:
        monday = row["plan"].day - timedelta(days=row["plan"].day.weekday())
        if not weeks or weeks[-1]["monday"] != monday:
            weeks.append({"monday": monday, "days": [], "used": Fraction(0), "minutes": Fraction(0), "days_with_work": 0})
        week = weeks[-1]
        week["days"].append(row)
        week["used"] += row["plan"].used
        week["minutes"] += row["plan"].minutes
        week["days_with_work"] += bool(row["entries"])
    return weeks


@allowed("view_orders")
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
        "weeks": by_week(days),
        "late": late,
        "made": sorted(((ordered.products[pid], units) for pid, units in ordered.made.items() if pid in ordered.products), key=lambda pair: pair[0].name),
    }
    if request.htmx:
        return render(request, "orders/kitchen/plan.html#plan", context)
    return render(request, "orders/kitchen/plan.html", context)


@allowed("view_calendar")
def capacity_page(request):
    calendar = WorkCalendar.load()
    usual_minutes = work_minutes(hours=calendar.default_hours, workers=calendar.default_workers)
    products = list(Product.objects.filter(is_active=True))
    formulas = [
        {
            "product": product,
            "batch_hours": Fraction(product.minutes_per_batch, 60),
            "per_unit": product.minutes_per_unit,
            "per_day": units_that_fit(usual_minutes, product.minutes_per_unit),
        }
        for product in products
    ]
    today = timezone.localdate()
    ordered = production_plan(start=today, end=today + timedelta(days=CAPACITY_DAYS_AHEAD - 1))
    days = [
        {
            "plan": day_plan,
            "fits": [(product, units_that_fit(day_plan.free, product.minutes_per_unit)) for product in products],
        }
        for day_plan in ordered.plan.days
    ]
    return render(
        request,
        "orders/kitchen/capacity.html",
        {"calendar": calendar, "usual_minutes": usual_minutes, "formulas": formulas, "days": days, "days_ahead": CAPACITY_DAYS_AHEAD},
    )


def shopping_range(request, today):
    """(start, end, period) from ?periode=<slug>, or ?dari=&sampai=, or ?tanggal= (today by default)."""
    period = PreorderPeriod.objects.filter(slug=request.GET.get("periode") or None).first()
    if period is not None:
        return None, None, period
    start = day_param(request, "dari") or day_param(request, "tanggal") or today
    end = day_param(request, "sampai") or start
    return start, min(max(end, start), start + timedelta(days=MAX_DAYS - 1)), None


@allowed("view_recipes")
def shopping_page(request):
    start, end, period = shopping_range(request, timezone.localdate())
    units = units_for_period(period) if period else units_for_days(start=start, end=end)
    products = Product.objects.in_bulk(list(units))
    recipe = RecipeItem.objects.filter(product__in=list(units)).values_list("product_id", "ingredient", "measure", "quantity")
    with_recipe = set(RecipeItem.objects.filter(product__in=list(units)).values_list("product_id", flat=True))
    context = {
        "start": start,
        "end": end,
        "period": period,
        "periods": PreorderPeriod.objects.order_by("-opens_at")[:20],
        "needs": shopping_list(units, recipe),
        "units": sorted(((products[pid], n) for pid, n in units.items()), key=lambda pair: pair[0].name),
        "missing": sorted((products[pid] for pid in units if pid not in with_recipe), key=lambda p: p.name),
    }
    return render(request, "orders/kitchen/shopping.html", context)
