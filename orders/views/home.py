from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from orders.models import Order, PreorderPeriod
from orders.services.quota import period_usage

HOME_PERIODS = 5


def home(request):
    """The signed-in start page: open periods and how full they are, what is unpaid, what goes out soon."""
    now = timezone.now()
    today = timezone.localdate()
    open_periods = PreorderPeriod.objects.open_at(now).order_by("closes_at")[:HOME_PERIODS]
    to_deliver = Order.objects.not_delivered()
    context = {
        "usages": [period_usage(period, now=now) for period in open_periods],
        "upcoming": PreorderPeriod.objects.upcoming(now).order_by("opens_at")[:3],
        "unpaid_count": Order.objects.owing().count(),
        "today_count": to_deliver.filter(delivery_date=today).count(),
        "tomorrow_count": to_deliver.filter(delivery_date=today + timedelta(days=1)).count(),
        "today": today,
        "tomorrow": today + timedelta(days=1),
    }
    return render(request, "home.html", context)

