"""A bare view for bench/war_po.py: one row inserted, nothing else (mounted by bench/urls.py only)."""
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from orders.models import OrderCodeCounter


@csrf_exempt
@login_not_required
@require_POST
def bare_insert(request):
    OrderCodeCounter.objects.create(prefix="B" + request.POST.get("n", "")[:11])
    return HttpResponse("ok")
