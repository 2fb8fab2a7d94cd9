"""Placing an order: one transaction that locks the PO period and checks every cap.

The tightest cap wins: the window, the products on offer, units per product, orders in the
period, orders per calendar day and the production capacity. A refused order saves nothing.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from customers.models import Customer
from orders.models import (
    Hold,
    Channel,
    DeliveryMethod,
    Order,
    OrderLine,
    PeriodProduct,
    PeriodState,
    PreorderPeriod,
)
from orders.roles import require
from orders.services.codes import next_order_code
from orders.services.errors import OrderRefused
from orders.services.kitchen import KitchenLock, keep_kitchen_plan, mark_stale, plan_is_read
from orders.services.locking import write_transaction
from orders.services.numbers import parse_whole_number
from orders.services.production_plan import WaitingLine
from orders.services.quota import add_kitchen_usage, period_usage
from orders.services.scheduling import rolling_delivery_date
from orders.services.stock_sales import ready_stock_period, take_from_shelf
from orders.stock_cache import public_stock_changed
from production import planning
from common.limits import MAX_QUANTITY
from production.models import Product

MAX_LINES = 50
MAX_NOTES = 1000
MAX_ADDRESS = 500
MAX_KEY = 64  # Order.idempotency_key's length


def place_order(
    *,
    period,
    customer,
    lines,
    stock_lines=None,
    delivery_date=None,
    channel=Channel.WHATSAPP,
    delivery_method=DeliveryMethod.PICKUP,
    delivery_address="",
    notes="",
    by=None,
    idempotency_key=None,
    now=None,
    hold_session=None,
):
    """Save the whole order or raise OrderRefused saying what is left; return the Order.

    `lines` maps a Product (or its id) to a quantity. `customer` is a saved Customer, or an
    unsaved one that is matched by WhatsApp number or created inside the same transaction.
    A repeated call with the same `idempotency_key` returns the first order.
    `stock_lines` (same shape) are sold from ready stock in the same transaction: their units
    leave the shelf (stock.services.take) and no cap or kitchen minute counts them. With
    `period=None` the order holds only those and goes in the ready-stock book, delivered or
    picked up on `delivery_date` (today by default). `hold_session` is the public form's session: its
    hold on the period (orders.services.holds) becomes this order in the same transaction.
    """
    require(by, "take_order")
    stock_quantities = clean_lines(stock_lines) if stock_lines else {}
    if period is None and lines:
        raise OrderRefused(_("Choose the PO for the pre-ordered products."))
    quantities = clean_lines(lines) if (lines or not stock_quantities) else {}
    if len(quantities) + len(stock_quantities) > MAX_LINES:
        raise OrderRefused(_("Too many products in one order."))
    if idempotency_key and len(idempotency_key) > MAX_KEY:
        raise OrderRefused(_("This form has expired. Please open it again."))
    details = _clean_details(channel, delivery_method, delivery_address, notes)
    # Without an explicit `now`, the order's time is taken under the lock (in _place_locked), so
    # orders stand in the kitchen's first-come-first-served queue in the order they were saved
    # and the kept plan only ever appends (orders.services.kitchen).
    # A repeated submit (same idempotency key) is not looked up first: it meets the unique key at
    # the insert, or a cap the first order used up; both paths below then return the first order.
    # Whether any period reads the kitchen's kept plan is a read too, for before the lock: when
    # none does, this order (if its own period does not either) only marks the plan stale.
    keeps_plan = period is not None and (period.reads_kitchen_plan or plan_is_read())
    for attempt in (1, 2):
        # Matching the customer is a read: done before the write lock, so the lock is held only
        # for the reads the caps need and the inserts.
        new_customer = None
        if customer.pk is None:
            _validate_new_customer(customer)
            new_customer, customer = customer, _known_customer(customer)
        try:
            with write_transaction():
                order = _place_locked(
                    period=period,
                    customer=customer,
                    new_customer=new_customer,
                    quantities=quantities,
                    stock_quantities=stock_quantities,
                    delivery_date=delivery_date,
                    details=details,
                    by=by,
                    idempotency_key=idempotency_key or None,
                    now=now,
                    keeps_plan=keeps_plan,
                    hold_session=hold_session,
                )
            public_stock_changed(order.period)
            return order
        except OrderRefused:
            existing = _order_with_key(idempotency_key) if idempotency_key else None
            if existing is not None:
                return existing
            raise
        except IntegrityError:
            if idempotency_key:
                existing = _order_with_key(idempotency_key)
                if existing is not None:
                    return existing
            if new_customer is not None and attempt == 1:
                # Another order saved this new customer's number a moment ago (between the
                # match above and the insert); the second try finds that customer.
                customer = new_customer
                continue
            raise


def _order_with_key(key):
    """The order already placed with this idempotency key, or None (a cheap check first)."""
    pk = Order.objects.filter(idempotency_key=key).values_list("pk", flat=True).first()
    return None if pk is None else Order.objects.get(pk=pk)


def _known_customer(candidate):
    """The saved customer with the candidate's WhatsApp number, else None (saved under the lock).

    A known number keeps its customer: the name typed this time does not rename them.
    """
    if not candidate.whatsapp:
        return None
    return Customer.objects.filter(whatsapp=candidate.whatsapp).first()


def _place_locked(*, period, customer, new_customer, quantities, stock_quantities, delivery_date, details, by, idempotency_key, now, keeps_plan, hold_session=None):
    if period is None:  # ready stock only: no PO, no caps, no kitchen
        period = ready_stock_period()
        now = now or timezone.now()
        products = {}
        kitchen = None
        delivery_date = delivery_date or timezone.localdate(now)
        if delivery_date < timezone.localdate(now):
            raise OrderRefused(_("The pickup or delivery date cannot be in the past."))
    else:
        # On PostgreSQL this row lock queues every order of the period; on SQLite the
        # BEGIN IMMEDIATE of the surrounding transaction already holds the database's write lock.
        # A second submit with the same key meets the unique idempotency_key at the insert (or is
        # refused by a cap the first one filled); place_order then returns the first order.
        offers = lock_period_with_offers(period, quantities)
        period = next(iter(offers.values())).period if offers else lock_period(period)
        # The order's time is read once the lock is held, so orders are timed in the order they are
        # saved and each new one comes last in the kitchen's first-come-first-served queue.
        now = now or timezone.now()
        check_window(period, now)
        # The buyer's own hold stops counting: this order takes its place (undone if refused).
        _take_over_hold(period, hold_session, now)
        # The kitchen's lock, taken once: the capacity cap, a made-to-order date and the kept plan's
        # update all read what it read (the plan's row, the work calendar).
        kitchen = KitchenLock(timezone.localdate(now)) if quantities and (keeps_plan or period.reads_kitchen_plan) else None
        products = check_room(period, quantities, now=now, offers=offers, kitchen=kitchen) if quantities else {}
        delivery_date = period.delivery_date
        if period.is_rolling and quantities:
            delivery_date = rolling_delivery_date(period=period, quantities=quantities, products=products, now=now, kitchen=kitchen)
    code = next_order_code(now)
    stock_products = take_from_shelf(stock_quantities, channel=details["channel"], code=code, by=by) if stock_quantities else {}

    if customer is None:
        customer = Customer.objects.create(name=new_customer.name, whatsapp=new_customer.whatsapp, address=new_customer.address)
    elif new_customer is not None and new_customer.address and not customer.address:
        # An empty address on file is filled in from this order.
        Customer.objects.filter(pk=customer.pk, address="").update(address=new_customer.address)
        customer.address = new_customer.address
    order = Order.objects.create(
        code=code,
        customer=customer,
        period=period,
        delivery_date=delivery_date,
        placed_at=now,
        placed_by=by if by is not None and by.is_authenticated else None,
        idempotency_key=idempotency_key,
        **details,
    )
    OrderLine.objects.bulk_create(
        [OrderLine(order=order, product=products[pid], quantity=qty, unit_price=products[pid].price) for pid, qty in quantities.items()]
        + [
            OrderLine(order=order, product=stock_products[pid], quantity=qty, unit_price=stock_products[pid].price, from_stock=True)
            for pid, qty in stock_quantities.items()
        ]
    )
    if not quantities:
        return order
    if kitchen is None:
        mark_stale()  # no period reads the kept plan: whoever next needs it rebuilds it
        return order
    keep_kitchen_plan(
        placed=[
            WaitingLine(order.pk, period.pk, now, delivery_date, pid, qty, products[pid].minutes_per_unit, products[pid].shelf_life_days)
            for pid, qty in quantities.items()
        ],
        now=now,
        kitchen=kitchen,
    )
    return order


def _take_over_hold(period, session_key, now):
    """The session's hold on the period (orders.services.holds) stops counting: the order placed
    under the same lock takes its place, and is undone with it if the order is refused."""
    if session_key:
        Hold.objects.active(now).filter(period=period, session_key=session_key).update(converted_at=now)


def clean_lines(lines):
    """{product_id: quantity} from the caller's mapping; refuse empty, zero, negative or huge amounts."""
    items = lines.items() if hasattr(lines, "items") else lines
    quantities = {}
    for product, quantity in items:
        product_id = product.pk if isinstance(product, Product) else product
        try:
            product_id = int(product_id)
        except (TypeError, ValueError):
            raise OrderRefused(_("Unknown product.")) from None
        quantity = parse_whole_number(quantity, _("The quantity"))
        if quantity < 1:
            raise OrderRefused(_("Each quantity must be at least 1."))
        quantities[product_id] = quantities.get(product_id, 0) + quantity
        if quantities[product_id] > MAX_QUANTITY:
            raise OrderRefused(
                _("At most %(max)s units of one product per order.") % {"max": number_format(MAX_QUANTITY, force_grouping=True)}
            )
    if not quantities:
        raise OrderRefused(_("Choose at least one product."))
    if len(quantities) > MAX_LINES:
        raise OrderRefused(_("Too many products in one order."))
    return quantities


def _clean_details(channel, delivery_method, delivery_address, notes):
    if channel not in Channel.values:
        raise OrderRefused(_("Unknown order channel."))
    if delivery_method not in DeliveryMethod.values:
        raise OrderRefused(_("Unknown delivery method."))
    delivery_address = (delivery_address or "").strip()
    notes = (notes or "").strip()
    if delivery_method != DeliveryMethod.PICKUP and not delivery_address:
        raise OrderRefused(_("Please fill in the delivery address."))
    if len(delivery_address) > MAX_ADDRESS:
        raise OrderRefused(_("The address is too long (at most %(max)s characters).") % {"max": MAX_ADDRESS})
    if len(notes) > MAX_NOTES:
        raise OrderRefused(_("The notes are too long (at most %(max)s characters).") % {"max": MAX_NOTES})
    return {
        "channel": channel,
        "delivery_method": delivery_method,
        "delivery_address": delivery_address,
        "notes": notes,
    }


def _validate_new_customer(customer):
    try:
        customer.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise OrderRefused(" ".join(error.messages)) from None


def check_window(period, now):
    state = period.state(now)
    if state == PeriodState.OPEN:
        return
    if state == PeriodState.UPCOMING:
        raise OrderRefused(
            _("This PO opens on %(when)s.") % {"when": date_format(timezone.localtime(period.opens_at), "j F Y, H.i")}
        )
    if period.closed_manually:
        raise OrderRefused(_("This PO has been closed."))
    raise OrderRefused(
        _("This PO closed on %(when)s.") % {"when": date_format(timezone.localtime(period.closes_at), "j F Y, H.i")}
    )


def _check_products(quantities, offers):
    products = {}
    unknown = [pid for pid in quantities if pid not in offers]
    if unknown:
        names = ", ".join(Product.objects.filter(pk__in=unknown).values_list("name", flat=True))
        if names:
            raise OrderRefused(_("%(product)s is not offered in this PO.") % {"product": names})
        raise OrderRefused(_("Unknown product."))
    for pid in quantities:
        product = offers[pid].product
        if not product.is_active:
            raise OrderRefused(_("%(product)s is not available at the moment.") % {"product": product.name})
        products[pid] = product
    return products


def lock_period(period):
    """Re-read the period under its lock; call inside transaction.atomic()."""
    return PreorderPeriod.objects.select_for_update().get(pk=period.pk)


def lock_period_with_offers(period, quantities):
    """{product_id: offer} of the ordered products, each with its product and the period re-read.

    One query does the work of lock_period() and the offers read: on PostgreSQL it takes the
    period's row lock (FOR UPDATE OF the period only). Empty when none of the products is offered.
    """
    offers = (
        PeriodProduct.objects.filter(period_id=period.pk, product_id__in=list(quantities))
        .select_related("period", "product")
        .select_for_update(of=("period",))
    )
    return {offer.product_id: offer for offer in offers}


def check_room(period, quantities, *, now=None, offers=None, moving=None, new_order=True, kitchen=None):
    """Raise OrderRefused unless `period` (locked by the caller) takes {product_id: qty} more.

    Returns {product_id: Product}. Placing and rescheduling share this, so the cap rules live here once.
    `offers` ({product_id: offer} of the ordered products, read under the same lock) saves a query.
    `moving` is the order being rescheduled here: its minutes in the kitchen's plan are not counted twice.
    With `new_order=False` the quantities are more units for an order already counted (an edit): the
    caps on the number of orders do not apply. `kitchen` is the KitchenLock the caller holds, if any.
    """
    if offers is None:
        offers = {offer.product_id: offer for offer in period.offers.filter(product_id__in=list(quantities)).select_related("product")}
    products = _check_products(quantities, offers)
    _check_caps(period, quantities, offers, products, now or timezone.now(), moving, new_order, kitchen)
    return products


def _check_caps(period, quantities, offers, products, now, moving=None, new_order=True, kitchen=None):
    # The counted caps first: an order they refuse (sold out) never reads the kitchen's plan.
    usage = period_usage(period, now=now, offers=list(offers.values()), counts_for_caps_only=True, with_kitchen=False)
    for pid, quantity in quantities.items():
        left = usage.products[pid].cap_left
        if left is not None and quantity > left:
            product = products[pid]
            if left == 0:
                raise OrderRefused(_("%(product)s is sold out in this PO.") % {"product": product.name})
            raise OrderRefused(
                _("Only %(left)s %(unit)s of %(product)s left.")
                % {"left": left, "unit": product.unit, "product": product.name}
            )
    if new_order and usage.orders_left == 0:
        raise OrderRefused(_("This PO is full: it takes at most %(max)s orders.") % {"max": period.max_orders})
    if new_order and usage.orders_today_left == 0:
        raise OrderRefused(
            _("Today's limit of %(max)s orders has been reached. Please order again tomorrow.")
            % {"max": period.max_orders_per_day}
        )
    if period.capped_by_kitchen:
        add_kitchen_usage(usage, now=now, ignore_order=moving.pk if moving else None, kitchen=kitchen, count_other=False)
        _check_capacity(usage, period, quantities, products)


def _check_capacity(usage, period, quantities, products):
    """The whole order must fit in the production days' free minutes, units not split across days."""
    items = [(pid, qty, products[pid].minutes_per_unit, products[pid].shelf_life_days) for pid, qty in quantities.items()]
    if planning.fits_by(items, usage.free_by_day, period.delivery_date):
        return
    fits = [(products[pid], usage.products[pid].capacity_left) for pid in quantities]
    fits = [(product, units) for product, units in fits if units > 0]
    if not fits:
        raise OrderRefused(_("The kitchen is fully booked for this PO: no more can be made before the delivery date."))
    what = ", ".join(f"{units} {product.unit} {product.name}" for product, units in fits)
    raise OrderRefused(
        _("Not enough production time left before the delivery date. Still fits: %(what)s.") % {"what": what}
    )
