from django.shortcuts import render
from django.utils import timezone

from orders.roles import may
from orders.selectors import home_summary
from stock.selectors import low_stock


def home(request):
    """The signed-in start page: open periods and how full they are, what is unpaid, what goes out soon,
    and the ready stock running low."""
    context = home_summary(timezone.now())
    context["low_stock"] = low_stock() if may(request.user, "view_stock") else []
    return render(request, "home.html", context)
