"""Product pages: the list with search, create and edit."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from production.forms import ProductForm
from production.models import Product

PRICE_PERMISSION = "production.change_price"  # orders.roles ACTIONS["change_price"]


@permission_required("production.view_product", raise_exception=True)
def product_list(request):
    query = request.GET.get("q", "").strip()
    products = Product.objects.all()
    if query:
        products = products.filter(name__icontains=query)
    context = {"products": products, "query": query}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "production/product_list.html#results", context)
    return render(request, "production/product_list.html", context)


def _product_form(request, product=None):
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    if not request.user.has_perm(PRICE_PERMISSION):
        # The kitchen edits making time; the price stays the owner's (a posted price is ignored).
        form.fields["price"].disabled = True
        form.fields["price"].help_text = _("Only the owner changes prices.")
    if request.method == "POST" and form.is_valid():
        product = form.save()
        messages.success(request, _("Product “%(name)s” saved.") % {"name": product.name})
        return redirect("production:product_list")
    return render(request, "production/product_form.html", {"form": form, "product": product})


@permission_required(["production.add_product", PRICE_PERMISSION], raise_exception=True)
def product_create(request):
    return _product_form(request)


@permission_required("production.change_product", raise_exception=True)
def product_edit(request, pk):
    return _product_form(request, get_object_or_404(Product, pk=pk))
