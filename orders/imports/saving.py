"""Saving a planned import: the new orders, their customers, products and periods, all or nothing."""
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from orders.export import month_bounds
from orders.imports.planning import (
    IMPORT_NOTE,
    _delivery_period,
    _existing_customer,
    _import_period_name,
    _import_period_slug,
    _pickup_words,
    read_sheet,
)
from orders.imports.cells import normal_key
from orders.models import DeliveryMethod, FulfilmentStatus, Order, OrderCodeCounter, OrderLine, PaymentStatus, PreorderPeriod, StatusChange
from orders.services.kitchen import keep_kitchen_plan
from production.models import Product, Unit


def import_sheet(data, *, by=None):
    """Save the sheet's new orders in one transaction; return the Plan. Saves nothing if it has problems."""
    plan = read_sheet(data)
    if plan.problems:
        return plan
    with transaction.atomic():
        # Orders with their own code first, so a generated code never takes one the sheet uses.
        for order in sorted(plan.new_orders, key=lambda item: not item.code):
            _save_order(order, by)
        keep_kitchen_plan()
    return plan


def _save_order(sheet_order, by):
    customer = _existing_customer(sheet_order)
    if customer is None:
        customer = Customer.objects.create(name=sheet_order.customer_name, whatsapp=sheet_order.whatsapp, address=sheet_order.address)
    period = _delivery_period(sheet_order) or _create_import_period(sheet_order.delivery_date)
    pickup = normal_key(sheet_order.address) in _pickup_words() or not sheet_order.address
    placed_at = timezone.make_aware(datetime.combine(sheet_order.placed_on, time(12, 0)))
    order = Order.objects.create(
        code=sheet_order.code or _free_code(placed_at),
        customer=customer,
        period=period,
        channel=sheet_order.channel,
        delivery_method=DeliveryMethod.PICKUP if pickup else DeliveryMethod.DELIVERY,
        delivery_address="" if pickup else sheet_order.address,
        delivery_date=sheet_order.delivery_date,
        placed_at=placed_at,
        placed_by=by if by is not None and by.is_authenticated else None,
        payment_status=sheet_order.payment_status,
        amount_paid=sheet_order.amount_paid,
        amount_refunded=sheet_order.amount_refunded,
        fulfilment_status=sheet_order.fulfilment_status,
        idempotency_key=None if sheet_order.code else sheet_order.stable_key(),
    )
    OrderLine.objects.bulk_create(
        OrderLine(order=order, product=_product_for(line), quantity=line.quantity, unit_price=line.unit_price)
        for line in sheet_order.lines
    )
    user = by if by is not None and by.is_authenticated else None
    StatusChange.objects.bulk_create(
        [
            StatusChange(order=order, kind=StatusChange.Kind.PAYMENT, from_status=PaymentStatus.UNPAID,
                         to_status=order.payment_status, amount=order.amount_paid, note=IMPORT_NOTE, by=user, at=placed_at),
            StatusChange(order=order, kind=StatusChange.Kind.FULFILMENT, from_status=FulfilmentStatus.PENDING,
                         to_status=order.fulfilment_status, note=IMPORT_NOTE, by=user, at=placed_at),
        ]
    )
    return order


def _product_for(line):
    product = Product.objects.filter(name__iexact=line.product_name).first()
    if product is None:
        product = Product.objects.create(
            name=line.product_name,
            unit=line.unit or Unit.PCS,
            price=line.unit_price,
            units_per_batch=1,
            minutes_per_batch=60,
            is_active=False,
        )
    return product


def _create_import_period(day):
    start, end = month_bounds(day.year, day.month)
    return PreorderPeriod.objects.create(
        name=_import_period_name(day),
        slug=_import_period_slug(day),
        opens_at=start,
        closes_at=end,
        delivery_date=day,
        closed_manually=True,
    )


def _free_code(placed_at):
    """The next PO-YYMM-NNNN of that month that no order has yet (imported codes may sit in between)."""
    prefix = "PO-" + timezone.localtime(placed_at).strftime("%y%m")
    counter, _created = OrderCodeCounter.objects.get_or_create(prefix=prefix)
    while True:
        counter.last_number += 1
        code = f"{prefix}-{counter.last_number:04d}"
        if not Order.objects.filter(code=code).exists():
            counter.save(update_fields=["last_number"])
            return code
