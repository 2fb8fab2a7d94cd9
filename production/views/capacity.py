"""The capacity page: the article's formula with the shop's own numbers, per product and per day."""
from datetime import timedelta
from fractions import Fraction

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone

from orders.services.production_plan import production_plan
from production.capacity import units_that_fit, work_minutes
from production.models import Product, WorkCalendar

DAYS_AHEAD = 14


@permission_required("production.view_workcalendar", raise_exception=True)
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
    ordered = production_plan(start=today, end=today + timedelta(days=DAYS_AHEAD - 1))
    days = [
        {
            "plan": day_plan,
            "fits": [(product, units_that_fit(day_plan.free, product.minutes_per_unit)) for product in products],
        }
        for day_plan in ordered.plan.days
    ]
    return render(
        request,
        "production/capacity.html",
        {"calendar": calendar, "usual_minutes": usual_minutes, "formulas": formulas, "days": days, "days_ahead": DAYS_AHEAD},
    )
