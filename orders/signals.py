"""Changes below the order book that move the kitchen's plan mark the kept figures stale.

A saved period makes this process ask again whether any period reads the kept plan.

The work calendar and its overrides, a product's making time, units marked made (also in the
admin): the next write rebuilds the kept plan from the full planner (orders.services.kitchen).
"""
from django.db.models.signals import post_delete, post_save

from orders.models import PreorderPeriod
from orders.services.kitchen import forget_plan_readers, mark_stale
from production.models import CalendarOverride, Product, ProductionDone, WorkCalendar

MOVES_THE_PLAN = (WorkCalendar, CalendarOverride, Product, ProductionDone)


def plan_is_stale(sender, **kwargs):
    mark_stale()


def period_saved(sender, **kwargs):
    forget_plan_readers()  # it may now read the kept plan, or no longer


def connect():
    post_save.connect(period_saved, sender=PreorderPeriod, dispatch_uid="kitchen-readers-period-save")
    post_delete.connect(period_saved, sender=PreorderPeriod, dispatch_uid="kitchen-readers-period-delete")
    for model in MOVES_THE_PLAN:
        post_save.connect(plan_is_stale, sender=model, dispatch_uid=f"kitchen-stale-save-{model.__name__}")
        post_delete.connect(plan_is_stale, sender=model, dispatch_uid=f"kitchen-stale-delete-{model.__name__}")
