"""The counter (kasir): a walk-in sale from ready stock, paid and handed over in one go.

A counter sale is an ordinary order of channel "Offline (toko)" (orders.services.placing, in
the ready-stock book), so it is in the order book, the sheet and the reports; this module adds
the two things that happen at the counter at the same moment: the payment and the handing over.
"""
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.locking import write_transaction
from customers.models import Customer
from orders.models import Channel, DeliveryMethod, FulfilmentStatus, PaymentStatus, StatusChange
from orders.money import rupiah
from orders.roles import require
from orders.services.errors import OrderRefused
from orders.services.log import log_change
from orders.services.numbers import parse_whole_number
from orders.services.payments import record_full_payment
from orders.services.placing import place_order

# How the customer paid at the counter (kept in the payment's line of the order's history).
METHODS = {
    "cash": gettext_lazy("Cash"),
    "qris": gettext_lazy("QRIS"),
    "transfer": gettext_lazy("Transfer"),
}
WALK_IN_NAME = gettext_lazy("Walk-in customer")


@dataclass(frozen=True)
class CounterSale:
    order: object
    method: str
    cash: int | None  # what the customer handed over, for cash
    change: int | None  # what goes back


def sell_at_counter(*, lines, method, cash=None, by=None, customer=None, idempotency_key=None):
    """Sell {product: quantity} from the shelf, paid in full by `method`; return a CounterSale.

    Cash must cover the total (the change is computed); nothing is saved when it does not, or
    when a product is short ("Stok Kue Kastengel habis").
    """
    require(by, "sell_at_counter")
    if method not in METHODS:
        raise OrderRefused(_("Choose how the customer pays: cash, QRIS or transfer."))
    if method == "cash":
        if cash in (None, ""):
            raise OrderRefused(_("Type the cash the customer hands over."))
        cash = parse_whole_number(cash, _("The cash"))
    else:
        cash = None
    with write_transaction():
        order = place_order(
            period=None,
            customer=customer or _walk_in_customer(),
            lines=None,
            stock_lines=lines,
            channel=Channel.OFFLINE,
            delivery_method=DeliveryMethod.PICKUP,
            by=by,
            idempotency_key=idempotency_key,
        )
        if order.payment_status == PaymentStatus.PAID:  # the same tap twice: the first sale
            return CounterSale(order, method, cash, None if cash is None else cash - order.total)
        total = order.total
        if cash is not None and cash < total:
            raise OrderRefused(
                _("The cash is short: the total is %(total)s, the customer gave %(cash)s.") % {"total": rupiah(total), "cash": rupiah(cash)}
            )
        change = None if cash is None else cash - total
        note = str(METHODS[method])
        if cash is not None:
            note = _("%(method)s: given %(cash)s, change %(change)s") % {"method": note, "cash": rupiah(cash), "change": rupiah(change)}
        order = record_full_payment(order, method=method, by=by, note=note)  # a ledger row; Lunas follows from it
        order.fulfilment_status = FulfilmentStatus.PICKED_UP
        order.save(update_fields=["fulfilment_status"])
        log_change(order, kind=StatusChange.Kind.FULFILMENT, from_status=FulfilmentStatus.PENDING, to_status=FulfilmentStatus.PICKED_UP, by=by, note=_("Counter sale"))
    return CounterSale(order, method, cash, change)


def _walk_in_customer():
    """The one customer record that stands for people who buy at the counter without a name."""
    with transaction.atomic(), translation.override("id"):
        name = str(WALK_IN_NAME)
        customer = Customer.objects.filter(name=name, whatsapp="").order_by("pk").first()
        return customer or Customer.objects.create(name=name)
