"""Server time and query count of the growth page, the customer list and the lists to contact,
with 2,000 customers and 20,000 orders over two years (and at a quarter of that, to show the query
count does not grow with the customers).

    .venv/bin/python bench/growth.py [--customers 2000] [--orders 20000] [--runs 5] [--postgres URL]

Seeds a fresh scratch database (bench/out/growth.sqlite3, or a PostgreSQL database whose name
contains 'bench') with bulk_create, then times each page with Django's test Client (median of runs).
"""
import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(postgres_url):
    from bench.scratch_db import use_scratch

    use_scratch("growth", postgres_url=postgres_url)
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES=storages).enable()


def seed(customer_count, order_count):
    """Customers ordering over 24 months: a few loyal ones often, most once or twice; one in 15 orders cancelled."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from customers.models import Customer
    from orders.models import Order, OrderLine, PreorderPeriod
    from orders.roles import OWNER, ensure_roles
    from production.models import Product

    ensure_roles()
    get_user_model().objects.create_user("bench", password="x").groups.add(Group.objects.get(name=OWNER))
    now = timezone.now()
    products = [
        Product.objects.create(name=name, price=price, units_per_batch=10, minutes_per_batch=60)
        for name, price in [("Kue Nastar", 75_000), ("Kastengel", 80_000), ("Putri Salju", 70_000), ("Brownies", 65_000)]
    ]
    periods = [
        PreorderPeriod.objects.create(
            name=f"PO Bench {n}", slug=f"po-bench-{n}", opens_at=now - timedelta(days=730 - 73 * n),
            closes_at=now - timedelta(days=730 - 73 * n - 60), delivery_date=(now - timedelta(days=730 - 73 * n - 65)).date(),
        )
        for n in range(10)
    ]
    Customer.objects.bulk_create(
        Customer(name=f"Pelanggan {n}", whatsapp=f"+62812{n:08d}", do_not_contact=n % 50 == 0) for n in range(customer_count)
    )
    customers = list(Customer.objects.order_by("pk"))
    orders = Order.objects.bulk_create(
        (
            Order(
                code=f"PO-BENCH-{n:06d}",
                # Every other order is a newcomer's (customers arrive over the two years); the rest come
                # back, the earliest customers most often.
                customer=customers[_who(n, order_count, len(customers))],
                period=periods[n * 10 // order_count],
                delivery_date=periods[n * 10 // order_count].delivery_date,
                placed_at=now - timedelta(days=730) + timedelta(minutes=n * 730 * 24 * 60 // order_count),
                fulfilment_status="cancelled" if n % 15 == 0 else "sent",
                payment_status="paid",
                channel=["whatsapp", "instagram", "offline", "form"][n % 4],
            )
            for n in range(order_count)
        ),
        batch_size=2_000,
    )
    OrderLine.objects.bulk_create(
        (
            OrderLine(order=order, product=products[(n + k) % 4], quantity=1 + (n + k) % 5, unit_price=products[(n + k) % 4].price)
            for n, order in enumerate(orders)
            for k in range(1 + n % 2)
        ),
        batch_size=4_000,
    )


def _who(n, order_count, customer_count):
    arrived = min(n * customer_count // order_count, customer_count - 1)
    if n % 2 == 0:
        return arrived
    return (n * 7919) % (arrived + 1) // (1 + n % 3)


def measure(client, url, params, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL whose database name contains 'bench'")
    args = parser.parse_args()
    setup(args.postgres)
    started = time.perf_counter()
    seed(args.customers, args.orders)
    print(f"seeded {args.customers} customers, {args.orders} orders in {time.perf_counter() - started:.1f} s "
          f"({'PostgreSQL' if args.postgres else 'SQLite'})")
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    cases = [
        ("/laporan/pertumbuhan/", {}),
        ("/pelanggan/", {"sort": "spent"}),
        ("/pelanggan/", {"sort": "spent", "filter": "big"}),
        ("/pelanggan/", {"sort": "last", "filter": "lapsed", "page": "3"}),
        ("/laporan/hubungi/", {"list": "missed", "period": "po-bench-8"}),
        ("/laporan/hubungi/", {"list": "loyal", "orders": "5"}),
        ("/laporan/hubungi/kontak.csv", {"list": "inactive", "days": "60"}),
    ]
    for url, params in cases:
        median, queries = measure(client, url, params, args.runs)
        shown = url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        print(f"GET {shown}: median {median:.0f} ms over {args.runs} runs, {queries} queries")


if __name__ == "__main__":
    main()
