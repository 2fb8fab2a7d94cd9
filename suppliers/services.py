"""Writes to supplier orders: every rule that refuses (sample before mass, MOQ, deposit, dates,
overpaying, the status machine) is here, raising SupplierOrderRefused with an Indonesian message.
Nothing is saved when a service refuses."""
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stock.models import StockItem
from stock.services import StockRefused, receive
from suppliers import signals
from suppliers.models import (
    Event,
    Kind,
    PhotoPurpose,
    QCCheck,
    QCCheckResult,
    QC_MOVES,
    QCResult,
    SampleRound,
    Status,
    SupplierOrder,
    SupplierOrderEvent,
    SupplierPayment,
    SupplierPhoto,
    _thousands,
)


class SupplierOrderRefused(Exception):
    """A refused action on a supplier order; str() is the message for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _validated(order):
    try:
        order.full_clean()
    except ValidationError as error:
        parts = []
        for field, messages in error.message_dict.items():
            label = "" if field == "__all__" else f"{SupplierOrder._meta.get_field(field).verbose_name.capitalize()}: "
            parts += [label + message for message in messages]
        raise SupplierOrderRefused(" ".join(parts)) from None


def _log(order, kind, *, on=None, by=None, to_status="", amount=None, text=""):
    SupplierOrderEvent.objects.create(
        order=order, kind=kind, happened_on=on or timezone.localdate(), by=by, to_status=to_status, amount=amount, text=text[:300]
    )


def _days_after(day, days):
    return day + timedelta(days=days) if day and days is not None else None


def _attach_photos(order, photos, purpose, round=None):
    for photo in photos or ():
        SupplierPhoto.objects.create(order=order, round=round, purpose=purpose, image=photo)


@transaction.atomic
def create_sample_order(*, supplier, by=None, checks=(), photos=(), **fields):
    """A sample order, round 1; its expected arrival defaults to the supplier's sample lead time."""
    order = SupplierOrder(supplier=supplier, kind=Kind.SAMPLE, created_by=by, **fields)
    if not order.expected_arrival:
        order.expected_arrival = _days_after(order.ordered_on, supplier.sample_lead_days)
    order.promised_arrival = order.expected_arrival
    _validated(order)
    order.save()
    SampleRound.objects.create(order=order, number=1, requested_on=order.ordered_on)
    QCCheck.objects.bulk_create(QCCheck(order=order, label=label) for label in checks if label.strip())
    _attach_photos(order, photos, PhotoPurpose.REFERENCE)
    _log(order, Event.CREATED, on=order.ordered_on, by=by, to_status=Status.REQUESTED)
    return order


def mass_order_refusal(*, supplier, from_sample, no_sample_reason, quantity, moq_override_reason):
    """Why a mass order may not be placed (a message), or None: the sample and MOQ rules in one place."""
    if from_sample is not None:
        if from_sample.supplier_id != supplier.pk or not from_sample.is_sample:
            return _("That sample is not one of this supplier's.")
        if not from_sample.is_approved_sample:
            return _("Mass production needs an approved sample; this sample is “%(status)s”.") % {
                "status": from_sample.get_status_display()}
    elif not (no_sample_reason or "").strip():
        return _("Choose the approved sample, or write why this order has no sample.")
    if supplier.moq and quantity is not None and quantity < supplier.moq and not (moq_override_reason or "").strip():
        return _("%(quantity)s is under the supplier's minimum order (MOQ %(moq)s). Write why to order it anyway.") % {
            "quantity": _thousands(quantity), "moq": _thousands(supplier.moq)}
    return None


@transaction.atomic
def create_mass_order(*, supplier, quantity, from_sample=None, no_sample_reason="", moq_override_reason="", by=None, photos=(), **fields):
    """A mass order from an approved sample (or with a logged reason for none), within the MOQ (or
    with a reason); deposit from the supplier's terms and completion from its lead time by default."""
    refusal = mass_order_refusal(
        supplier=supplier, from_sample=from_sample, no_sample_reason=no_sample_reason, quantity=quantity,
        moq_override_reason=moq_override_reason,
    )
    if refusal:
        raise SupplierOrderRefused(refusal)
    if from_sample is not None:
        for name in ("item", "spec", "size", "colour", "material", "product"):
            if not fields.get(name):
                fields[name] = getattr(from_sample, name)
    deposit = fields.pop("deposit_amount", None)
    order = SupplierOrder(
        supplier=supplier, kind=Kind.MASS, quantity=quantity, from_sample=from_sample, created_by=by,
        no_sample_reason="" if from_sample else no_sample_reason.strip(), moq_override_reason=(moq_override_reason or "").strip(),
        **fields,
    )
    order.deposit_amount = deposit if deposit is not None else order.goods_total * supplier.deposit_percent // 100
    if not order.expected_completion:
        order.expected_completion = _days_after(order.ordered_on, supplier.mass_lead_days)
    if not order.expected_arrival:
        order.expected_arrival = order.expected_completion
    order.promised_arrival = order.expected_arrival
    _validated(order)
    order.save()
    if from_sample is not None:
        QCCheck.objects.bulk_create(QCCheck(order=order, label=check.label) for check in from_sample.checks.all())
    _attach_photos(order, photos, PhotoPurpose.REFERENCE)
    notes = [text for text in (
        no_sample_reason and not from_sample and _("Without a sample: %(reason)s") % {"reason": order.no_sample_reason},
        order.moq_override_reason and _("Under the MOQ: %(reason)s") % {"reason": order.moq_override_reason},
    ) if text]
    _log(order, Event.CREATED, on=order.ordered_on, by=by, to_status=Status.REQUESTED, text=" · ".join(notes))
    return order


def _locked(order):
    return SupplierOrder.objects.select_for_update().get(pk=order.pk)


def _refuse_move(order, to):
    return SupplierOrderRefused(_("A %(kind)s order that is “%(status)s” cannot become “%(to)s”.") % {
        "kind": order.get_kind_display().lower(), "status": order.get_status_display(), "to": Status(to).label})


def _check_day(order, on, what):
    if on < order.ordered_on:
        raise SupplierOrderRefused(_("%(what)s cannot be before the order date (%(date)s).") % {
            "what": what, "date": date_format(order.ordered_on, "j F Y")})


@transaction.atomic
def advance(order, *, to, on=None, by=None, courier="", tracking="", shipping_cost=None, note=""):
    """Move an order one step (being made, shipped, received, cancelled), as TRANSITIONS allows.
    A mass order's arrival goes through record_arrival (it has a QC); a sample's QC through record_sample_qc."""
    order = _locked(order)
    on = on or timezone.localdate()
    if to not in (Status.MAKING, Status.SHIPPED, Status.RECEIVED, Status.CANCELLED) or not order.can_move_to(to):
        raise _refuse_move(order, to)
    if to == Status.RECEIVED and order.is_mass:
        raise SupplierOrderRefused(_("Record a mass order's arrival with its QC (how many rejected)."))
    _check_day(order, on, Status(to).label)
    moved = None
    if to == Status.MAKING and order.is_mass:
        order.production_started_on = on
        completion = _days_after(on, order.supplier.mass_lead_days)
        if completion and completion != order.expected_completion:
            if order.expected_arrival and order.expected_completion:
                moved = (order.expected_arrival, order.expected_arrival + (completion - order.expected_completion))
            order.expected_completion = completion
            if moved:
                order.expected_arrival = moved[1]
    elif to == Status.SHIPPED:
        order.shipped_on = on
        order.courier = courier or order.courier
        order.tracking = tracking or order.tracking
        if shipping_cost is not None:
            order.shipping_cost = shipping_cost
            if order.paid > order.total:
                raise SupplierOrderRefused(_("The shipping cost would make the total smaller than what is already paid."))
    elif to == Status.RECEIVED:
        order.rounds.filter(number=order.round).update(received_on=on)
        order.arrived_on = on
    order.status = to
    _validated(order)
    order.save()
    _log(order, Event.STATUS, on=on, by=by, to_status=to, text=note)
    if moved and moved[0] != moved[1]:
        _log(order, Event.DATE_MOVED, on=on, by=by, text=_("Production started: arrival %(old)s → %(new)s") % {
            "old": date_format(moved[0], "j M Y"), "new": date_format(moved[1], "j M Y")})
        signals.arrival_moved.send(sender=SupplierOrder, order=order, old=moved[0], new=moved[1], by=by)
    return order


@transaction.atomic
def record_sample_qc(order, *, result, passed_checks=(), note="", changes="", photos=(), on=None, by=None):
    """Judge the received sample: passed → approved; revision → the next numbered round is requested
    (the old round and its checks stay); failed → failed."""
    order = _locked(order)
    on = on or timezone.localdate()
    if not order.awaits_qc:
        raise SupplierOrderRefused(_("Only a received sample can be judged; this one is “%(status)s”.") % {
            "status": order.get_status_display()})
    if result == QCResult.REVISION and not (changes or "").strip():
        raise SupplierOrderRefused(_("Write what the supplier must change for the next round."))
    _check_day(order, on, _("The QC date"))
    current = order.rounds.get(number=order.round)
    current.qc_result = result
    current.qc_note = note
    current.decided_by = by
    current.decided_at = timezone.now()
    current.save()
    passed = {int(pk) for pk in passed_checks}
    QCCheckResult.objects.bulk_create(QCCheckResult(round=current, qc_check=check, passed=check.pk in passed) for check in order.checks.all())
    _attach_photos(order, photos, PhotoPurpose.QC, round=current)
    order.status = QC_MOVES[QCResult(result)]
    _log(order, Event.QC, on=on, by=by, to_status=order.status, text=_("Round %(number)s: %(result)s. %(note)s") % {
        "number": current.number, "result": QCResult(result).label, "note": note})
    if result == QCResult.REVISION:
        order.round += 1
        SampleRound.objects.create(order=order, number=order.round, requested_on=on, changes=changes.strip())
        order.expected_arrival = _days_after(on, order.supplier.sample_lead_days) or order.expected_arrival
        order.promised_arrival = order.expected_arrival  # each round is a new promise ("on time" per round)
        _log(order, Event.REVISION, on=on, by=by, to_status=Status.REQUESTED, text=_("Round %(number)s: %(changes)s") % {
            "number": order.round, "changes": changes.strip()})
    order.save()
    return order


@transaction.atomic
def record_payment(order, *, kind, amount, paid_on=None, note="", proof=None, by=None):
    """A payment out to the supplier (deposit, balance, shipping): refused above what is still owed."""
    order = _locked(order)
    paid_on = paid_on or timezone.localdate()
    if order.status == Status.CANCELLED:
        raise SupplierOrderRefused(_("This order is cancelled; it takes no payment."))
    if amount is None or amount <= 0:
        raise SupplierOrderRefused(_("The amount must be more than Rp0."))
    if amount > order.owed:
        raise SupplierOrderRefused(_("Rp%(amount)s is more than what is still owed (Rp%(owed)s).") % {
            "amount": _thousands(amount), "owed": _thousands(order.owed)})
    _check_day(order, paid_on, _("The payment date"))
    photo = SupplierPhoto.objects.create(order=order, purpose=PhotoPurpose.PROOF, image=proof) if proof else None
    payment = SupplierPayment.objects.create(order=order, kind=kind, amount=amount, paid_on=paid_on, note=note, proof=photo, recorded_by=by)
    _log(order, Event.PAYMENT, on=paid_on, by=by, amount=amount, text=f"{payment.get_kind_display()} {note}".strip())
    return payment


@transaction.atomic
def move_expected_arrival(order, *, new_date, reason="", by=None):
    """The supplier says the goods come on another day: keep the reason on the timeline and tell the
    apps above (a linked PO period follows). Returns the Followup links their receivers gave."""
    order = _locked(order)
    if order.is_finished:
        raise SupplierOrderRefused(_("This order is finished; its dates no longer move."))
    _check_day(order, new_date, _("The expected arrival"))
    old = order.expected_arrival
    if old == new_date:
        raise SupplierOrderRefused(_("That is already the expected arrival."))
    order.expected_arrival = new_date
    if order.expected_completion and new_date < order.expected_completion:
        order.expected_completion = new_date
    order.save(update_fields=["expected_arrival", "expected_completion"])
    old_text = date_format(old, "j M Y") if old else "—"
    _log(order, Event.DATE_MOVED, by=by, text=f"{old_text} → {date_format(new_date, 'j M Y')}. {reason}".strip())
    return signals.followups(signals.arrival_moved, sender=SupplierOrder, order=order, old=old, new=new_date, by=by)


@transaction.atomic
def record_arrival(order, *, arrived_on, rejected_quantity=0, note="", photos=(), fees=None, by=None):
    """A mass order's goods arrive, with the batch QC (how many rejected); the good units go on to
    whatever listens (ready stock, the linked PO). Returns the receivers' Followup links."""
    order = _locked(order)
    if not order.is_mass or not order.can_move_to(Status.RECEIVED):
        raise _refuse_move(order, Status.RECEIVED)
    _check_day(order, arrived_on, _("The arrival date"))
    if order.shipped_on and arrived_on < order.shipped_on:
        raise SupplierOrderRefused(_("The goods cannot arrive before they were shipped (%(date)s).") % {
            "date": date_format(order.shipped_on, "j F Y")})
    if rejected_quantity > order.quantity:
        raise SupplierOrderRefused(_("More units rejected (%(rejected)s) than ordered (%(quantity)s).") % {
            "rejected": _thousands(rejected_quantity), "quantity": _thousands(order.quantity)})
    order.arrived_on = arrived_on
    order.rejected_quantity = rejected_quantity
    order.arrival_note = note
    if fees is not None:
        order.fees = fees
    order.status = Status.RECEIVED
    _validated(order)
    order.save()
    _attach_photos(order, photos, PhotoPurpose.ARRIVAL)
    _log(order, Event.ARRIVED, on=arrived_on, by=by, to_status=Status.RECEIVED, text=_("%(good)s good, %(rejected)s rejected. %(note)s") % {
        "good": _thousands(order.good_units), "rejected": _thousands(rejected_quantity), "note": note})
    _to_ready_stock(order, by)
    return signals.followups(signals.goods_received, sender=SupplierOrder, order=order, by=by)


def _to_ready_stock(order, by):
    """The good units go onto the shelf when the order's product is sold from ready stock; a stock
    refusal (an inactive product, too many units at once) refuses the arrival, so nothing is saved."""
    if not order.product_id or order.good_units < 1 or not StockItem.objects.filter(product_id=order.product_id).exists():
        return
    try:
        receive(product=order.product_id, quantity=order.good_units, by=by, reason=order.item, reference=f"{_('Supplier')} #{order.pk}")
    except StockRefused as refused:
        raise SupplierOrderRefused(str(refused)) from None
    _log(order, Event.NOTE, on=order.arrived_on, by=by, text=_("%(good)s units into ready stock") % {"good": _thousands(order.good_units)})


def add_check(order, label):
    """A line of the item's QC checklist."""
    label = (label or "").strip()
    if not label:
        raise SupplierOrderRefused(_("Write the check, e.g. “Lid closes tight”."))
    return QCCheck.objects.create(order=order, label=label[:120])


def remove_check(check):
    """A checklist line that no QC used yet; a used one stays, so old rounds keep their results."""
    if check.results.exists():
        raise SupplierOrderRefused(_("This check was used in a QC round; it stays in the history."))
    check.delete()


def add_photos(order, photos, *, purpose=PhotoPurpose.REFERENCE):
    _attach_photos(order, photos, purpose)
