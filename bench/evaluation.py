"""Server time and query count of the monthly evaluation page with 20,000 orders and 50,000 stock movements.

    .venv/bin/python bench/evaluation.py [--orders 20000] [--movements 50000] [--runs 7]

Seeds bench/out/evaluation.sqlite3 from scratch (bulk inserts, seconds): the orders and the stock
movements all fall in one calendar month (last month), so the page sums every row. It then times
GET /laporan/evaluasi/?jenis=bulan with Django's test Client (median of several runs), counts its
queries, and does the same at a tenth of the rows: the query count must not change.
"""
import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    from bench.scratch_db import use_scratch

    use_scratch("evaluation")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES=storages).enable()


def seed(order_count, movement_count, first_day):
    from django.utils import timezone

    from customers.models import Customer
    from orders.models import Order, OrderLine, PreorderPeriod
    from production.models import Product
    from stock.models import StockItem, StockMovement

    StockMovement.objects.all().delete()
    OrderLine.objects.all().delete()
    Order.objects.all().delete()
    start = timezone.make_aware(datetime.combine(first_day, datetime.min.time()))
    minutes = 27 * 24 * 60 / max(order_count, 1)
    products = list(Product.objects.all()) or [
        Product.objects.create(name=name, unit="toples", price=price, units_per_batch=10, minutes_per_batch=60)
        for name, price in [("Kue Nastar", 75_000), ("Kastengel", 80_000), ("Putri Salju", 70_000), ("Brownies", 65_000)]
    ]
    for product in products:
        StockItem.objects.get_or_create(product=product)
    period = PreorderPeriod.objects.first() or PreorderPeriod.objects.create(
        name="PO Bench", slug="po-bench", opens_at=start, closes_at=start + timedelta(days=27), delivery_date=first_day + timedelta(days=28)
    )
    if not Customer.objects.exists():
        Customer.objects.bulk_create(Customer(name=f"Pelanggan {n}", whatsapp=f"+62812{n:08d}") for n in range(2_000))
    customers = list(Customer.objects.all())
    channels = ["whatsapp", "instagram", "offline", "form", "marketplace"]
    orders = Order.objects.bulk_create(
        (
            Order(
                code=f"PO-EVAL-{n:06d}", customer=customers[n % len(customers)], period=period,
                delivery_date=period.delivery_date, placed_at=start + timedelta(minutes=n * minutes),
                channel=channels[n % 5], fulfilment_status="cancelled" if n % 17 == 0 else "pending",
                amount_paid=(75_000 if n % 3 else 0),
            )
            for n in range(order_count)
        ),
        batch_size=2_000,
    )
    OrderLine.objects.bulk_create(
        (
            OrderLine(order=order, product=products[(n + k) % 4], quantity=1 + (n + k) % 5, unit_price=products[(n + k) % 4].price,
                      from_stock=bool(n % 4 == 0))
            for n, order in enumerate(orders)
            for k in range(1 + n % 2)
        ),
        batch_size=4_000,
    )
    kinds = [("purchase", 5), ("produced", 4), ("sale", -2), ("sale", -1), ("waste", -1), ("return", 1)]
    step = 27 * 24 * 60 / max(movement_count, 1)
    StockMovement.objects.bulk_create(
        (
            StockMovement(product=products[n % 4], kind=kinds[n % 6][0], quantity=kinds[n % 6][1], at=start + timedelta(minutes=n * step))
            for n in range(movement_count)
        ),
        batch_size=5_000,
    )


def measure(client, params, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/laporan/evaluasi/", params)  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/laporan/evaluasi/", params)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get("/laporan/evaluasi/", params)
    return statistics.median(timings) * 1000, min(timings) * 1000, len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--movements", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from orders.roles import ensure_roles

    ensure_roles()
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    owner = get_user_model().objects.create_superuser("bench", password="x")
    client = Client()
    client.force_login(owner)
    params = {"jenis": "bulan", "tanggal": last_month.isoformat()}
    for orders, movements in ((args.orders // 10, args.movements // 10), (args.orders, args.movements)):
        started = time.perf_counter()
        seed(orders, movements, last_month)
        seeded = time.perf_counter() - started
        median, best, queries = measure(client, params, args.runs)
        print(f"{orders} orders, {movements} stock movements (seeded in {seeded:.1f} s): "
              f"GET /laporan/evaluasi/?jenis=bulan median {median:.0f} ms, best {best:.0f} ms, {queries} queries")
    print("command: python bench/evaluation.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
