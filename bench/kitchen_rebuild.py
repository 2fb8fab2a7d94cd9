"""Time a rebuild of the kept kitchen plan: every waiting order re-planned from scratch and stored.

    .venv/bin/python bench/kitchen_rebuild.py                   # 20,000 orders over 90 days, SQLite
    .venv/bin/python bench/kitchen_rebuild.py --postgres        # PostgreSQL scratch DB prapesan_bench_rebuild
    .venv/bin/python bench/kitchen_rebuild.py --orders 5000 --days 30

A scratch database (never the shop's) gets one PO period per week over the days, orders with
one to three lines of three products, delivery dates spread evenly, and a calendar that can make
them; then `rebuild_kitchen_plan` (what a cancellation, a packed order or a calendar change
costs, and what `manage.py rebuild_kitchen_plan` runs) is timed five times.
"""
import argparse
import os
import random
import shlex
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/prapesan_bench_rebuild")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL ({POSTGRES})")
    args = parser.parse_args()
    from bench.scratch_db import use_scratch

    use_scratch("kitchen_rebuild", postgres_url=POSTGRES if args.postgres else None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from orders.services.kitchen import rebuild_kitchen_plan

    call_command("migrate", verbosity=0)
    seed(args.orders, args.days)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        _before, after, _stale = rebuild_kitchen_plan()
        timings.append(time.perf_counter() - started)
    timings.sort()
    days = len({day for day, _period in after.promised})
    print(
        f"kitchen plan rebuild on {connection.vendor}: {args.orders} orders over {args.days} days "
        f"({days} days with work, {len(after.late)} late): best {timings[0] * 1000:.0f} ms, median {timings[2] * 1000:.0f} ms of 5"
    )
    print("command: " + " ".join([".venv/bin/python", "bench/kitchen_rebuild.py", *map(shlex.quote, sys.argv[1:])]))


def seed(count, days):
    from django.utils import timezone

    from customers.models import Customer
    from orders.models import Order, OrderLine, PeriodProduct, PreorderPeriod
    from production.models import Product, WorkCalendar

    rng = random.Random(7)
    calendar = WorkCalendar.load()
    calendar.default_hours, calendar.default_workers, calendar.weekly_days_off = 12, 30, "6"
    calendar.save()
    products = [
        Product.objects.create(name="Kue Nastar", unit="box", price=25_000, units_per_batch=10, minutes_per_batch=120, shelf_life_days=14),
        Product.objects.create(name="Brownies Kukus", unit="loyang", price=25_000, units_per_batch=4, minutes_per_batch=90, shelf_life_days=2),
        Product.objects.create(name="Kue Lapis", unit="loyang", price=25_000, units_per_batch=4, minutes_per_batch=180),
    ]
    now, today = timezone.now(), timezone.localdate()
    periods = []
    for week in range(0, days, 7):
        period = PreorderPeriod.objects.create(
            name=f"PO minggu {week // 7 + 1}", slug=f"po-minggu-{week // 7 + 1}", opens_at=now - timedelta(days=1),
            closes_at=now, delivery_date=today + timedelta(days=min(week + 7, days)), capacity_capped=True,
        )
        PeriodProduct.objects.bulk_create(PeriodProduct(period=period, product=product) for product in products)
        periods.append(period)
    customers = Customer.objects.bulk_create(Customer(name=f"Pelanggan {n}", whatsapp=f"+62857{n:08d}") for n in range(2000))
    orders = []
    for n in range(count):
        due = today + timedelta(days=1 + n * (days - 1) // count)
        period = periods[min((due - today).days // 7, len(periods) - 1)]
        orders.append(Order(code=f"PO-0001-{n:05d}", customer=customers[n % 2000], period=period, delivery_date=due,
                            placed_at=now - timedelta(seconds=count - n)))
    orders = Order.objects.bulk_create(orders, batch_size=2000)
    OrderLine.objects.bulk_create(
        (
            OrderLine(order=order, product=product, quantity=rng.randint(1, 3), unit_price=product.price)
            for order in orders
            for product in rng.sample(products, rng.randint(1, 2))
        ),
        batch_size=2000,
    )


if __name__ == "__main__":
    main()
