"""Reads for the supplier pages: each supplier's orders, what is owed, and how they did."""
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from django.db.models import Count, F, Q, Sum

from suppliers.models import _thousands, Event, QCResult, SampleRound, Status, Supplier, SupplierOrder, SupplierPayment


@dataclass(frozen=True)
class Performance:
    arrived: int
    on_time: int
    rounds_judged: int
    rounds_passed: int
    units_received: int
    units_rejected: int

    @property
    def on_time_percent(self):
        return round(100 * self.on_time / self.arrived) if self.arrived else None

    @property
    def qc_pass_percent(self):
        """Sample rounds that passed QC, of those judged."""
        return round(100 * self.rounds_passed / self.rounds_judged) if self.rounds_judged else None

    @property
    def batch_good_percent(self):
        """Units that passed the arrival QC, of all units received in mass orders."""
        if not self.units_received:
            return None
        return round(100 * (self.units_received - self.units_rejected) / self.units_received)


def orders_of(supplier):
    """The supplier's orders with their payments summed (one query for the list)."""
    return supplier.orders.with_paid().select_related("from_sample")


def performance(supplier):
    """On time (arrived no later than first promised), QC pass rate of sample rounds, batch rejects."""
    arrived = supplier.orders.filter(arrived_on__isnull=False)
    counts = arrived.aggregate(
        arrived=Count("pk"),
        on_time=Count("pk", filter=Q(promised_arrival__isnull=False, arrived_on__lte=F("promised_arrival"))),
        units=Sum("quantity", filter=Q(kind="mass")),
        rejected=Sum("rejected_quantity", filter=Q(kind="mass")),
    )
    rounds = SampleRound.objects.filter(order__supplier=supplier).exclude(qc_result="").aggregate(
        judged=Count("pk"), passed=Count("pk", filter=Q(qc_result=QCResult.PASSED))
    )
    return Performance(
        arrived=counts["arrived"], on_time=counts["on_time"], rounds_judged=rounds["judged"], rounds_passed=rounds["passed"],
        units_received=counts["units"] or 0, units_rejected=counts["rejected"] or 0,
    )


def owed_by_supplier(supplier):
    """What the shop still owes this supplier over its orders that are not cancelled."""
    orders = supplier.orders.exclude(status=Status.CANCELLED)
    totals = [order.owed for order in orders.with_paid()]
    return sum(totals)


def suppliers_with_owed():
    """Every supplier with its open orders and what is owed (a handful of suppliers: summed in Python)."""
    suppliers = list(Supplier.objects.annotate(open_orders=Count("orders", filter=~Q(orders__status__in=[
        Status.RECEIVED, Status.APPROVED, Status.FAILED, Status.CANCELLED]))))
    owed = {}
    for order in SupplierOrder.objects.exclude(status=Status.CANCELLED).with_paid():
        owed[order.supplier_id] = owed.get(order.supplier_id, 0) + order.owed
    for supplier in suppliers:
        supplier.owed = owed.get(supplier.pk, 0)
    return suppliers


def payments_between(start, end):
    """Money paid out to suppliers in [start, end): the monthly evaluation's expenses."""
    return SupplierPayment.objects.filter(paid_on__gte=start, paid_on__lt=end).aggregate(total=Sum("amount"))["total"] or 0


@dataclass(frozen=True)
class Step:
    day: date
    title: str
    detail: str = ""
    by: str = ""
    planned: bool = False
    late: bool = False


def _event_title(event):
    if event.kind == Event.STATUS:
        return event.get_to_status_display()
    if event.kind == Event.QC:
        return _("QC")
    return event.get_kind_display()


def timeline(order, today=None):
    """What happened (the order's events, oldest first) and what is still planned; a planned
    step whose day has passed is late (shown in red)."""
    today = today or timezone.localdate()
    steps = []
    for event in order.events.select_related("by"):
        detail = " · ".join(part for part in ("Rp" + _thousands(event.amount) if event.amount else "", event.text) if part)
        by = event.by.get_username() if event.by else ""
        steps.append(Step(day=event.happened_on, title=_event_title(event), detail=detail, by=by))
    if not order.is_finished:
        planned = []
        if order.deposit_due and order.paid < order.deposit_amount:
            planned.append((order.deposit_due, _("Deposit due")))
        if order.is_mass and order.expected_completion and order.status in ("requested", "making"):
            planned.append((order.expected_completion, _("Production expected to finish")))
        if order.expected_arrival and not order.arrived_on:
            planned.append((order.expected_arrival, _("Expected arrival")))
        if order.is_mass and order.balance_due and order.owed > 0:
            planned.append((order.balance_due, _("Balance due")))
        steps += [Step(day=day, title=title, planned=True, late=day < today) for day, title in planned]
    return sorted(steps, key=lambda step: (step.day, step.planned))
