from django.shortcuts import get_object_or_404, render

from orders.models import PreorderPeriod


def home(request):
    """The signed-in start page: the periods that are open now."""
    periods = PreorderPeriod.objects.all()[:10]
    return render(request, "home.html", {"periods": periods})


def period_detail(request, slug):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    return render(request, "orders/period_detail.html", {"period": period})

