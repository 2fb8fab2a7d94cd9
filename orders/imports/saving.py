"""Saving a planned import in short transactions, so the shop keeps taking orders meanwhile.

Each batch of BATCH_ORDERS orders is one write transaction (the same write queue as placing an
order), so a public order waits at most one batch, never the whole sheet. A batch that fails is
rolled back alone: the batches before it stay saved, and the plan says at which row it stopped.
Importing the same file again continues there, because saved orders are found by their code or
import key and skipped.
"""
import logging
import time as clock
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from customers.models import Customer
from orders import roles, sheet_words
from orders.export import month_bounds
from orders.imports.cells import normal_key
from orders.imports.changes import KIND_LABELS, apply_changes
from orders.imports.matching import customer_key, import_period_slug
from orders.imports.planning import IMPORT_NOTE, import_period_name, read_sheet
from orders.models import (
    DeliveryMethod,
    FulfilmentStatus,
    Order,
    OrderLine,
    Payment,
    PaymentMethod,
    PaymentStatus,
    PreorderPeriod,
    SheetUpload,
    StatusChange,
)
from orders.services import OrderRefused, cancel_order
from orders.services.kitchen import keep_kitchen_plan
from orders.services.locking import write_transaction
from orders.services.codes import keep_counter_past, next_order_code
from production.models import Product, Unit

BATCH_ORDERS = 100
MISSING_NOTE = "Tidak ada di sheet impor"
logger = logging.getLogger(__name__)


def import_sheet(data, *, by=None, upload=None, seconds=None, also_rows=(), skip_changes=(), cancel_codes=()):
    """Save the sheet: new orders batch by batch, then its changes to book orders, then the cancellations ticked.

    Returns the Plan with `saved`, `changed`, `cancelled`, `refused` [(row, code, column, reason)],
    `finished` and `stopped_at`. Saves nothing if the plan has problems. Likely duplicates of book
    orders are left out unless their row is in `also_rows`; changes to the orders in `skip_changes`
    are left alone; a book order missing from the sheet is cancelled only when its code is in
    `cancel_codes`. With `seconds`, stops starting new work after that long (the page continues in
    its next request); `upload` (a SheetUpload) counts the orders saved, in the same transaction as
    each batch, and keeps the refused changes so they are not tried again.
    """
    roles.require(by, "import_orders")
    plan = read_sheet(data)
    plan.saved, plan.pending, plan.finished, plan.stopped_at, plan.stop_reason = 0, 0, False, None, ""
    plan.changed, plan.cancelled, plan.refused = 0, 0, []
    if plan.problems:
        return plan
    chosen = [order for order in plan.new_orders if not order.duplicate_of or order.row in also_rows]
    # Orders with their own code first, so a generated code never takes one the sheet uses.
    pending = sorted(chosen, key=lambda item: not item.code)
    plan.pending = len(pending)
    user = by if by is not None and by.is_authenticated else None
    began = clock.monotonic()

    def out_of_time():
        return seconds is not None and clock.monotonic() - began > seconds

    for start in range(0, len(pending), BATCH_ORDERS):
        if plan.saved and out_of_time():
            return plan
        batch = pending[start:start + BATCH_ORDERS]
        try:
            with write_transaction():
                for sheet_order in batch:
                    current = sheet_order
                    _save_order(sheet_order, user, plan.known)
                if upload is not None:
                    SheetUpload.objects.filter(pk=upload.pk).update(orders_done=F("orders_done") + len(batch))
                keep_kitchen_plan()  # imported orders wait in the kitchen too
        except (DatabaseError, OrderRefused, ValidationError) as error:
            logger.warning("Sheet import stopped at row %s: %r", current.row, error)
            plan.stopped_at = min(order.row for order in batch)
            plan.stop_reason = getattr(error, "message", "") or _("the database refused row %(row)s.") % {"row": current.row}
            plan.known.batch_rolled_back()
            return plan
        plan.known.batch_saved()
        plan.saved += len(batch)
    tried = {code for _row, code, _column, _reason in (upload.refused if upload is not None else [])}
    for item in plan.changed_orders:
        if item.code in skip_changes or item.code in tried:
            continue
        if out_of_time():
            return plan
        refused = [(item.sheet_order.row, item.code, KIND_LABELS[change.kind], reason)
                   for change, reason in apply_changes(item, known=plan.known, by=user)]
        plan.changed += 1
        if refused:
            plan.refused.extend(refused)
            if upload is not None:
                upload.refused = [*upload.refused, *refused]
                SheetUpload.objects.filter(pk=upload.pk).update(refused=upload.refused)
    for order in plan.missing:
        if order.code in cancel_codes:
            try:
                cancel_order(order, reason=MISSING_NOTE, by=user)
                plan.cancelled += 1
            except OrderRefused as error:
                plan.refused.append((None, order.code, sheet_words.HEADERS[8], error.message))
    plan.finished = True
    return plan


def _save_order(sheet_order, user, known):
    customer = known.customer(sheet_order)
    if customer is None:
        customer = Customer.objects.create(name=sheet_order.customer_name, whatsapp=sheet_order.whatsapp, address=sheet_order.address)
        known.created(customers={customer_key(sheet_order.whatsapp, sheet_order.customer_name): customer})
    period = known.period(sheet_order.delivery_date) or _create_import_period(sheet_order.delivery_date, known)
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
        notes=sheet_order.notes,
        placed_at=placed_at,
        placed_by=user,
        payment_status=sheet_order.payment_status,
        amount_paid=sheet_order.amount_paid,
        amount_refunded=sheet_order.amount_refunded,
        fulfilment_status=sheet_order.fulfilment_status,
        idempotency_key=None if sheet_order.code else sheet_order.stable_key(),
    )
    if sheet_order.code:
        keep_counter_past(sheet_order.code)  # the order service's next code comes after it
    OrderLine.objects.bulk_create(
        OrderLine(order=order, product=_product_for(line, known), quantity=line.quantity, unit_price=line.unit_price)
        for line in sheet_order.lines
    )
    _save_ledger(order, user=user, day=sheet_order.placed_on, note=sheet_order.payment_note)
    StatusChange.objects.bulk_create(
        [
            StatusChange(order=order, kind=StatusChange.Kind.PAYMENT, from_status=PaymentStatus.UNPAID,
                         to_status=order.payment_status, amount=order.amount_paid, note=IMPORT_NOTE, by=user, at=placed_at),
            StatusChange(order=order, kind=StatusChange.Kind.FULFILMENT, from_status=FulfilmentStatus.PENDING,
                         to_status=order.fulfilment_status, note=IMPORT_NOTE, by=user, at=placed_at),
        ]
    )
    return order


def _save_ledger(order, *, user, day, note):
    """The sheet's paid and refunded amounts as ledger rows (the sheet does not say how they were paid)."""
    common = {"order": order, "method": PaymentMethod.UNKNOWN, "received_on": day, "recorded_by": user,
              "reference": (note or IMPORT_NOTE)[:200]}
    rows = [Payment(amount=order.amount_paid, **common)] if order.amount_paid else []
    if order.amount_refunded:
        rows.append(Payment(amount=-order.amount_refunded, **common))
    Payment.objects.bulk_create(rows)


def _pickup_words():
    """'Ambil sendiri' as the sheet writes it, 'Pick up' and 'pickup': an address that means no delivery."""
    with translation.override("en"):
        english = str(DeliveryMethod.PICKUP.label)
    return {normal_key(DeliveryMethod.PICKUP.value), normal_key(english), normal_key(sheet_words.DELIVERY[DeliveryMethod.PICKUP])}


def _product_for(line, known):
    product = known.product(line.product_name)
    if product is None:
        product = Product.objects.create(
            name=line.product_name,
            unit=line.unit or Unit.PCS,
            price=line.unit_price,
            units_per_batch=1,
            minutes_per_batch=60,
            is_active=False,
        )
        known.created(products={normal_key(line.product_name): product})
    return product


def _create_import_period(day, known):
    start, end = month_bounds(day.year, day.month)
    period = PreorderPeriod.objects.create(
        name=import_period_name(day),
        slug=import_period_slug(day),
        opens_at=start,
        closes_at=end,
        delivery_date=day,
        closed_manually=True,
    )
    known.created(import_periods={period.slug: period})
    return period


def _free_code(placed_at):
    """The next order code of that month that no order has yet (imported codes may sit in between)."""
    while True:
        code = next_order_code(placed_at)
        if not Order.objects.filter(code=code).exists():
            return code
