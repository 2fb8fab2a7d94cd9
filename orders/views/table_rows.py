"""What each row of the order table shows, with everything that is the same for every row worked out once per page.

At 20,000 orders a page of 50 rows spent most of its time asking the same questions per row: the
role's buttons, the names of the statuses, channels and units (`get_FOO_display` rebuilds its
choices each call), and the addresses (`reverse()` walks the URL patterns each call). Here each is
asked once per page (bench/pages.py, `--profile /pesanan/`, shows where the time goes).
"""
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats, timezone

from orders.models import Channel, FulfilmentStatus, PaymentStatus
from orders.roles import may
from orders.services.fulfilment import allowed_next
from production.models import Unit

QUICK_STEPS = (FulfilmentStatus.READY, FulfilmentStatus.SENT, FulfilmentStatus.PICKED_UP)


def _address(name, placeholder="__code__"):
    """The named URL reversed once, with a placeholder; the returned function puts a row's key in its place."""
    pattern = reverse(name, args=[placeholder])
    return lambda key: pattern.replace(str(placeholder), quote(str(key), safe="!$&'()*+,;=~:@"))


def _names(choices):
    return {value: str(label) for value, label in choices.choices}


def prepare_rows(orders, user, *, first_number=1):
    """Attach to each order (loaded with Order.objects.for_table()) what its row draws, numbered from first_number; no queries."""
    may_pay, may_deliver = may(user, "record_payment"), may(user, "set_fulfilment")
    payment, fulfilment, channel, unit = _names(PaymentStatus), _names(FulfilmentStatus), _names(Channel), _names(Unit)
    steps = {step: {"value": step.value, "label": fulfilment[step]} for step in QUICK_STEPS}
    page_of, pay_at, status_at = _address("orders:order_detail"), _address("orders:order_mark_paid"), _address("orders:order_set_status")
    customer_page = _address("customers:customer_detail", placeholder=987654321)
    days = {}  # a page's orders share a few order and delivery dates: each is written out once

    def day(value):
        if value not in days:
            days[value] = formats.date_format(value, "j M Y")
        return days[value]

    for number, order in enumerate(orders, start=first_number):
        order.number = number
        order.url, order.pay_url, order.status_url = page_of(order.code), pay_at(order.code), status_at(order.code)
        order.customer_url = customer_page(order.customer_id)
        order.button_name = f"{order.code} {order.customer.name}"  # each button says whose order it is: 'Siap — PO-… Ibu Ani'
        order.placed_on, order.delivery_on = day(timezone.localdate(order.placed_at)), day(order.delivery_date)
        order.payment_name = payment.get(order.payment_status, order.payment_status)
        order.fulfilment_name = fulfilment.get(order.fulfilment_status, order.fulfilment_status)
        order.channel_name = channel.get(order.channel, order.channel)
        order.may_pay = may_pay and order.can_take_payment
        order.quick_steps = [steps[step] for step in QUICK_STEPS if step in allowed_next(order)] if may_deliver else []
        order.line_list = list(order.lines.all())
        for line in order.line_list:
            line.unit_name = unit.get(line.product.unit, line.product.unit)
    return orders
