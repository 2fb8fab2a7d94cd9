"""Delivery dates for made-to-order (rolling) periods: the earliest the kitchen can make it.

The orders already promised are planned first (the kept kitchen plan, first come first served);
the new order gets the first date after the lead time whose earlier work days still have room.
"""
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from orders.services.errors import OrderRefused
from orders.services.kitchen import KitchenLock, kitchen_figures
from orders.services.production_plan import HORIZON_DAYS
from production import planning


def rolling_delivery_date(*, period, quantities, products, now=None, kitchen=None):
    """The delivery date for an order of `quantities` ({product pk: units}) placed `now`.

    Raises OrderRefused when no date within HORIZON_DAYS has room. Call it inside the placing
    transaction: the promised orders it reads must not change until the new order is saved.
    `kitchen` is the KitchenLock the caller holds (taken here without one).
    """
    today = timezone.localdate(now or timezone.now())
    # One kitchen for every period: hold its lock so two periods cannot promise the same minutes
    # at once (on SQLite the placing transaction already holds the write lock).
    kitchen = kitchen or KitchenLock(today)
    earliest = today + timedelta(days=max(period.lead_days, 1))
    latest = today + timedelta(days=HORIZON_DAYS)
    work_days = kitchen.calendar.work_days(today, latest)
    free = kitchen_figures(today, start=today, end=latest + timedelta(days=1), kitchen=kitchen).free_by_day(work_days)
    items = [(pid, quantity, products[pid].minutes_per_unit, products[pid].shelf_life_days) for pid, quantity in quantities.items()]
    due = planning.earliest_due(items, free, earliest=earliest, latest=latest)
    if due is None:
        raise OrderRefused(
            _("The kitchen has no room for this order in the next %(days)s days. Please order fewer units.")
            % {"days": HORIZON_DAYS}
        )
    return due
