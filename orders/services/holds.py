"""Units held for a buyer while they fill in the public form: one hold per browser session per period.

A hold counts against every counted cap exactly like an order (units per product, orders in the
period, orders per day: orders.services.quota), checked under the same period lock as placing, so
the "sisa" shown is what nobody holds. An expired hold is released by no job: it stops counting
(Hold.objects.active). place_order(hold_session=...) turns the session's hold into the order in
the same transaction (placing._take_over_hold).
"""
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Hold, HoldLine

HOLDS_KEPT_DAYS = 60  # old holds are kept this long for the month's figures, then deleted
from orders.services.errors import OrderRefused
from orders.services.locking import write_transaction
from orders.services.placing import check_window, clean_lines, lock_period_with_offers, check_room, lock_period
from orders.stock_cache import public_stock_changed


def hold_units(*, period, session_key, lines, address="", now=None):
    """Hold `lines` ({product: quantity}) for this session until `period.hold_minutes` from now.

    Replaces the session's earlier hold on the period (its units are not counted twice). Raises
    OrderRefused, holding nothing new and keeping the earlier hold, when the period is not open
    or the caps have no room. Returns the Hold.
    """
    quantities = clean_lines(lines)
    if not session_key:
        raise OrderRefused(_("This form has expired. Please open it again."))
    with write_transaction():
        offers = lock_period_with_offers(period, quantities)
        period = next(iter(offers.values())).period if offers else lock_period(period)
        now = now or timezone.now()
        check_window(period, now)
        Hold.objects.filter(period=period, session_key=session_key).delete()
        check_room(period, quantities, now=now, offers=offers)
        hold = Hold.objects.create(
            period=period,
            session_key=session_key,
            address=address[:45],
            created_at=now,
            expires_at=now + timedelta(minutes=period.hold_minutes),
        )
        HoldLine.objects.bulk_create(HoldLine(hold=hold, product_id=pid, quantity=qty) for pid, qty in quantities.items())
    public_stock_changed(period)
    return hold


def release_hold(*, period, session_key):
    """Give back the session's hold on the period (the buyer emptied the form). True if there was one."""
    with write_transaction():
        released, _kinds = Hold.objects.active().filter(period=period, session_key=session_key).delete()
    if released:
        public_stock_changed(period)
    return bool(released)


def session_hold(*, period, session_key, now=None):
    """The session's hold on the period that still counts, with its lines, or None."""
    if not session_key:
        return None
    return Hold.objects.active(now).filter(period=period, session_key=session_key).prefetch_related("lines").first()


def clean_old_holds(now=None):
    """Delete holds that ended (expired or ordered) more than HOLDS_KEPT_DAYS ago; return how many.

    Only tidies the table: an expired hold stopped counting the moment it expired.
    """
    cutoff = (now or timezone.now()) - timedelta(days=HOLDS_KEPT_DAYS)
    deleted, _kinds = Hold.objects.filter(expires_at__lt=cutoff).delete()
    return deleted
