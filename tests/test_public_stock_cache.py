"""The public page's "sisa" comes from the cache, and every change to the orders forgets it."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Customer
from orders import stock_cache
from orders.services import cancel_order, place_order
from orders.services.rescheduling import reschedule_order
from production.models import WorkCalendar
from tests.conftest import make_period, make_product

pytestmark = pytest.mark.django_db


def sisa(client, period):
    return client.get(reverse("public_period", args=[period.slug])).content.decode()


def order(period, product, quantity, number="0812-3456-7890"):
    return place_order(period=period, customer=Customer(name="Ani", whatsapp=number), lines={product: quantity})


def test_closing_a_period_by_hand_shows_on_the_public_page_at_once(client):
    from orders.services.periods import set_period_closed

    period = make_period(products=[(make_product(), 20)])
    assert "<form method=\"post\" class=\"card\"" in sisa(client, period)
    set_period_closed(period, closed=True)
    assert "PO ini sudah ditutup" in sisa(client, period)


def test_a_second_visit_reads_the_figures_from_the_cache(client):
    nastar = make_product()
    period = make_period(products=[(nastar, 20)])
    assert "sisa 20 box" in sisa(client, period)
    with CaptureQueriesContext(connection) as first:
        sisa(client, period)
    with CaptureQueriesContext(connection) as second:
        assert "sisa 20 box" in sisa(client, period)
    assert not any("orders_orderline" in query["sql"] for query in second.captured_queries)
    assert len(second.captured_queries) <= len(first.captured_queries)


def test_placing_cancelling_and_moving_an_order_each_update_the_figures(client):
    nastar = make_product()
    june = make_period("PO Juni", products=[(nastar, 20)])
    july = make_period("PO Juli", products=[(nastar, 10)], delivery_in_days=20)
    assert "sisa 20 box" in sisa(client, june) and "sisa 10 box" in sisa(client, july)

    placed = order(june, nastar, 3)
    assert "sisa 17 box" in sisa(client, june)

    reschedule_order(placed, period=july)
    assert "sisa 20 box" in sisa(client, june)
    assert "sisa 7 box" in sisa(client, july)

    cancel_order(placed, reason="batal")
    assert "sisa 10 box" in sisa(client, july)


def test_a_change_made_without_the_services_shows_within_the_cache_lifetime(client, settings):
    nastar = make_product()
    period = make_period(products=[(nastar, 20)])
    assert "sisa 20 box" in sisa(client, period)
    period.offers.update(unit_cap=5)
    assert "sisa 20 box" in sisa(client, period)  # cached
    cache.delete_many([stock_cache.PERIOD_KEY.format(pk=period.pk), stock_cache.PAGE_KEY.format(slug=period.slug)])  # the timeout
    assert stock_cache.STOCK_SECONDS <= 30
    assert "sisa 5 box" in sisa(client, period)


def test_an_order_in_another_period_frees_or_takes_the_shared_kitchens_minutes(client):
    calendar = WorkCalendar.load()
    calendar.default_hours, calendar.default_workers, calendar.weekly_days_off = 2, 1, ""
    calendar.save()
    nastar = make_product(units_per_batch=10, minutes_per_batch=120)  # 12 min a box: 10 boxes a day
    lebaran = make_period("PO Lebaran", products=[nastar], closes_in_days=1, delivery_in_days=3, capacity_capped=True)
    other = make_period("PO Kantor", products=[nastar], closes_in_days=1, delivery_in_days=3)
    assert "sisa 10 box" in sisa(client, lebaran)
    order(other, nastar, 4)
    assert "sisa 6 box" in sisa(client, lebaran)
