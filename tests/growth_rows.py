"""Raw order rows at chosen moments, for the customer facts and growth figures (no caps, no services)."""
from datetime import datetime
from itertools import count

from django.utils import timezone

from orders.models import FulfilmentStatus, Order, OrderLine, PreorderPeriod

_codes = count(1)


def at(year, month, day, hour=10):
    """A moment in the shop's time zone (Asia/Jakarta)."""
    return timezone.make_aware(datetime(year, month, day, hour))


def period_between(name, opens, closes):
    return PreorderPeriod.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), opens_at=opens, closes_at=closes, delivery_date=closes.date()
    )


def order(customer, period, placed_at, lines, *, channel="whatsapp", cancelled=False, paid=None, payment_status="unpaid"):
    """An order with `lines` = {product: quantity} at each product's price, placed at `placed_at`."""
    made = Order.objects.create(
        code=f"T-{next(_codes):06d}",
        customer=customer,
        period=period,
        placed_at=placed_at,
        delivery_date=period.delivery_date,
        channel=channel,
        fulfilment_status=FulfilmentStatus.CANCELLED if cancelled else FulfilmentStatus.PENDING,
        payment_status=payment_status,
        amount_paid=paid or 0,
    )
    OrderLine.objects.bulk_create(
        OrderLine(order=made, product=product, quantity=quantity, unit_price=product.price) for product, quantity in lines.items()
    )
    return made
