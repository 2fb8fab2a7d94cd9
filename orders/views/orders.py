"""The order table: filter, search, sort, page; one-tap Lunas / Siap / Sudah Dikirim on a row."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from orders.filters import filtered_orders
from orders.models import FulfilmentStatus, Order
from orders.roles import allowed, check
from orders.services import OrderRefused, mark_paid, set_fulfilment
from orders.services.fulfilment import fulfilment_action, needs_confirmation
from orders.views.table_rows import prepare_rows
from orders.views.undo import latest_change, offer_undo

PER_PAGE = 50
COLUMNS = [
    ("no", gettext_lazy("No"), "placed"),
    ("placed", gettext_lazy("Order date"), "placed"),
    ("customer", gettext_lazy("Customer name"), "customer"),
    ("products", gettext_lazy("Products ordered"), "products"),
    ("units", gettext_lazy("Quantity"), "units"),
    ("total", gettext_lazy("Total price"), "total"),
    ("delivery", gettext_lazy("Delivery date"), "delivery"),
    ("payment", gettext_lazy("Payment status"), "payment"),
    ("fulfilment", gettext_lazy("Delivery status"), "fulfilment"),
    ("channel", gettext_lazy("Channel"), "channel"),
    ("code", gettext_lazy("Order code"), "code"),
]


def _columns(sort):
    """Header cells: each links to its sort, reversing it when it is already the current one."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    columns = []
    for name, label, sort_key in COLUMNS:
        current = sort_key == key and name != "no"
        columns.append({
            "name": name,
            "label": label,
            "next_sort": f"-{sort_key}" if current and not descending else sort_key,
            "state": ("descending" if descending else "ascending") if current else "",
        })
    return columns


def card_labels():
    """The columns' headings as CSS variables on the table (--c1, --c2, ...): on a phone each cell shows its
    heading (app.css, `table.orders.cards td:nth-child(n)::before`), written once per table instead of once per cell."""
    quoted = ("'" + str(label).replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ") + "'" for _name, label, _sort in COLUMNS)
    return ";".join(f"--c{number}:{text}" for number, text in enumerate(quoted, start=1))


@allowed("view_orders")
def order_list(request):
    orders, form = filtered_orders(request.GET)
    page = Paginator(orders, PER_PAGE).get_page(form.cleaned_data.get("page") or 1)
    prepare_rows(page.object_list, request.user, first_number=page.start_index())
    context = {
        "form": form,
        "page": page,
        "columns": _columns(form.sort_key),
        "card_labels": card_labels(),
        "next": request.get_full_path(),
    }
    template = "orders/order_list.html#table" if request.htmx and not request.htmx.boosted else "orders/order_list.html"
    return render(request, template, context)


def _row_response(request, order, refusal="", **extra):
    """After a row action: only the row for HTMX (with `undo` or `confirm_status` from extra), else back where the user was."""
    if request.htmx:
        order = Order.objects.for_table().get(pk=order.pk)
        prepare_rows([order], request.user)
        order.number = request.POST.get("no", "")  # the row keeps its place in the table it came from
        context = {
            "order": order,
            "number": request.POST.get("no", ""),
            "refusal": refusal,
            "next": _next(request),
            **extra,
        }
        return render(request, "orders/order_list.html#row", context)
    return redirect(_next(request))


def _changed(request, order):
    """A one-tap change went through: show what changed with an Urungkan button, in the row or on the next page."""
    if request.htmx:
        return _row_response(request, order, undo=latest_change(order))
    offer_undo(request, order)
    return redirect(_next(request))


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: anything else (a word, another host) would be read as a view name or leave the app.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("orders:order_list")


@require_POST
@allowed("record_payment")
def order_mark_paid(request, code):
    order = get_object_or_404(Order, code=code)
    try:
        order = mark_paid(order, by=request.user)
    except OrderRefused as refused:
        if not request.htmx:
            messages.error(request, refused.message)
        return _row_response(request, order, refused.message)
    return _changed(request, order)


@require_POST
def order_set_status(request, code):
    status = request.POST.get("status", "")
    check(request, fulfilment_action(status))
    order = get_object_or_404(Order, code=code)
    status = request.POST.get("status", "")
    if needs_confirmation(order, status) and not request.POST.get("confirm"):
        confirm = {"confirm_status": FulfilmentStatus(status)}
        if request.htmx:
            return _row_response(request, order, **confirm)
        context = {"order": order, "number": request.POST.get("no", ""), "next": _next(request), **confirm}
        return render(request, "orders/confirm_send.html", context)
    try:
        order = set_fulfilment(
            order, status=status, by=request.user, note=request.POST.get("note", ""),
            override_reason=request.POST.get("override_reason", ""),
        )
    except OrderRefused as refused:
        if not request.htmx:
            messages.error(request, refused.message)
        return _row_response(request, order, refused.message)
    return _changed(request, order)
