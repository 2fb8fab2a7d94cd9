"""The owner's WhatsApp tools: shop details, message templates, unpaid orders, the waitlist."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.params import parse_id
from orders.forms_messages import MessageTemplateForm, ShopSettingsForm
from orders.models import PreorderPeriod, ShopSettings, WaitlistEntry
from orders.roles import allowed, check, may
from orders.selectors import unpaid_orders
from orders.services.expiry import expire_unpaid_orders
from orders.services.messages import MessageTemplate, ensure_templates, fill, message_texts, order_values, wa_link


@allowed("change_shop_settings")
def shop_settings(request):
    form = ShopSettingsForm(request.POST or None, instance=ShopSettings.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Shop settings saved."))
        return redirect("orders:shop_settings")
    return render(request, "orders/shop_settings.html", {"form": form})


@allowed("change_message_templates")
def message_templates(request):
    templates = ensure_templates()
    forms = [
        MessageTemplateForm(
            request.POST if request.POST.get("kind") == kind else None, instance=templates[kind], prefix=kind
        )
        for kind in MessageTemplate.Kind.values
    ]
    if request.method == "POST":
        for form in forms:
            if form.is_bound and form.is_valid():
                form.save()
                messages.success(request, _("Template “%(kind)s” saved.") % {"kind": form.instance.get_kind_display()})
                return redirect("orders:message_templates")
    return render(request, "orders/message_templates.html", {"forms": forms})


@allowed("view_orders")
def unpaid(request):
    now = timezone.now()
    orders = unpaid_orders()
    shop = ShopSettings.load()
    reminder = message_texts()[MessageTemplate.Kind.PAYMENT_REMINDER]
    rows = [
        {
            "order": order,
            "pay_by": order.pay_by,
            "overdue": order.is_overdue(now),
            "remind_url": wa_link(order.customer.whatsapp, fill(reminder, order_values(order, shop))),
        }
        for order in orders
    ]
    can_expire = may(request.user, "cancel_order")
    return render(request, "orders/unpaid.html", {"rows": rows, "overdue_count": sum(row["overdue"] for row in rows), "can_expire": can_expire})


@require_POST
@allowed("cancel_order")
def expire_unpaid(request):
    codes = expire_unpaid_orders(by=request.user)
    if codes:
        messages.success(request, _("%(count)s unpaid order(s) expired: %(codes)s.") % {"count": len(codes), "codes": ", ".join(codes)})
    else:
        messages.info(request, _("No order is past its payment deadline."))
    return redirect("orders:unpaid")


@allowed("view_waitlist")
def waitlist(request):
    """Everyone waiting for the next PO, or (?period=<slug>) those who asked on one period's page."""
    period = get_object_or_404(PreorderPeriod, slug=request.GET["period"]) if request.GET.get("period") else None
    # The page's own path, so that marking someone as told keeps the period filter.
    here = request.get_full_path()
    if request.method == "POST":
        check(request, "change_waitlist")
        told = parse_id(request.POST.get("told"))
        if told is None:
            messages.error(request, _("Choose who on the waitlist has been told."))
        else:
            WaitlistEntry.objects.filter(pk=told).update(notified_at=timezone.now())
        return redirect(here)
    waiting = WaitlistEntry.objects.select_related("period").order_by("-created_at")
    if period:
        waiting = waiting.filter(period=period)
    shop = ShopSettings.load()
    text = _("Hello {nama}, the next PO of {toko} is open! Order here: ")
    entries = [
        (entry, wa_link(entry.whatsapp, fill(text, {"nama": entry.name, "toko": shop.name})))
        for entry in waiting[:500]
    ]
    return render(request, "orders/waitlist.html", {"entries": entries, "period": period})
