"""Bare views for the benchmarks (mounted by bench/urls.py only): war_po.py's one-row insert, pages.py's page."""
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from orders.models import OrderCodeCounter


@csrf_exempt
@login_not_required
@require_POST
def bare_insert(request):
    OrderCodeCounter.objects.create(prefix="B" + request.POST.get("n", "")[:11])
    return HttpResponse("ok")


def bare_page(request):
    """A bare page for bench/pages.py: the app's layout with a heading, through the whole middleware stack.

    Logged in like the pages it is compared with, so the session and user lookups, the menu and
    the layout's context are on both sides; only the page's own content differs.
    """
    return render(request, "bench/bare_page.html")
