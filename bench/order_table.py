"""Server time of the order table at 20,000 orders (2,000 customers), on its own SQLite file.

    .venv/bin/python bench/order_table.py [--orders 20000] [--runs 7]

Seeds bench/out/order_table.sqlite3 once (bulk_create, seconds), then times GET /pesanan/ and a
filtered + sorted GET with Django's test Client and prints the median of several runs.
"""
import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def setup_django():
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{OUT / 'order_table.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.test.utils import override_settings

    # Timing the view, not collectstatic: read static files from the source folders.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES=storages).enable()


def seed(order_count, customer_count=2_000):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from customers.models import Customer
    from orders.models import Order, OrderLine, PeriodProduct, PreorderPeriod
    from orders.roles import OWNER, ensure_roles
    from production.models import Product

    ensure_roles()
    User = get_user_model()
    if not User.objects.filter(username="bench").exists():
        User.objects.create_user("bench", password="x").groups.add(Group.objects.get(name=OWNER))
    if Order.objects.count() >= order_count:
        return
    Order.objects.all().delete()
    now = timezone.now()
    products = [
        Product.objects.get_or_create(name=name, defaults={"price": price, "units_per_batch": 10, "minutes_per_batch": 60})[0]
        for name, price in [("Kue Nastar", 75_000), ("Kastengel", 80_000), ("Putri Salju", 70_000), ("Brownies", 65_000)]
    ]
    periods = []
    for month in range(10):
        period, _ = PreorderPeriod.objects.get_or_create(
            slug=f"po-bench-{month}",
            defaults={
                "name": f"PO Bench {month}",
                "opens_at": now - timedelta(days=30 * (10 - month)),
                "closes_at": now - timedelta(days=30 * (10 - month) - 20),
                "delivery_date": (now - timedelta(days=30 * (10 - month) - 25)).date(),
            },
        )
        for product in products:
            PeriodProduct.objects.get_or_create(period=period, product=product)
        periods.append(period)
    if Customer.objects.count() < customer_count:
        Customer.objects.bulk_create(
            Customer(name=f"Pelanggan {n}", whatsapp=f"+62812{n:08d}", address=f"Jl. Mawar {n}") for n in range(customer_count)
        )
    customers = list(Customer.objects.all()[:customer_count])
    statuses = ["unpaid", "deposit", "paid"]
    channels = ["whatsapp", "instagram", "offline", "form"]
    orders = Order.objects.bulk_create(
        (
            Order(
                code=f"PO-BENCH-{n:06d}",
                customer=customers[n % len(customers)],
                period=periods[n % len(periods)],
                delivery_date=periods[n % len(periods)].delivery_date,
                placed_at=now - timedelta(minutes=n * 13),
                payment_status=statuses[n % 3],
                channel=channels[n % 4],
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


def time_get(client, url, params, runs):
    client.get(url, params)  # warm up templates and caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings) * 1000, response


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    started = time.perf_counter()
    seed(args.orders)
    print(f"seed ready in {time.perf_counter() - started:.1f} s")

    from django.contrib.auth import get_user_model
    from django.test import Client

    from orders.models import Order

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    print(f"orders: {Order.objects.count()}, customers: {Order.objects.values('customer').distinct().count()}")
    cases = [
        ("GET /pesanan/ (first page of 50)", {}),
        ("GET /pesanan/?payment=unpaid&channel=whatsapp&sort=-total", {"payment": "unpaid", "channel": "whatsapp", "sort": "-total"}),
        ("GET /pesanan/?q=pelanggan 12&sort=customer&page=3", {"q": "pelanggan 12", "sort": "customer", "page": "3"}),
        ("GET /pesanan/?period=po-bench-3&sort=-units (HTMX fragment)", {"period": "po-bench-3", "sort": "-units"}),
    ]
    for label, params in cases:
        if "HTMX" in label:
            client.defaults["HTTP_HX_REQUEST"] = "true"
        median, response = time_get(client, "/pesanan/", params, args.runs)
        rows = response.content.decode().count('<tr id="order-')
        print(f"{label}: median {median:.0f} ms over {args.runs} runs ({rows} rows shown)")
        client.defaults.pop("HTTP_HX_REQUEST", None)


if __name__ == "__main__":
    main()
