"""A PO period that pre-sells goods a supplier is making: its delivery date follows the supplier
order's expected arrival (+ the owner's buffer), its unit cap defaults to the units expected, and
when the supplier's date moves, the period and its waiting orders move with it.

The suppliers app sits below orders and does not know it: it sends suppliers.signals.arrival_moved
and related_pages, which follow_arrival() and linked_pages() answer (connected in OrdersConfig.ready).
"""
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orders.models import PreorderPeriod, StatusChange
from orders.services.kitchen import keep_kitchen_plan
from orders.services.log import log_change
from orders.roles import may
from orders.services.placing import lock_period
from orders.stock_cache import public_stock_changed
from suppliers.models import Status
from suppliers.signals import Followup


def linked_delivery_date(supplier_order, buffer_days, closes_at=None):
    """The expected arrival + the buffer, never before the PO closes; None while the arrival is unknown."""
    if supplier_order is None or supplier_order.expected_arrival is None:
        return None
    day = supplier_order.expected_arrival + timedelta(days=buffer_days or 0)
    if closes_at is not None:
        day = max(day, timezone.localdate(closes_at))
    return day


def default_unit_cap(supplier_order):
    """Units to pre-sell by default: the mass quantity less the rejects expected."""
    return supplier_order.expected_units


def waiting_orders(period):
    """The period's orders still to be delivered: the customers a supplier's delay reaches."""
    return period.orders.not_delivered().select_related("customer").with_totals().order_by("placed_at")


def follow_arrival(sender, *, order, old, new, by=None, **kwargs):
    """Receiver of suppliers.signals.arrival_moved: move each linked period's delivery date, and its
    waiting orders that were on the old date, to the new arrival + buffer (logged on each order).
    Returns a Followup per period with waiting customers: the page to warn them from."""
    links, changed = [], False
    with transaction.atomic():
        for period in PreorderPeriod.objects.filter(supplier_order=order):
            period = lock_period(period)
            day = linked_delivery_date(order, period.supplier_buffer_days, period.closes_at)
            if day is None or day == period.delivery_date:
                continue
            before = period.delivery_date
            period.delivery_date = day
            period.save(update_fields=["delivery_date"])
            moved = list(period.orders.not_delivered().filter(delivery_date=before))
            note = _("The supplier moved the goods' arrival to %(date)s.") % {"date": date_format(new, "j F Y")}
            for customer_order in moved:
                was = StatusChange.schedule_value(period, customer_order.delivery_date)
                customer_order.delivery_date = day
                customer_order.save(update_fields=["delivery_date"])
                log_change(customer_order, kind=StatusChange.Kind.SCHEDULE, from_status=was,
                           to_status=StatusChange.schedule_value(period, day), by=by, note=note)
            public_stock_changed(period)
            changed = True
            if moved:
                links.append(Followup(
                    ngettext("Warn %(count)s customer of %(period)s", "Warn %(count)s customers of %(period)s", len(moved))
                    % {"count": len(moved), "period": period.name},
                    reverse("orders:period_supplier", args=[period.slug]),
                ))
        if changed:
            keep_kitchen_plan()
    return links


def linked_pages(sender, *, order, user=None, **kwargs):
    """Receiver of suppliers.signals.related_pages: the PO periods pre-selling this order's goods,
    or, for a mass order none pre-sells yet, the link to start one (for those who may)."""
    links = [
        Followup(_("Linked PO: %(period)s") % {"period": period.name}, reverse("orders:period_supplier", args=[period.slug]))
        for period in PreorderPeriod.objects.filter(supplier_order=order).order_by("-opens_at")
    ]
    if not links and order.is_mass and order.status != Status.CANCELLED and user is not None and may(user, "add_period"):
        links.append(Followup(_("Pre-sell these goods in a PO period"), f"{reverse('orders:period_create')}?supplier_order={order.pk}"))
    return links


def connect():
    from suppliers import signals

    signals.arrival_moved.connect(follow_arrival, dispatch_uid="orders-follow-supplier-arrival")
    signals.related_pages.connect(linked_pages, dispatch_uid="orders-linked-supplier-pages")
