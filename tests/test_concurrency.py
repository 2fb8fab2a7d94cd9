"""Many helpers tapping "Simpan" at once: the caps hold on SQLite and on PostgreSQL.

The suite runs twice (scripts/test), so each test here races on both databases.
"""
import threading

import pytest
from django.db import connection

from orders.models import Order, OrderLine
from orders.services import OrderRefused, place_order
from tests.conftest import make_customer, make_period, make_product

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 20


def race(period, lines_for):
    """Start RACERS threads together, each placing one order; return (orders, refusals, errors)."""
    customers = [make_customer(f"Pelanggan {n}", f"0813-2222-{n:04d}") for n in range(RACERS)]
    start = threading.Barrier(RACERS)
    orders, refusals, errors = [], [], []

    def attempt(customer):
        try:
            start.wait()
            orders.append(place_order(period=period, customer=customer, lines=lines_for()))
        except OrderRefused as refused:
            refusals.append(refused.message)
        except Exception as error:  # noqa: BLE001 - any other error is what this test looks for
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(customer,)) for customer in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return orders, refusals, errors


def test_twenty_helpers_racing_for_the_last_five_boxes_sell_exactly_five():
    nastar = make_product()
    period = make_period(products=[(nastar, 5)])
    orders, refusals, errors = race(period, lambda: {nastar: 1})
    assert errors == []
    assert len(orders) == 5
    assert len(refusals) == RACERS - 5
    assert set(refusals) == {"Kuota Kue Nastar sudah habis."}
    assert sum(OrderLine.objects.filter(order__period=period).values_list("quantity", flat=True)) == 5
    assert len({order.code for order in orders}) == 5


def test_racing_for_the_last_orders_of_a_po_never_goes_over_the_order_cap():
    nastar = make_product()
    period = make_period(products=[nastar], max_orders=7, max_orders_per_day=50)
    orders, refusals, errors = race(period, lambda: {nastar: 2})
    assert errors == []
    assert Order.objects.filter(period=period).count() == 7
    assert set(refusals) == {"PO ini sudah penuh: maksimal 7 pesanan."}
    assert len(refusals) == RACERS - 7


def test_racing_against_the_daily_order_cap_lets_exactly_that_many_through():
    nastar = make_product()
    period = make_period(products=[nastar], max_orders_per_day=4)
    orders, refusals, errors = race(period, lambda: {nastar: 1})
    assert errors == []
    assert len(orders) == 4
    assert set(refusals) == {"Batas 4 pesanan hari ini sudah tercapai. Silakan pesan lagi besok."}


def test_one_new_customer_ordering_in_several_pos_at_once_becomes_one_customer():
    from customers.models import Customer

    nastar = make_product()
    periods = [make_period(f"PO {n}", products=[nastar]) for n in range(RACERS)]
    start = threading.Barrier(RACERS)
    orders, errors = [], []

    def attempt(period):
        try:
            start.wait()
            new = Customer(name="Mbak Sinta", whatsapp="0857-1234-5678")
            orders.append(place_order(period=period, customer=new, lines={nastar: 1}))
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(period,)) for period in periods]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(orders) == RACERS
    assert Customer.objects.filter(whatsapp="+6285712345678").count() == 1


def test_twenty_helpers_each_adding_a_box_to_their_own_order_add_exactly_the_five_left():
    from orders.services.editing import change_lines

    nastar = make_product()
    period = make_period(products=[(nastar, RACERS + 5)])
    orders = [
        place_order(period=period, customer=make_customer(f"Pelanggan {n}", f"0813-3333-{n:04d}"), lines={nastar: 1})
        for n in range(RACERS)
    ]
    start = threading.Barrier(RACERS)
    edited, refusals, errors = [], [], []

    def attempt(order):
        try:
            start.wait()
            edited.append(change_lines(order, quantities={nastar: 2}))
        except OrderRefused as refused:
            refusals.append(refused.message)
        except Exception as error:  # noqa: BLE001 - any other error is what this test looks for
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(edited) == 5 and set(refusals) == {"Kuota Kue Nastar sudah habis."}
    assert sum(OrderLine.objects.filter(order__period=period).values_list("quantity", flat=True)) == RACERS + 5
