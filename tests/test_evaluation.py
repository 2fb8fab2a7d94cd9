"""The weekly / monthly evaluation: its figures recomputed from the raw rows, the page, its query count."""
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights.evaluation import MONTH, WEEK, evaluate, span_of
from orders.models import Order, OrderLine
from orders.roles import CUSTOMER_SERVICE, FINANCE
from stock.models import StockItem, StockMovement
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)
CHANNELS = ["offline", "whatsapp", "instagram", "marketplace", "form"]


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def add_order(period, customer, n, *, day, channel, lines, cancelled=False, paid=0, refunded=0):
    order = Order.objects.create(
        code=f"PO-T-{n:05d}", customer=customer, period=period, delivery_date=day, placed_at=at(day),
        channel=channel, fulfilment_status="cancelled" if cancelled else "pending", amount_paid=paid, amount_refunded=refunded,
    )
    OrderLine.objects.bulk_create(OrderLine(order=order, product=p, quantity=q, unit_price=price) for p, q, price in lines)
    return order


def test_the_span_is_a_monday_to_sunday_week_or_a_calendar_month():
    assert (span_of(WEEK, date(2026, 11, 26)).first, span_of(WEEK, date(2026, 11, 26)).last) == (MONDAY, date(2026, 11, 29))
    assert (span_of(MONTH, date(2026, 2, 14)).first, span_of(MONTH, date(2026, 2, 14)).last) == (date(2026, 2, 1), date(2026, 2, 28))
    assert span_of(WEEK, MONDAY).previous().first == date(2026, 11, 16)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    orders=st.lists(
        st.tuples(
            st.integers(-9, 9),  # day offset from Monday (some before the week, some after)
            st.sampled_from(CHANNELS),
            st.lists(st.tuples(st.integers(0, 2), st.integers(1, 5), st.integers(1, 90_000)), min_size=1, max_size=3),
            st.booleans(),  # cancelled
            st.integers(0, 100),  # percent paid
        ),
        max_size=12,
    ),
    wasted=st.integers(0, 4),
)
def test_the_week_s_figures_equal_sums_over_the_raw_rows(orders, wasted):
    with transaction.atomic():  # each example starts from an empty shop
        _check_week(orders, wasted)
        transaction.set_rollback(True)


def _check_week(orders, wasted):
    products = [make_product(f"Produk {n}") for n in range(3)]
    period = make_period()
    customer = make_customer()
    for n, (offset, channel, lines, cancelled, percent_paid) in enumerate(orders):
        rows = [(products[i], q, price) for i, q, price in lines]
        total = sum(q * price for _p, q, price in rows)
        add_order(period, customer, n, day=MONDAY + timedelta(days=offset), channel=channel, lines=rows,
                  cancelled=cancelled, paid=total * percent_paid // 100)
    StockItem.objects.create(product=products[0])
    StockMovement.objects.create(product=products[0], kind="purchase", quantity=10, at=at(MONDAY))
    if wasted:
        StockMovement.objects.create(product=products[0], kind="waste", quantity=-wasted, at=at(MONDAY + timedelta(days=2)))

    result = evaluate(span_of(WEEK, MONDAY))

    def in_week(offset):
        return 0 <= offset <= 6

    standing = [o for o in orders if not o[3]]
    week = [o for o in standing if in_week(o[0])]
    omzet = sum(q * price for o in week for _i, q, price in o[2])
    assert result.orders == len(week)
    assert result.omzet == omzet
    assert result.units == sum(q for o in week for _i, q, _p in o[2])
    assert result.paid == sum(sum(q * p for _i, q, p in o[2]) * o[4] // 100 for o in week)
    assert result.outstanding == omzet - result.paid
    for channel in result.channels:
        assert channel.omzet == sum(q * p for o in week if o[1] == channel.key for _i, q, p in o[2])
    assert sum(line.omzet for line in result.channels) == sum(line.omzet for line in result.products) == omzet
    before = sum(q * p for o in standing if -7 <= o[0] < 0 for _i, q, p in o[2])
    assert result.previous_omzet == before
    assert result.stock_wasted == wasted and result.stock_in == 10


def test_the_page_shows_which_channel_sold_most_and_finance_may_read_it():
    nastar = make_product()
    period = make_period()
    customer = make_customer()
    today = timezone.localdate()
    add_order(period, customer, 1, day=today, channel="offline", lines=[(nastar, 2, 50_000)], paid=100_000)
    add_order(period, customer, 2, day=today, channel="instagram", lines=[(nastar, 1, 50_000)])
    finance = Client()
    finance.force_login(make_user("uang", role=FINANCE))
    page = finance.get(reverse("insights:evaluation")).text
    assert "Saluran yang paling laku: <strong>Offline (toko)</strong> (Rp100.000)." in page
    assert "Rp150.000" in page and "<svg" in page
    monthly = finance.get(reverse("insights:evaluation"), {"jenis": "bulan", "tanggal": today.isoformat()}).text
    assert today.strftime("%Y") in monthly and "Rp150.000" in monthly
    cs = Client()
    cs.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    assert cs.get(reverse("insights:evaluation")).status_code == 403


def test_the_evaluation_s_query_count_does_not_grow_with_the_rows():
    products = [make_product(f"Produk {n}") for n in range(3)]
    period = make_period()
    customer = make_customer()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            evaluate(span_of(WEEK, MONDAY))
        return len(captured)

    add_order(period, customer, 0, day=MONDAY, channel="offline", lines=[(products[0], 1, 1000)])
    few = queries()
    for n in range(1, 60):
        add_order(period, customer, n, day=MONDAY + timedelta(days=n % 7), channel=CHANNELS[n % 5],
                  lines=[(products[n % 3], 2, 1000), (products[(n + 1) % 3], 1, 500)])
    assert queries() == few
