"""Quick order entry on a phone: period, customer, products with steppers, live total, place."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.numbers import UnreadableNumber, parse_whole_number
from customers.models import Customer
from orders.forms import OrderEntryForm, periods_taking_orders
from orders.models import PreorderPeriod
from orders.roles import allowed
from orders.services import OrderRefused, place_order
from common.limits import MAX_QUANTITY
from stock.selectors import sellable

SEARCH_RESULTS = 8


def _period(request):
    """The period named in the request, else the one open now, else the next to open."""
    slug = request.POST.get("period") or request.GET.get("period")
    periods = periods_taking_orders()
    if slug:
        chosen = periods.filter(slug=slug).first()
        if chosen:
            return chosen
    return PreorderPeriod.objects.open_at(timezone.now()).order_by("closes_at").first() or periods.first()


def _stepped(data, action):
    """A copy of the posted data with one quantity moved by the − / + button ("plus:12", "minus:12";
    "stockplus:12" / "stockminus:12" for a ready-stock product)."""
    direction, _sep, product_id = action.partition(":")
    data = data.copy()
    if direction.startswith("stock"):
        direction, name = direction.removeprefix("stock"), OrderEntryForm.stock_name(product_id)
    else:
        name = OrderEntryForm.quantity_name(product_id)
    try:
        current = parse_whole_number(data.get(name) or 0)
    except UnreadableNumber:
        current = 0
    step = 1 if direction == "plus" else -1
    data[name] = str(min(max(current + step, 0), MAX_QUANTITY))
    return data


def _customers_found(form):
    text = (form.current("customer_q") or "").strip()
    found = list(Customer.objects.search(text)[:SEARCH_RESULTS]) if text else []
    selected = str(form.current("customer") or "")
    if selected.isdigit() and all(str(c.pk) != selected for c in found):
        found = list(Customer.objects.filter(pk=selected)) + found
    return {"customers": found, "selected_customer": selected, "searched": text}


def _enter_action(data):
    """What Enter in a field means: save the order, or search if the search box holds a name whose results are not shown."""
    typed = (data.get("customer_q") or "").strip()
    return "place" if typed == (data.get("customer_q_shown") or "").strip() else "find"


@allowed("take_order")
def order_create(request):
    period = _period(request)
    action = request.POST.get("action", "place")
    if action == "enter":
        action = _enter_action(request.POST)
    data = request.POST if request.method == "POST" else None
    if data is not None and action.startswith(("plus:", "minus:", "stockplus:", "stockminus:")):
        data = _stepped(data, action)
    if request.method == "GET" and request.htmx and "customer_q" in request.GET:
        form = OrderEntryForm(request.GET, period=period, stock_items=sellable())
        return render(request, "orders/order_form.html#customer_results", {"form": form, **_customers_found(form)})
    if data is not None and action != "place":
        # A refresh (search, stepper, total, another period) shows what was typed, without errors yet.
        form = OrderEntryForm(initial=data.dict(), period=period, stock_items=sellable())
    else:
        form = OrderEntryForm(data, period=period, stock_items=sellable())
    refusal = ""
    if data is not None and action == "place" and form.is_valid():
        try:
            lines = form.lines()
            order = place_order(
                # Ready stock alone goes in the ready-stock book, picked up or sent today.
                period=form.cleaned_data["period"] if lines else None,
                customer=form.chosen_customer(),
                lines=lines,
                stock_lines=form.stock_lines(),
                channel=form.cleaned_data["channel"],
                delivery_method=form.cleaned_data["delivery_method"],
                delivery_address=form.cleaned_data["delivery_address"],
                notes=form.cleaned_data["notes"],
                by=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except OrderRefused as refused:
            refusal = refused.message
        else:
            messages.success(request, _("Order %(code)s is saved.") % {"code": order.code})
            return redirect(order)
    context = {"form": form, "period": period, **_customers_found(form), "refusal": refusal, "action": action}
    if request.htmx and action == "total":
        return render(request, "orders/order_form.html#total", context)
    if request.htmx and (action == "lines" or action.startswith(("plus:", "minus:", "stockplus:", "stockminus:"))):
        return render(request, "orders/order_form.html#lines", context)
    return render(request, "orders/order_form.html", context)
