"""Customer pages: live search, create, edit, and one customer's orders."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from customers.forms import CustomerForm
from customers.models import Customer
from customers.services import is_repeat_customer

PAGE_SIZE = 50


@permission_required("customers.view_customer", raise_exception=True)
def customer_list(request):
    query = request.GET.get("q", "").strip()
    customers = Customer.objects.search(query).annotate(order_count=Count("orders")).order_by("name", "pk")
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "customers/customer_list.html#results", context)
    return render(request, "customers/customer_list.html", context)


@permission_required("customers.view_customer", raise_exception=True)
def customer_detail(request, pk):
    customer = get_object_or_404(Customer, pk=pk)
    # A view may read any app: the customer's orders come through the reverse relation.
    orders = list(
        customer.orders.with_totals().select_related("period").prefetch_related("lines__product").order_by("-placed_at")
    )
    active_count = sum(1 for order in orders if not order.is_cancelled)
    context = {"customer": customer, "orders": orders, "is_repeat": is_repeat_customer(active_count)}
    return render(request, "customers/customer_detail.html", context)


def _customer_form(request, customer=None):
    form = CustomerForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        customer = form.save()
        messages.success(request, _("Customer “%(name)s” saved.") % {"name": customer.name})
        return redirect("customers:customer_detail", pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


@permission_required("customers.add_customer", raise_exception=True)
def customer_create(request):
    return _customer_form(request)


@permission_required("customers.change_customer", raise_exception=True)
def customer_edit(request, pk):
    return _customer_form(request, get_object_or_404(Customer, pk=pk))
