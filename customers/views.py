"""Creating and editing a customer. The list and a customer's page show orders: insights/customer_views.py."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from customers.forms import CustomerForm
from customers.models import Customer


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
