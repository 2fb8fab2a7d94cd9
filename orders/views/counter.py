"""The counter (kasir): pick products with large buttons, see the total, take the payment, done.

The page lives in orders because a counter sale is an order (orders.services.counter). The cart
is the form itself (a quantity per product), so the page works the same with JavaScript off;
with htmx each tap swaps only the form.
"""
import secrets

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from common.limits import MAX_QUANTITY
from common.numbers import UnreadableNumber, parse_whole_number
from orders.models import Order, ShopSettings
from orders.money import rupiah
from orders.roles import allowed
from orders.services import OrderRefused
from orders.services.counter import METHODS, sell_at_counter
from orders.services.messages import wa_link
from stock.selectors import sellable


def _cart(data, items):
    """{product_id: quantity} from the posted quantities (unreadable or out-of-range ones as 0)."""
    cart = {}
    for item in items:
        try:
            quantity = parse_whole_number(data.get(f"q_{item.product_id}") or 0)
        except UnreadableNumber:
            quantity = 0
        if 0 < quantity <= MAX_QUANTITY:
            cart[item.product_id] = quantity
    return cart


def _step(cart, action, items):
    """Apply a tap: "plus:12" one more, "minus:12" one less, "clear" an empty cart."""
    if action == "clear":
        return {}
    direction, _sep, product_id = action.partition(":")
    if not product_id.isdigit() or int(product_id) not in {item.product_id for item in items}:
        return cart
    product_id = int(product_id)
    quantity = cart.get(product_id, 0) + (1 if direction == "plus" else -1)
    cart = {**cart, product_id: min(max(quantity, 0), MAX_QUANTITY)}
    return {pid: qty for pid, qty in cart.items() if qty}


@allowed("sell_at_counter")
def counter(request):
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()
    items = sellable()
    data = request.POST if request.method == "POST" else {}
    cart = _cart(data, items)
    action = data.get("action", "")
    refusal = ""
    if action == "sell":
        try:
            sale = sell_at_counter(
                lines=cart, method=data.get("method", ""), cash=data.get("cash"), by=request.user,
                idempotency_key=data.get("key") or None,
            )
        except OrderRefused as refused:
            refusal = refused.message
        else:
            url = _receipt_url(sale)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    elif action:
        cart = _step(cart, action, items)
    by_id = {item.product_id: item for item in items}
    lines = [(by_id[pid], qty, by_id[pid].product.price * qty) for pid, qty in cart.items() if pid in by_id]
    shown = [item for item in items if not query or query.lower() in item.product.name.lower()]
    context = {
        "items": shown,
        "lines": lines,
        "total": sum(subtotal for _item, _qty, subtotal in lines),
        "methods": METHODS,
        "method": data.get("method", "cash"),
        "cash": data.get("cash", ""),
        "query": query,
        "refusal": refusal,
        "key": data.get("key") or secrets.token_urlsafe(16),
    }
    template = "orders/counter.html#sale" if request.htmx else "orders/counter.html"
    return render(request, template, context)


def _receipt_url(sale):
    url = reverse("counter_receipt", args=[sale.order.code])
    return f"{url}?kembali={sale.change}" if sale.change is not None else url


@allowed("view_orders")
def receipt(request, code):
    """The counter's receipt: a 58 mm printable page and the same text for WhatsApp."""
    order = get_object_or_404(Order.objects.prefetch_related("lines__product"), code=code)
    shop = ShopSettings.load()
    payment = order.changes.filter(kind="payment").order_by("-at").first()
    change = request.GET.get("kembali", "")
    change = int(change) if change.isdigit() else None
    text = _receipt_text(order, shop, payment, change)
    return render(
        request,
        "orders/counter_receipt.html",
        {"order": order, "shop": shop, "payment": payment, "change": change, "wa_url": wa_link("", text)},
    )


def _receipt_text(order, shop, payment, change):
    lines = [shop.name, _("Receipt %(code)s") % {"code": order.code}]
    for line in order.lines.all():
        lines.append(f"{line.quantity} × {line.product.name} @ {rupiah(line.unit_price)} = {rupiah(line.subtotal)}")
    lines.append(_("Total: %(total)s") % {"total": rupiah(order.total)})
    if payment is not None and payment.note:
        lines.append(payment.note)
    lines.append(_("Thank you!"))
    return "\n".join(line for line in lines if line)
