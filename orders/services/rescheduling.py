"""Moving an order to another delivery date or another PO period, with the target's caps checked."""
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from orders.models import StatusChange
from orders.services.errors import OrderRefused
from orders.services.log import lock_order, log_change
from orders.services.placing import check_room, lock_period


def reschedule_order(order, *, period=None, delivery_date=None, by=None, note=""):
    """Move the order; a new period must have room for its units (same caps as placing). Returns the order."""
    if period is None and delivery_date is None:
        raise OrderRefused(_("Choose a new date or another PO period."))
    with transaction.atomic():
        order = lock_order(order)
        if order.is_cancelled:
            raise OrderRefused(_("Order %(code)s is cancelled; it cannot be rescheduled.") % {"code": order.code})
        before = f"{order.period.slug} {order.delivery_date.isoformat()}"
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
        after = f"{order.period.slug} {order.delivery_date.isoformat()}"
        if after == before:
            raise OrderRefused(_("Order %(code)s is already on that date.") % {"code": order.code})
        order.save(update_fields=["period", "delivery_date"])
        log_change(order, kind=StatusChange.Kind.SCHEDULE, from_status=before[:20], to_status=after[:20], by=by, note=note)
    return order
