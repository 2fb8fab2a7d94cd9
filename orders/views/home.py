from django.shortcuts import render
from django.utils import timezone

from orders.roles import may
from orders.selectors import home_summary, team_size_hint
from stock.selectors import low_stock


def home(request):
    """The signed-in start page: open periods and how full they are, what is unpaid, what goes out soon,
    the ready stock running low,
    and (for the owner) the team size that the last four weeks' orders call for."""
    context = home_summary(timezone.now())
    context["low_stock"] = low_stock() if may(request.user, "view_stock") else []
    # Orders a day and who it takes: for whoever reads the shop's figures.
    context["team_hint"] = team_size_hint(timezone.now()) if may(request.user, "view_growth") else None
    return render(request, "home.html", context)
