"""Recipes (ingredients per unit) and the shopping list summed across orders."""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders.models import PreorderPeriod
from orders.services.production_plan import units_for_days, units_for_period
from production.forms import RecipeItemForm
from production.models import Product, RecipeItem
from production.calendar_grid import parse_day
from production.recipes import shopping_list

MAX_DAYS = 62


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


def shopping_range(request, today):
    """(start, end, period) from ?periode=<slug>, or ?dari=&sampai=, or ?tanggal= (today by default)."""
    period = PreorderPeriod.objects.filter(slug=request.GET.get("periode") or None).first()
    if period is not None:
        return None, None, period
    start = parse_day(request.GET.get("dari")) or parse_day(request.GET.get("tanggal")) or today
    end = parse_day(request.GET.get("sampai")) or start
    return start, min(max(end, start), start + timedelta(days=MAX_DAYS - 1)), None


@permission_required("production.view_recipeitem", raise_exception=True)
def shopping_page(request):
    start, end, period = shopping_range(request, timezone.localdate())
    units = units_for_period(period) if period else units_for_days(start=start, end=end)
    products = Product.objects.in_bulk(list(units))
    recipe = RecipeItem.objects.filter(product__in=list(units)).values_list("product_id", "ingredient", "measure", "quantity")
    with_recipe = set(RecipeItem.objects.filter(product__in=list(units)).values_list("product_id", flat=True))
    context = {
        "start": start,
        "end": end,
        "period": period,
        "periods": PreorderPeriod.objects.order_by("-opens_at")[:20],
        "needs": shopping_list(units, recipe),
        "units": sorted(((products[pid], n) for pid, n in units.items()), key=lambda pair: pair[0].name),
        "missing": sorted((products[pid] for pid in units if pid not in with_recipe), key=lambda p: p.name),
    }
    return render(request, "production/shopping.html", context)
