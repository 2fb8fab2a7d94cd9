"""The shelf's pages: ready stock with its movements, and the stock count (stok opname).

They live in stock because they show nothing of orders. The stock app sits below orders, so
these views check Django permissions by name; the same names stand in orders.roles.ACTIONS
(view_stock, move_stock, count_stock, change_stock_items), the one table of who may do what.
"""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.params import parse_id
from stock import selectors
from stock.forms import CountForm, MovementForm, StockItemForm
from stock.models import StockItem
from stock.services import StockRefused, count_shelf, record_movement

MOVE = ("stock.view_stockitem", "stock.add_stockmovement")
CHANGE_ITEMS = ("stock.add_stockitem", "stock.change_stockitem")
COUNT = ("stock.view_stockitem", "stock.count_stock")


def _move(request):
    form = MovementForm(request.POST, prefix="move")
    if form.is_valid():
        data = form.cleaned_data
        try:
            movement = record_movement(
                product=data["product"], kind=data["kind"], quantity=data["quantity"], reason=data["reason"], by=request.user
            )
        except StockRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("%(kind)s of %(product)s recorded: %(quantity)s.")
                % {"kind": movement.get_kind_display(), "product": movement.product.name, "quantity": f"{movement.quantity:+d}"},
            )
            return None
    return {"move_form": form}


def _set_item(request):
    product_id = parse_id(request.POST.get("item-product"))
    instance = StockItem.objects.filter(product_id=product_id).first() if product_id else None
    form = StockItemForm(request.POST, prefix="item", instance=instance)
    if form.is_valid():
        item = form.save()
        messages.success(request, _("%(product)s is sold from ready stock.") % {"product": item.product.name})
        return None
    return {"item_form": form}


ACTIONS = {"move": (MOVE, _move), "item": (CHANGE_ITEMS, _set_item)}


@permission_required("stock.view_stockitem", raise_exception=True)
def stock_list(request):
    """Every ready-stock product with what is on the shelf; record a movement; add a product."""
    context = {}
    if request.method == "POST":
        needs, action = ACTIONS.get(request.POST.get("action"), (None, None))
        if action is None:
            return redirect("stock:stock_list")
        if not request.user.has_perms(needs):
            raise PermissionDenied(_("Your role may not change the stock."))
        context = action(request)
        if context is None:
            return redirect("stock:stock_list")
    context.setdefault("move_form", MovementForm(prefix="move"))
    context.setdefault("item_form", StockItemForm(prefix="item"))
    context.update(items=selectors.stock_items(), movements=selectors.movements(limit=30))
    return render(request, "stock/stock_list.html", context)


@permission_required(COUNT, raise_exception=True)
def stock_count(request):
    """Stok opname on a phone: type what is on the shelf; each difference is booked as a correction."""
    items = [item for item in selectors.stock_items() if item.product.is_active]
    form = CountForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            count = count_shelf(counted=form.counted(), reason=form.cleaned_data["reason"], by=request.user)
        except StockRefused as refused:
            form.add_error(None, refused.message)
        else:
            changed = count.movements.count()
            if changed:
                messages.success(request, _("Count saved: %(n)s product(s) corrected.") % {"n": changed})
            else:
                messages.success(request, _("Count saved: the shelf matches the records."))
            return redirect("stock:stock_count")
    return render(request, "stock/stock_count.html", {"form": form, "counts": selectors.counts(limit=10)})
