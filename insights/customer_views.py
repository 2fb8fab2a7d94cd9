"""The customer list and a customer's page: they show facts from orders, so they live above orders.

Their URLs keep the customers: names (/pelanggan/, /pelanggan/<pk>/); creating and editing a
customer stay in the customers app.
"""
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from insights.customer_facts import facts_for, filter_facts, with_facts

PAGE_SIZE = 50
# ?sort= → (label, ordering); the default first. Ties fall back to the name, then the id.
SORTS = {
    "name": (_("Name"), ("name", "pk")),
    "spent": (_("Total spent"), ("-total_spent", "name", "pk")),
    "orders": (_("Orders"), ("-order_count", "name", "pk")),
    "average": (_("Average order"), ("-average_order", "name", "pk")),
    "last": (_("Last order"), ("-last_order_at", "name", "pk")),
    "first": (_("First order"), ("first_order_at", "name", "pk")),
}
FILTERS = {
    "": _("All customers"),
    "new": _("New this month"),
    "repeat": _("Repeat (2+ orders)"),
    "lapsed": _("Lapsed (60+ days)"),
    "big": _("Big spenders"),
}


@permission_required("customers.view_customer", raise_exception=True)
def customer_list(request):
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "") if request.GET.get("sort", "") in SORTS else "name"
    chosen = request.GET.get("filter", "") if request.GET.get("filter", "") in FILTERS else ""
    customers = filter_facts(with_facts(Customer.objects.search(query)), chosen)
    ordering = SORTS[sort][1]
    if sort in ("last", "first"):  # customers without orders last, on both databases
        field = F(ordering[0].lstrip("-"))
        first = field.desc(nulls_last=True) if ordering[0].startswith("-") else field.asc(nulls_last=True)
        customers = customers.order_by(first, *ordering[1:])
    else:
        customers = customers.order_by(*ordering)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "sort": sort, "sorts": SORTS, "chosen": chosen, "filters": FILTERS}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "customers/customer_list.html#results", context)
    return render(request, "customers/customer_list.html", context)


@permission_required("customers.view_customer", raise_exception=True)
def customer_detail(request, pk):
    customer = get_object_or_404(Customer, pk=pk)
    orders = list(
        customer.orders.with_totals().select_related("period").prefetch_related("lines__product").order_by("-placed_at")
    )
    context = {"customer": customer, "orders": orders, "facts": facts_for(customer)}
    return render(request, "customers/customer_detail.html", context)
