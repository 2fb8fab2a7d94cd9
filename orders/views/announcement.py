"""Announce a PO: the share text for WhatsApp status or an Instagram caption, and the poster PNGs."""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from orders.announcement import SIZES, poster_pages, poster_png, share_values
from orders.models import MessageTemplate, PreorderPeriod, ShopSettings
from orders.roles import allowed
from orders.services.messages import fill, message_texts, wa_link


def _public_link(request, period):
    return request.build_absolute_uri(reverse("public_period", args=[period.slug]))


@require_GET
@allowed("view_periods")
def period_announce(request, slug):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    shop = ShopSettings.load()
    text = fill(message_texts()[MessageTemplate.Kind.ANNOUNCEMENT], share_values(period, _public_link(request, period), shop))
    posters = [
        (name, f"{width}×{height}", [page + 1 for page in range(poster_pages(period, name))], height * 270 // width)
        for name, (width, height) in SIZES.items()
    ]
    context = {"period": period, "text": text, "share_url": wa_link("", text), "posters": posters}
    return render(request, "orders/period_announce.html", context)


@require_GET
@allowed("view_periods")
def period_poster(request, slug, format_name):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    png = poster_png(period, _public_link(request, period), format_name=format_name, page=page)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="poster-{period.slug}-{format_name}-{page}.png"'
    return response
