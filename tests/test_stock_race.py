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
