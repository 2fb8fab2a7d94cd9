"""The public PO page customers open from Instagram or WhatsApp: no login, light, works without JS."""
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from common.clientip import client_address
from customers.models import Customer
from orders.forms_public import PublicOrderForm, WaitlistForm
from orders.middleware import small_form
from orders.models import Channel, Order, PreorderPeriod, ShopSettings, WaitlistEntry
from orders.selectors import period_with_offers, public_stock
from orders.services import OrderRefused, place_order
from orders.services.holds import hold_units, session_hold
from orders.services.messages import order_summary_for_shop, question_link, wa_link
from orders.views import ratelimit
from stock.selectors import sellable

TOKEN_SALT = "public-order"


def order_token(order):
    """A signature of the order code: only the customer's own link opens the confirmation."""
    return signing.Signer(salt=TOKEN_SALT).signature(order.code)


def confirmation_url(order):
    url = reverse("public_order", args=[order.period.slug, order.code])
    return f"{url}?t={order_token(order)}"


def submission_key(request, data):
    """The double-submit key of one filled-in form in one browser.

    The page's hidden key alone would be shared by everyone who submits the same copy of the page
    (a shared phone's Back button, a cached page), and the second person would be sent to the
    first one's confirmation while their own order is lost. Binding it to the browser (its CSRF
    cookie, set when the page was shown, so a double tap before the first answer has it too) and
    to what was filled in makes a repeat of the same submit one order, and anything else a new one.
    """
    browser = request.META.get("CSRF_COOKIE") or request.session.session_key or ""
    filled = [data["key"], data["name"], data["whatsapp"], data["delivery_method"], data["address"], data["notes"]]
    filled += [f"{product}x{quantity}" for product, quantity in sorted(data["lines"].items())]
    filled += [f"s{product}x{quantity}" for product, quantity in sorted(data.get("stock_lines", {}).items())]
    filled += [data.get("ready_on") or ""]
    digest = salted_hmac("public-order-key", "\x1f".join([browser, *map(str, filled)]), algorithm="sha256")
    return "form-" + digest.hexdigest()[:40]


def _page(request, period, *, offers=None, form=None, waitlist_form=None, error="", status=200, total=None, hold=None):
    shop = ShopSettings.load()
    all_offers = _offers(period) if offers is None else offers
    stock = public_stock(period, all_offers)
    # The units this browser holds (orders.services.holds): its buyer may order them even when
    # nothing is left for anyone else.
    hold = hold or session_hold(period=period, session_key=request.session.session_key)
    taking_orders = period.is_open and (not stock.is_full or hold is not None)
    context = {
        "period": period,
        "shop": shop,
        "ask_url": question_link(shop, period),
        "taking_orders": taking_orders,
        "is_full": period.is_open and stock.is_full,
        "held_by_others": stock.held,
        "hold": hold,
        "items": stock.items,
        "error": error,
    }
    if request.htmx and request.GET.get("part") == "stock":
        return render(request, "public/period.html#stock", context)
    if taking_orders and form is None:
        form = PublicOrderForm(offers=_on_sale(all_offers), stock_items=sellable())
    context["form"] = form
    if form is not None:
        context["total"] = total if total is not None else form.running_total()
    context["waitlist_form"] = waitlist_form or WaitlistForm()
    return render(request, "public/period.html", context, status=status)


def _offers(period):
    return list(period.offers.select_related("product").order_by("product__name"))


def _on_sale(offers):
    return [offer for offer in offers if offer.product.is_active]


@small_form
@login_not_required
@never_cache  # a page kept by a browser or a proxy would hand its hidden key to the next person
@require_http_methods(["GET", "HEAD", "POST"])
def period_page(request, slug):
    period, offers = period_with_offers(slug)
    if request.method != "POST":
        return _page(request, period, offers=offers)
    form = PublicOrderForm(request.POST, offers=_on_sale(offers), stock_items=sellable())
    if "total" in request.POST:
        return _running_total(request, period, offers, form)
    if "hold" in request.POST:
        return _hold(request, period, offers, form)
    if request.POST.get("website"):
        return _page(request, period, form=form, error=_("Your order could not be sent. Please try again."), status=400)
    if not ratelimit.allow_submit(request):
        return _page(request, period, form=form, error=_("Too many orders from this connection. Please wait a minute and try again."), status=429)
    if not form.is_valid():
        return _page(request, period, form=form, status=400)
    data = form.cleaned_data
    # Ready stock alone is picked up or delivered on the day chosen (the ready-stock book, not this PO).
    stock_only = not data["lines"]
    try:
        order = place_order(
            period=None if stock_only else period,
            customer=Customer(name=data["name"], whatsapp=data["whatsapp"], address=data["address"]),
            lines=data["lines"],
            stock_lines=data["stock_lines"],
            delivery_date=data["ready_on"] if stock_only else None,
            channel=Channel.ONLINE_FORM,
            delivery_method=data["delivery_method"],
            delivery_address=data["address"],
            notes=data["notes"],
            idempotency_key=submission_key(request, data),
            hold_session=request.session.session_key,
        )
    except OrderRefused as refused:
        return _page(request, period, form=form, error=refused.message, status=409)
    if order.period_id != period.pk and not (stock_only and order.period.holds_ready_stock):
        raise Http404  # a key reused across periods: never show another PO's order
    return redirect(confirmation_url(order))


def _hold(request, period, offers, posted):
    """"Lanjut": keep the chosen units for this browser while the buyer fills in the rest of the form."""
    form = PublicOrderForm(initial=posted.data.dict(), offers=posted.offers, stock_items=posted.stock_items)
    if not ratelimit.allow_submit(request, scope="hold"):
        error = _("Too many orders from this connection. Please wait a minute and try again.")
        return _page(request, period, offers=offers, form=form, error=error, status=429)
    if request.session.session_key is None:
        request.session.save()  # a hold belongs to one browser session
    try:
        hold = hold_units(
            period=period, session_key=request.session.session_key, lines=posted.typed_lines(), address=client_address(request)
        )
    except OrderRefused as refused:
        return _page(request, period, offers=offers, form=form, error=refused.message, status=409)
    return _page(request, period, offers=offers, form=form, total=posted.running_total(), hold=hold)


def _running_total(request, period, offers, posted):
    """"Hitung total" (and htmx as quantities change): the total so far; nothing is ordered or checked."""
    if request.htmx:
        return render(request, "public/period.html#total", {"total": posted.running_total(), "state": "open"})
    # Without JS the whole page comes back with what was typed, and no errors for fields not filled yet.
    form = PublicOrderForm(initial=posted.data.dict(), offers=posted.offers, stock_items=posted.stock_items)
    return _page(request, period, offers=offers, form=form, total=posted.running_total())


@small_form
@login_not_required
@never_cache
@require_POST
def join_waitlist(request, slug):
    period = get_object_or_404(PreorderPeriod, slug=slug)
    form = WaitlistForm(request.POST)
    if request.POST.get("website"):
        return _page(request, period, waitlist_form=form, error=_("Your request could not be sent. Please try again."), status=400)
    if not ratelimit.allow_submit(request, scope="waitlist"):
        return _page(request, period, waitlist_form=form, error=_("Too many requests from this connection. Please wait a minute and try again."), status=429)
    if not form.is_valid():
        return _page(request, period, waitlist_form=form, status=400)
    try:
        WaitlistEntry.objects.get_or_create(
            period=period, whatsapp=form.cleaned_data["whatsapp"], defaults={"name": form.cleaned_data["name"]}
        )
    except IntegrityError:
        pass  # the same number twice at once: one entry is enough
    return render(request, "public/waitlist_done.html", {"period": period, "shop": ShopSettings.load(), "name": form.cleaned_data["name"]})


@login_not_required
@never_cache
def order_confirmation(request, slug, code):
    expected = signing.Signer(salt=TOKEN_SALT).signature(code)
    if not constant_time_compare(request.GET.get("t", ""), expected):
        raise Http404
    order = get_object_or_404(
        Order.objects.select_related("customer", "period").with_totals(), code=code, period__slug=slug
    )
    shop = ShopSettings.load()
    lines = order.lines.select_related("product")
    whatsapp_url = wa_link(shop.whatsapp, order_summary_for_shop(order)) if shop.whatsapp else ""
    return render(
        request,
        "public/confirmation.html",
        {"order": order, "lines": lines, "shop": shop, "period": order.period, "whatsapp_url": whatsapp_url},
    )
