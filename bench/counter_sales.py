"""Counter sales per second: walk-in sales from ready stock through the counter service.

    .venv/bin/python bench/counter_sales.py                    # SQLite: bench/out/counter_sales.sqlite3
    .venv/bin/python bench/counter_sales.py --postgres         # PostgreSQL scratch DB prapesan_bench_counter
    .venv/bin/python bench/counter_sales.py --sales 500 --threads 4

Each run starts from an empty scratch database (never the shop's), puts three products on ready
stock with enough units, and sells 1–3 jars of one or two products per sale, paid in cash with
change, through `sell_at_counter` as the counter page does (order, stock movements, payment and
handing over in one transaction). It prints the figure and the command that produced it.
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
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/prapesan_bench_counter")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=500)
    parser.add_argument("--threads", type=int, default=1, help="counters selling at the same time")
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL ({POSTGRES})")
    args = parser.parse_args()

    from bench.scratch_db import use_scratch

    use_scratch("counter_sales", postgres_url=POSTGRES if args.postgres else None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from orders.models import Order
    from orders.services.counter import sell_at_counter
    from production.models import Product
    from stock.models import StockItem
    from stock.selectors import on_hand
    from stock.services import receive

    products = []
    for name, price in (("Kue Kastengel", 60_000), ("Kue Nastar", 55_000), ("Putri Salju", 50_000)):
        product = Product.objects.create(name=name, unit="toples", price=price, units_per_batch=10, minutes_per_batch=120)
        StockItem.objects.create(product=product)
        receive(product=product, quantity=9_999)
        products.append(product)

    per_thread = args.sales // args.threads
    errors = []

    def counter(number):
        try:
            for index in range(per_thread):
                serial = number * per_thread + index
                lines = {products[serial % 3].pk: 1 + serial % 3}
                if serial % 2:
                    lines[products[(serial + 1) % 3].pk] = 1
                sell_at_counter(lines=lines, method="cash", cash=500_000)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    started = time.perf_counter()
    if args.threads == 1:
        counter(0)
    else:
        threads = [threading.Thread(target=counter, args=(number,)) for number in range(args.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    sold = Order.objects.count()
    if errors or sold != per_thread * args.threads:
        sys.exit(f"expected {per_thread * args.threads} sales, got {sold}; errors: {errors[:3]}")
    left = sum(on_hand(products).values())
    command = "python bench/counter_sales.py " + shlex.join(sys.argv[1:])
    print(f"{connection.vendor}: {sold} counter sales in {elapsed:.1f} s = {sold / elapsed:.0f} sales/s "
          f"({args.threads} thread(s)); {left} units left on the shelf")
    print(f"command: {command.strip()}")


if __name__ == "__main__":
    main()
