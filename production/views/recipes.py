"""Recipes: the ingredients of one unit of each product (the shopping list is orders.views.kitchen)."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from production.forms import RecipeItemForm
from production.models import Product, RecipeItem


@permission_required("production.view_recipeitem", raise_exception=True)
def recipes_page(request):
    if request.method == "POST":
        if not request.user.has_perm("production.add_recipeitem"):
            raise PermissionDenied
        form = RecipeItemForm(request.POST)
        if form.is_valid():
            item = form.save()
            messages.success(request, _("%(ingredient)s added to %(product)s.") % {"ingredient": item.ingredient, "product": item.product.name})
            return redirect("production:recipes")
    else:
        form = RecipeItemForm(initial={"product": request.GET.get("produk")})
    products = Product.objects.prefetch_related("recipe").order_by("name")
    return render(request, "production/recipes.html", {"form": form, "products": products})


@require_POST
@permission_required("production.delete_recipeitem", raise_exception=True)
def recipe_delete(request, pk):
    item = get_object_or_404(RecipeItem, pk=pk)
    item.delete()
    messages.success(request, _("%(ingredient)s removed from %(product)s.") % {"ingredient": item.ingredient, "product": item.product.name})
    return redirect("production:recipes")
