"""Orders that already happened, written straight to the database for the sheet tests."""
from datetime import date, datetime, time

from django.utils import timezone

from orders.models import Order, OrderLine, PreorderPeriod

_counter = {"n": 0}


def period_for(day):
    start = timezone.make_aware(datetime(day.year, day.month, 1))
    period, _created = PreorderPeriod.objects.get_or_create(
        slug=f"po-{day.isoformat()}",
        defaults={"name": f"PO {day.isoformat()}", "opens_at": start, "closes_at": start + timezone.timedelta(days=3), "delivery_date": day},
    )
    return period


def make_past_order(customer, lines, *, placed, delivery, payment="unpaid", fulfilment="pending", paid=None, code=None, **fields):
    """`lines` is [(product, quantity)] at each product's price; `placed`/`delivery` are dates."""
    _counter["n"] += 1
    total = sum(product.price * quantity for product, quantity in lines)
    if paid is None:
        paid = total if payment in ("paid", "refunded") else 0
    order = Order.objects.create(
        code=code or f"PO-{placed:%y%m}-{_counter['n']:04d}",
        customer=customer,
        period=period_for(delivery),
        delivery_date=delivery,
        placed_at=timezone.make_aware(datetime.combine(placed, time(10, 0))),
        payment_status=payment,
        amount_paid=paid,
        fulfilment_status=fulfilment,
        **fields,
    )
    for product, quantity in lines:
        OrderLine.objects.create(order=order, product=product, quantity=quantity, unit_price=product.price)
    return order


def article_orders():
    """The article's three rows (section 7 of the source article)."""
    from tests.conftest import make_customer, make_product

    nastar = make_product("Kue Nastar", unit="box", price=25_000)
    brownies = make_product("Brownies Kukus", unit="loyang", price=25_000)
    lapis = make_product("Kue Lapis", unit="loyang", price=25_000)
    ani = make_customer("Ibu Ani", "0812-3456-7890")
    budi = make_customer("Bapak Budi", "0813-1111-2222")
    sinta = make_customer("Mbak Sinta", "0857-3333-4444")
    return [
        make_past_order(ani, [(nastar, 3)], placed=date(2025, 6, 5), delivery=date(2025, 6, 8), payment="paid"),
        make_past_order(budi, [(brownies, 2)], placed=date(2025, 6, 5), delivery=date(2025, 6, 8)),
        make_past_order(sinta, [(lapis, 1)], placed=date(2025, 6, 6), delivery=date(2025, 6, 9), payment="paid", fulfilment="sent"),
    ]
