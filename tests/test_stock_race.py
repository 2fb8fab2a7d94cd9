"""Twenty sellers reach for the last five jars at once: exactly five are sold, on SQLite and PostgreSQL.

The suite runs on both databases (scripts/test), so the race runs on both.
"""
import threading

import pytest
from django.db import connection

from stock.models import MovementKind, StockItem, StockMovement
from stock.selectors import on_hand
from stock.services import StockRefused, receive, take
from tests.conftest import make_product

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 20


def test_twenty_sellers_racing_for_the_last_five_jars_sell_exactly_five():
    kastengel = make_product("Kue Kastengel", unit="toples")
    StockItem.objects.create(product=kastengel)
    receive(product=kastengel, quantity=5)
    start = threading.Barrier(RACERS)
    sold, refusals, errors = [], [], []
    channels = ["offline", "form", "whatsapp", "instagram"]

    def attempt(n):
        try:
            start.wait()
            sold.append(take(lines={kastengel.pk: 1}, channel=channels[n % 4], reference=f"racer-{n}"))
        except StockRefused as refused:
            refusals.append(refused.message)
        except Exception as error:  # noqa: BLE001 - any other error is what this test looks for
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(sold) == 5
    assert set(refusals) == {"Stok Kue Kastengel habis."}
    assert len(refusals) == RACERS - 5
    assert on_hand([kastengel])[kastengel.pk] == 0
    assert StockMovement.objects.filter(kind=MovementKind.SALE).count() == 5


def test_the_counter_the_public_page_and_staff_entry_racing_for_the_last_five_jars_sell_five():
    """The three ways an order reaches the shelf (orders.services: counter, public form, staff entry) at once."""
    from orders.models import Channel, Order
    from orders.roles import CUSTOMER_SERVICE
    from orders.services import OrderRefused, place_order
    from orders.services.counter import sell_at_counter
    from customers.models import Customer
    from tests.conftest import make_user

    kastengel = make_product("Kue Kastengel", unit="toples")
    StockItem.objects.create(product=kastengel)
    receive(product=kastengel, quantity=5)
    cashier = make_user("kasir", role=CUSTOMER_SERVICE)
    start = threading.Barrier(RACERS)
    sold, refusals, errors = [], [], []

    def counter():
        return sell_at_counter(lines={kastengel.pk: 1}, method="cash", cash="100.000", by=cashier).order

    def public(n):
        customer = Customer(name=f"Pembeli {n}", whatsapp=f"0813-3333-{n:04d}")
        return place_order(period=None, customer=customer, lines=None, stock_lines={kastengel.pk: 1}, channel=Channel.ONLINE_FORM)

    def staff(n):
        customer = Customer(name=f"Pelanggan {n}", whatsapp=f"0813-4444-{n:04d}")
        return place_order(period=None, customer=customer, lines=None, stock_lines={kastengel.pk: 1}, channel=Channel.WHATSAPP, by=cashier)

    def attempt(n):
        try:
            start.wait()
            sold.append([counter, lambda: public(n), lambda: staff(n)][n % 3]())
        except OrderRefused as refused:
            refusals.append(refused.message)
        except Exception as error:  # noqa: BLE001 - any other error is what this test looks for
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(sold) == 5 and Order.objects.count() == 5
    assert set(refusals) == {"Stok Kue Kastengel habis."}
    assert on_hand([kastengel])[kastengel.pk] == 0
    running = 0
    for quantity in StockMovement.objects.order_by("pk").values_list("quantity", flat=True):
        running += quantity
        assert running >= 0  # never below zero, movement by movement
