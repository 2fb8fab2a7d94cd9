"""Changing what an order holds after it was placed: its lines (products × quantities) and its address.

Used by the order page, the quick entry's edit mode and the sheet import. The period's caps apply
as when placing: the order with its new quantities must fit (its own old units are not counted
twice). Each change is one transaction and one line in the order's history.
"""
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import DeliveryMethod, OrderLine, StatusChange
from orders.roles import require
from orders.services.errors import OrderRefused
from orders.services.kitchen import keep_kitchen_plan
from orders.services.locking import write_transaction
from orders.services.log import lock_order, log_change
from orders.services.payments import settle_payment_status
from orders.services.placing import check_room, lock_period
from orders.stock_cache import public_stock_changed


def lines_text(quantities, names):
    """'3 × Kue Nastar, 1 × Kue Lapis' for the history."""
    return ", ".join(f"{quantity} × {names[pid]}" for pid, quantity in sorted(quantities.items(), key=lambda item: names[item[0]]))


def lines_diff(before, after, products):
    """What changed, as people say it: 'Kue Nastar 2 → 3 box; + Putri Salju 1 toples; − Kue Lapis 1 loyang'."""
    parts = []
    for pid in sorted(before.keys() | after.keys(), key=lambda pid: products[pid].name):
        old, new, product = before.get(pid, 0), after.get(pid, 0), products[pid]
        if old == new:
            continue
        if not old:
            parts.append(f"+ {product.name} {new} {product.unit}")
        elif not new:
            parts.append(f"− {product.name} {old} {product.unit}")
        else:
            parts.append(f"{product.name} {old} → {new} {product.unit}")
    return "; ".join(parts)


def _refuse_unless_editable(order, *, record_only):
    if order.can_edit_lines or (record_only and not order.is_cancelled):
        return
    if order.is_cancelled:
        raise OrderRefused(_("Order %(code)s is cancelled; its products cannot change.") % {"code": order.code})
    raise OrderRefused(
        _("Order %(code)s is already %(status)s; its products cannot change.")
        % {"code": order.code, "status": order.get_fulfilment_status_display().lower()}
    )


def change_lines(order, *, quantities, unit_prices=None, by=None, note="", expected=None, record_only=False):
    """Set the order's products to {product: quantity} under the period's lock and its caps.

    The order's own units are counted already: only what it grows by must find room. Lines already
    on it keep the price they were placed at; added units come in at unit_prices[product] (or today's
    price). `expected` ({product pk: quantity} the editor saw) refuses an edit over someone else's.
    `record_only` (the sheet import putting the book right after the fact) lets a delivered order change.
    Totals, the payment status and the kitchen's plan follow; the change is logged as a readable diff.
    """
    require(by, "edit_order")
    unit_prices = unit_prices or {}
    wanted = {product.pk: quantity for product, quantity in quantities.items() if quantity > 0}
    if not wanted:
        raise OrderRefused(_("An order needs at least one product; cancel it instead."))
    products = {product.pk: product for product in quantities}
    with write_transaction():
        period = lock_period(order.period)
        order = lock_order(order)
        _refuse_unless_editable(order, record_only=record_only)
        lines = list(order.lines.select_related("product").order_by("pk"))
        before = defaultdict(int)
        for line in lines:
            before[line.product_id] += line.quantity
            products.setdefault(line.product_id, line.product)
        before = dict(before)
        if expected is not None and expected != before:
            raise OrderRefused(
                _("Order %(code)s was changed by someone else a moment ago. Check its products and try again.")
                % {"code": order.code}
            )
        if before == wanted:
            raise OrderRefused(_("Order %(code)s already has these products.") % {"code": order.code})
        more = {pid: quantity - before.get(pid, 0) for pid, quantity in wanted.items() if quantity > before.get(pid, 0)}
        if more and period.offers.exists():
            check_room(period, more, new_order=False)
        _write_lines(order, lines, wanted, products, unit_prices)
        log_change(order, kind=StatusChange.Kind.LINES, from_status=lines_text(before, {pid: p.name for pid, p in products.items()})[:200],
                   to_status=lines_text(wanted, {pid: p.name for pid, p in products.items()})[:200], by=by,
                   note=" — ".join(part for part in (lines_diff(before, wanted, products), (note or "").strip()) if part))
        settle_payment_status(order, by=by, note=_("The order's products changed."))
        keep_kitchen_plan()  # the order's work grew or shrank: the kitchen's days follow
        public_stock_changed(period)
    return order


def _write_lines(order, lines, wanted, products, unit_prices):
    """Shrink the newest lines first; grow a line only when its price is today's, else add a line at today's price."""
    for line in reversed(lines):
        have = sum(other.quantity for other in lines if other.product_id == line.product_id and other.quantity)
        surplus = have - wanted.get(line.product_id, 0)
        if surplus <= 0:
            continue
        if surplus >= line.quantity:
            line.delete()
            line.quantity = 0
        else:
            line.quantity -= surplus
            line.save(update_fields=["quantity"])
    for pid, quantity in wanted.items():
        mine = [line for line in lines if line.product_id == pid and line.quantity]
        missing = quantity - sum(line.quantity for line in mine)
        if missing <= 0:
            continue
        price = unit_prices.get(products[pid], products[pid].price)
        if mine and mine[-1].unit_price == price:
            mine[-1].quantity += missing
            mine[-1].save(update_fields=["quantity"])
        else:
            OrderLine.objects.create(order=order, product=products[pid], quantity=missing, unit_price=price)


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
