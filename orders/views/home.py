from django.shortcuts import render
from django.utils import timezone

from orders.selectors import home_summary


def home(request):
    """The signed-in start page: open periods and how full they are, what is unpaid, what goes out soon."""
    return render(request, "home.html", home_summary(timezone.now()))
