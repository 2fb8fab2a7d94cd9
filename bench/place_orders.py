"""Orders placed per second through the order service with every cap on.

    .venv/bin/python bench/place_orders.py                      # SQLite: bench/out/place_orders.sqlite3
    .venv/bin/python bench/place_orders.py --postgres           # PostgreSQL scratch DB prapesan_bench_place
    .venv/bin/python bench/place_orders.py --orders 2000 --threads 4
    .venv/bin/python bench/place_orders.py --existing 20000   # the period already holds 20,000 orders

Each run starts from an empty scratch database (never the shop's), opens one PO period with
unit caps, a cap on orders, a cap per day and the capacity cap all on (set high enough that
every order fits), and places orders for new customers through `place_order`, as the order
page does. It prints the figure and the command that produced it.
"""
import argparse
import os
import shlex
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/prapesan_bench_place")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1, help="helpers placing orders at the same time")
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL ({POSTGRES})")
    parser.add_argument("--existing", type=int, default=0, help="orders already in the period before timing starts")
    args = parser.parse_args()

    from bench.scratch_db import use_scratch

    use_scratch("place_orders", postgres_url=POSTGRES if args.postgres else None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    period, products = set_up()
    prefill(period, products, args.existing)

    from customers.models import Customer
    from orders.models import Order
    from orders.services import place_order

    per_thread = args.orders // args.threads
    errors = []

    def helper(number):
        try:
            for index in range(per_thread):
                serial = number * per_thread + index
                customer = Customer(name=f"Pelanggan {serial}", whatsapp=f"+62813{serial:08d}")
                place_order(period=period, customer=customer, lines={products[serial % len(products)]: 1 + serial % 3})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    started = time.perf_counter()
    if args.threads == 1:
        helper(0)
    else:
        threads = [threading.Thread(target=helper, args=(number,)) for number in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    placed = Order.objects.count() - args.existing
    if errors or placed != per_thread * args.threads:
        sys.exit(f"expected {per_thread * args.threads} orders, got {placed}; errors: {errors[:3]}")

    vendor = connection.vendor
    command = " ".join([".venv/bin/python", "bench/place_orders.py", *map(shlex.quote, sys.argv[1:])])
    print(
        f"{placed / elapsed:.0f} orders/s on {vendor} ({placed} orders, {args.threads} thread(s), "
        f"every cap on, {args.existing} orders already in the period, {elapsed:.1f} s)"
    )
    print(f"command: {command}")


def set_up():
    from datetime import timedelta

    from django.utils import timezone

    from orders.models import PeriodProduct, PreorderPeriod
    from production.models import Product, WorkCalendar

    calendar = WorkCalendar.load()
    calendar.default_hours, calendar.default_workers, calendar.weekly_days_off = 12, 100, ""
    calendar.save()
    products = [
        Product.objects.create(name="Kue Nastar", unit="box", price=25_000, units_per_batch=10, minutes_per_batch=120),
        Product.objects.create(name="Brownies Kukus", unit="loyang", price=25_000, units_per_batch=4, minutes_per_batch=90),
        Product.objects.create(name="Kue Lapis", unit="loyang", price=25_000, units_per_batch=4, minutes_per_batch=180),
    ]
    now = timezone.now()
    period = PreorderPeriod.objects.create(
        name="PO Bench",
        slug="po-bench",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        delivery_date=timezone.localdate() + timedelta(days=30),
        max_orders=1_000_000,
        max_orders_per_day=1_000_000,
        capacity_capped=True,
    )
    for product in products:
        PeriodProduct.objects.create(period=period, product=product, unit_cap=1_000_000)
    return period, products


def prefill(period, products, count):
    """Bulk-insert `count` orders into the period, so the caps have a full book to count."""
    from customers.models import Customer
    from orders.models import Order, OrderCodeCounter, OrderLine

    if not count:
        return
    customers = Customer.objects.bulk_create(
        Customer(name=f"Pelanggan lama {n}", whatsapp=f"+62857{n:08d}") for n in range(min(count, 2000))
    )
    orders = Order.objects.bulk_create(
        (
            Order(code=f"PO-0001-{n:05d}", customer=customers[n % len(customers)], period=period,
                  delivery_date=period.delivery_date, placed_at=period.opens_at)
            for n in range(count)
        ),
        batch_size=2000,
    )
    OrderLine.objects.bulk_create(
        (OrderLine(order=order, product=products[n % len(products)], quantity=1, unit_price=products[0].price)
         for n, order in enumerate(orders)),
        batch_size=2000,
    )
    OrderCodeCounter.objects.get_or_create(prefix="PO-0001")


if __name__ == "__main__":
    main()
