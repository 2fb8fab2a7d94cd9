"""Changing what an order holds after it was placed: its lines (products × quantities) and its address.

Used by the sheet import when the family's edited sheet changes an order. The period's caps apply
as when placing: the order with its new quantities must fit (its own old units are not counted
twice). Each change is one transaction and one line in the order's history.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import DeliveryMethod, OrderLine, StatusChange
from orders.services.errors import OrderRefused
from orders.services.kitchen import keep_kitchen_plan
from orders.services.log import lock_order, log_change
from orders.services.placing import check_room, lock_period
from orders.stock_cache import public_stock_changed


def lines_text(quantities, names):
    """'3 × Kue Nastar, 1 × Kue Lapis' for the history."""
    return ", ".join(f"{quantity} × {names[pid]}" for pid, quantity in sorted(quantities.items(), key=lambda item: names[item[0]]))


def change_lines(order, *, quantities, unit_prices=None, by=None, note=""):
    """Set the order's lines to {product: quantity}; a product not on the order yet comes in at
    unit_prices[product] (or its current price). Lines already on it keep the price they were placed at."""
    unit_prices = unit_prices or {}
    wanted = {product.pk: quantity for product, quantity in quantities.items() if quantity > 0}
    if not wanted:
        raise OrderRefused(_("An order needs at least one product; cancel it instead."))
    products = {product.pk: product for product in quantities}
    with transaction.atomic():
        period = lock_period(order.period)
        order = lock_order(order)
        if order.is_cancelled:
            raise OrderRefused(_("Order %(code)s is cancelled; its products cannot change.") % {"code": order.code})
        lines = {line.product_id: line for line in order.lines.select_related("product")}
        before = {pid: line.quantity for pid, line in lines.items()}
        if before == wanted:
            raise OrderRefused(_("Order %(code)s already has these products.") % {"code": order.code})
        # The order's current units are counted already: only what it grows by must find room.
        more = {pid: quantity - before.get(pid, 0) for pid, quantity in wanted.items() if quantity > before.get(pid, 0)}
        if more and period.offers.exists():
            check_room(period, more, new_order=False)
        for pid, line in lines.items():
            if pid not in wanted:
                line.delete()
            elif line.quantity != wanted[pid]:
                line.quantity = wanted[pid]
                line.save(update_fields=["quantity"])
        OrderLine.objects.bulk_create(
            OrderLine(order=order, product=products[pid], quantity=quantity, unit_price=unit_prices.get(products[pid], products[pid].price))
            for pid, quantity in wanted.items()
            if pid not in lines
        )
        names = {pid: line.product.name for pid, line in lines.items()} | {pid: product.name for pid, product in products.items()}
        log_change(order, kind=StatusChange.Kind.LINES, from_status=lines_text(before, names)[:200],
                   to_status=lines_text(wanted, names)[:200], by=by, note=note)
        keep_kitchen_plan()  # the order's work grew or shrank: the kitchen's days follow
        public_stock_changed(period)
    return order


def change_address(order, *, address, by=None, note=""):
    """Deliver the order to `address`, or let the customer pick it up when it is empty."""
    address = (address or "").strip()[:500]
    with transaction.atomic():
        order = lock_order(order)
        if order.is_cancelled:
            raise OrderRefused(_("Order %(code)s is cancelled; its address cannot change.") % {"code": order.code})
        if address == order.delivery_address:
            raise OrderRefused(_("Order %(code)s already has this address.") % {"code": order.code})
        before = order.delivery_address
        order.delivery_address = address
        if not address:
            order.delivery_method = DeliveryMethod.PICKUP
        elif order.delivery_method == DeliveryMethod.PICKUP:
            order.delivery_method = DeliveryMethod.DELIVERY
        order.save(update_fields=["delivery_address", "delivery_method"])
        log_change(order, kind=StatusChange.Kind.DETAILS, from_status=before[:200], to_status=address[:200], by=by, note=note)
    return order
