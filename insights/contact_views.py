"""The lists to contact (who to win back, who went quiet, who to thank), with a WhatsApp button per
customer and the list's numbers as CSV or vCard for the phone's broadcast list."""
import csv

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from customers.phone import display_whatsapp
from insights.customer_facts import LAPSED_AFTER_DAYS, LOYAL_FROM_ORDERS
from insights.outreach import default_missed_period, inactive, inviting_period, loyal, missed_since
from orders.models import MessageTemplate, PreorderPeriod, ShopSettings
from orders.roles import allowed
from orders.services.messages import customer_values, fill, message_texts, wa_link

PAGE_SIZE = 50
Kind = MessageTemplate.Kind
LIST_CHOICES = [
    ("missed", gettext_lazy("Ordered in a past PO, not since")),
    ("inactive", gettext_lazy("No order for a while")),
    ("loyal", gettext_lazy("Loyal customers")),
]
MESSAGE_CHOICES = [(kind, Kind(kind).label) for kind in (Kind.WIN_BACK, Kind.NEW_PO, Kind.THANK_YOU)]
USUAL_MESSAGE = {"missed": Kind.WIN_BACK, "inactive": Kind.WIN_BACK, "loyal": Kind.THANK_YOU}


class ContactListForm(forms.Form):
    """Which list, with its one setting, and which message the buttons open."""

    list = forms.ChoiceField(label=gettext_lazy("List"), choices=LIST_CHOICES, required=False)
    period = forms.ModelChoiceField(
        label=gettext_lazy("Ordered in"), queryset=PreorderPeriod.objects.order_by("-opens_at"), to_field_name="slug", required=False
    )
    days = forms.IntegerField(label=gettext_lazy("Days without an order"), min_value=1, max_value=3650, required=False)
    orders = forms.IntegerField(label=gettext_lazy("At least this many orders"), min_value=2, max_value=1000, required=False)
    message = forms.ChoiceField(label=gettext_lazy("Message"), choices=MESSAGE_CHOICES, required=False)


def _chosen(request):
    """The list's settings from the query string; a value that does not fit falls back to the usual one."""
    form = ContactListForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = {
        "list": data.get("list") or "missed",
        "period": data.get("period") or default_missed_period(),
        "days": data.get("days") or LAPSED_AFTER_DAYS,
        "orders": data.get("orders") or LOYAL_FROM_ORDERS,
    }
    chosen["message"] = data.get("message") or USUAL_MESSAGE[chosen["list"]]
    initial = {**chosen, "period": chosen["period"].slug if chosen["period"] else ""}
    return chosen, ContactListForm(initial=initial), form


def _customers(chosen):
    if chosen["list"] == "inactive":
        found = inactive(chosen["days"])
    elif chosen["list"] == "loyal":
        found = loyal(chosen["orders"])
    elif chosen["period"] is None:
        return None
    else:
        found = missed_since(chosen["period"])
    return found.order_by("-total_spent", "name", "pk")


@require_GET
@allowed("contact_customers")
def contact_lists(request):
    chosen, form, bound = _chosen(request)
    customers = _customers(chosen)
    page = Paginator(customers if customers is not None else [], PAGE_SIZE).get_page(request.GET.get("page"))
    shop = ShopSettings.load()
    invite = inviting_period()
    link = request.build_absolute_uri(reverse("public_period", args=[invite.slug])) if invite else ""
    text = message_texts()[chosen["message"]]
    rows = [
        {
            "customer": customer,
            "wa_url": wa_link(customer.whatsapp, fill(text, customer_values(customer, shop=shop, period=invite, link=link)))
            if customer.whatsapp
            else "",
        }
        for customer in page.object_list
    ]
    context = {"form": form, "errors": bound.errors if bound.is_bound else {}, "chosen": chosen, "page": page,
               "rows": rows, "invite": invite, "query": request.GET.urlencode()}
    return render(request, "insights/contact_lists.html", context)


def _contacts(request):
    chosen, _form, _bound = _chosen(request)
    customers = _customers(chosen)
    return [] if customers is None else customers.exclude(whatsapp="")


def _sheet_safe(text):
    """A cell a spreadsheet shows as text: no formula from a name like =HYPERLINK(...)."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@allowed("contact_customers")
def contact_export(request, kind):
    """The list's customers with a number: contacts.csv (opens in a spreadsheet) or contacts.vcf (the phone's contacts)."""
    contacts = _contacts(request)
    if kind == "vcf":
        cards = [_vcard(customer) for customer in contacts]
        response = HttpResponse("".join(cards), content_type="text/vcard; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="kontak-pelanggan.vcf"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kontak-pelanggan.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with its mark
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("WhatsApp"), _("Orders"), _("Last order"), _("Total spent (Rp)")])
    for customer in contacts:
        last = date_format(customer.last_order_at, "j F Y") if customer.last_order_at else ""
        writer.writerow([_sheet_safe(customer.name), display_whatsapp(customer.whatsapp), customer.order_count, last, customer.total_spent])
    return response


def _vcard_text(value):
    """vCard 3.0 escaping: backslash, comma, semicolon and line breaks."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _vcard(customer):
    name = _vcard_text(customer.name)
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:{name};;;;\r\nTEL;TYPE=CELL:{customer.whatsapp}\r\nEND:VCARD\r\n"
