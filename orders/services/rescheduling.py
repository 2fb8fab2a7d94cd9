"""Moving an order to another delivery date or another PO period, with the target's caps checked."""
from datetime import timedelta

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from orders.models import FulfilmentStatus, Order, StatusChange
from orders.roles import require
from orders.services.errors import OrderRefused
from orders.services.kitchen import KitchenLock, keep_kitchen_plan
from orders.services.log import lock_order, log_change
from orders.services.placing import check_room, lock_period
from orders.services.production_plan import (
    HORIZON_DAYS,
    order_waiting_lines,
    promised_plan,
    waiting_lines,
)
from orders.stock_cache import public_stock_changed


def reschedule_order(order, *, period=None, delivery_date=None, by=None, note=""):
    """Move the order; a new period must have room for its units (same caps as placing). Returns the order."""
    require(by, "reschedule_order")
    if period is None and delivery_date is None:
        raise OrderRefused(_("Choose a new date or another PO period."))
    with transaction.atomic():
        order = lock_order(order)
        if order.is_cancelled:
            raise OrderRefused(_("Order %(code)s is cancelled; it cannot be rescheduled.") % {"code": order.code})
        was = (order.period_id, order.delivery_date)
        before = StatusChange.schedule_value(order.period, order.delivery_date)
        old_period = order.period
        if period is not None and period.pk != order.period_id:
            period = lock_period(period)
            quantities = {}
            for line in order.lines.all():
                quantities[line.product_id] = quantities.get(line.product_id, 0) + line.quantity
            check_room(period, quantities, moving=order)
            order.period = period
            if delivery_date is None:
                delivery_date = period.delivery_date
        target_period = order.period
        if delivery_date is not None:
            if delivery_date < target_period.first_production_day and delivery_date != target_period.delivery_date:
                raise OrderRefused(
                    _("The new date must be after the PO closes (from %(date)s).")
                    % {"date": date_format(target_period.first_production_day, "j F Y")}
                )
            order.delivery_date = delivery_date
        if (order.period_id, order.delivery_date) == was:
            raise OrderRefused(_("Order %(code)s is already on that date.") % {"code": order.code})
        if target_period.reads_kitchen_plan and order.fulfilment_status == FulfilmentStatus.PENDING:
            _check_kitchen(order)
        order.save(update_fields=["period", "delivery_date"])
        keep_kitchen_plan()
        after = StatusChange.schedule_value(order.period, order.delivery_date)
        log_change(order, kind=StatusChange.Kind.SCHEDULE, from_status=before, to_status=after, by=by, note=note)
        public_stock_changed(old_period)
        if order.period_id != old_period.pk:
            public_stock_changed(order.period)
    return order


def _check_kitchen(order):
    """Refuse a new date the kitchen cannot keep: the order late, or another waiting order made late.

    The kitchen's plan is made twice, first come first served as the production plan makes it:
    as it stands, and with this order (keeping its place in the queue) due on its new date.
    Any order late only in the second plan refuses the move. Call under the write transaction.
    """
    today = timezone.localdate()
    calendar = KitchenLock(today).calendar  # one kitchen: orders and moves wait for each other
    until = max(today + timedelta(days=HORIZON_DAYS), order.delivery_date)
    lines = waiting_lines(after=today, until=until)
    work_days = calendar.work_days(today, until)
    late_before = promised_plan(lines, today=today, work_days=work_days).late_refs
    prefetch_related_objects([order], "lines__product")
    moved = order_waiting_lines(order)  # due on the new date, keeping its place in the queue
    queue = sorted([line for line in lines if line.order != order.pk] + moved, key=lambda line: (line.placed_at, line.order))
    newly_late = promised_plan(queue, today=today, work_days=work_days).late_refs - late_before
    if order.pk in newly_late:
        raise OrderRefused(
            _("Not enough production time to make order %(code)s by %(date)s.")
            % {"code": order.code, "date": date_format(order.delivery_date, "j F Y")}
        )
    if newly_late:
        codes = ", ".join(Order.objects.filter(pk__in=newly_late).order_by("placed_at").values_list("code", flat=True))
        raise OrderRefused(
            _("Moving order %(code)s to %(date)s would make other orders late: %(codes)s.")
            % {"code": order.code, "date": date_format(order.delivery_date, "j F Y"), "codes": codes}
        )
