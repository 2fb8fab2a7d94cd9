"""Fill a scratch database with a large order book, fast (bulk inserts, no service checks).

For measuring pages, exports and queries at scale, never for the shop's own database:
the command refuses to run on the development database (db.sqlite3). Typical use:

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=sqlite:///$PWD/bench/out/bench.sqlite3 .venv/bin/python manage.py migrate
    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=sqlite:///$PWD/bench/out/bench.sqlite3 .venv/bin/python manage.py bench_seed --orders 20000 --customers 2000

or simply `bash bench/seed 20000 2000`.
"""
import random
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from customers.models import Customer
from orders.models import (
    Channel,
    DeliveryMethod,
    FulfilmentStatus,
    Order,
    OrderLine,
    PaymentStatus,
    PeriodProduct,
    PreorderPeriod,
)
from orders.services.codes import next_order_code
from production.models import Product

PRODUCTS = [
    ("Kue Nastar", "box", 25_000, 10, 120),
    ("Brownies Kukus", "loyang", 25_000, 4, 90),
    ("Kue Lapis", "loyang", 25_000, 4, 180),
    ("Kastengel", "toples", 55_000, 6, 90),
    ("Putri Salju", "toples", 50_000, 6, 75),
    ("Lidah Kucing", "toples", 45_000, 8, 90),
    ("Bolu Pandan", "loyang", 35_000, 2, 60),
    ("Risoles Mayo", "pcs", 5_000, 20, 60),
]
NAMES = ["Rina", "Wati", "Yuni", "Endang", "Ratna", "Agus", "Hendra", "Joko", "Dewi", "Putri", "Lestari", "Ayu",
         "Andi", "Rizky", "Fajar", "Nadia", "Salsa", "Bayu", "Lina", "Heru", "Sri", "Ningsih", "Slamet", "Intan"]
TITLES = ["Ibu", "Bapak", "Mbak", "Mas", "Kak", "Bu", "Pak"]
BATCH = 2000


class Command(BaseCommand):
    help = "Bulk-create a large demo order book in a scratch database (refuses the development database)."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, default=20_000)
        parser.add_argument("--customers", type=int, default=2_000)
        parser.add_argument("--periods", type=int, default=8, help="PO periods, one a month ending this month.")
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, orders, customers, periods, seed, **options):
        name = str(connection.settings_dict["NAME"])
        if connection.vendor == "sqlite" and Path(name).resolve() == (Path(settings.BASE_DIR) / "db.sqlite3").resolve():
            raise CommandError(
                "bench_seed fills a scratch database. Set DATABASE_URL, e.g. "
                "DATABASE_URL=sqlite:///$PWD/bench/out/bench.sqlite3 (see bench/seed)."
            )
        if orders < 1 or customers < 1 or periods < 1:
            raise CommandError("--orders, --customers and --periods must be at least 1.")
        rng = random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic():
            products = self.products()
            people = self.customers(customers, rng)
            period_list = self.periods(periods, products)
            count = self.orders(orders, people, period_list, products, rng)
        self.stdout.write(
            f"Seeded {count} orders, {len(people)} customers, {len(period_list)} periods "
            f"into {connection.vendor} {name} in {time.perf_counter() - started:.1f} s."
        )

    def products(self):
        found = []
        for name, unit, price, per_batch, minutes in PRODUCTS:
            product, _created = Product.objects.get_or_create(
                name=name, defaults={"unit": unit, "price": price, "units_per_batch": per_batch, "minutes_per_batch": minutes}
            )
            found.append(product)
        return found

    def customers(self, count, rng):
        start = Customer.objects.count()
        new = [
            Customer(
                name=f"{rng.choice(TITLES)} {rng.choice(NAMES)} {start + number}",
                whatsapp=f"+62857{start + number:08d}",
                address=f"Jl. Melati {rng.randint(1, 200)}" if rng.random() < 0.6 else "",
            )
            for number in range(count)
        ]
        return Customer.objects.bulk_create(new, batch_size=BATCH)

    def periods(self, count, products):
        today = timezone.localdate()
        month = date(today.year, today.month, 1)
        created = []
        for back in range(count - 1, -1, -1):
            year, month_number = divmod(month.year * 12 + month.month - 1 - back, 12)
            first = date(year, month_number + 1, 1)
            slug = f"bench-{first:%Y-%m}"
            period, made = PreorderPeriod.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": f"PO {first:%m/%Y}",
                    "opens_at": timezone.make_aware(datetime.combine(first, datetime.min.time())),
                    "closes_at": timezone.make_aware(datetime.combine(first + timedelta(days=20), datetime.min.time())),
                    "delivery_date": first + timedelta(days=24),
                },
            )
            if made:
                PeriodProduct.objects.bulk_create(PeriodProduct(period=period, product=product) for product in products)
            created.append(period)
        return created

    def orders(self, count, people, periods, products, rng):
        statuses = [
            (PaymentStatus.PAID, FulfilmentStatus.SENT),
            (PaymentStatus.PAID, FulfilmentStatus.PICKED_UP),
            (PaymentStatus.PAID, FulfilmentStatus.READY),
            (PaymentStatus.DEPOSIT, FulfilmentStatus.PENDING),
            (PaymentStatus.UNPAID, FulfilmentStatus.PENDING),
            (PaymentStatus.REFUNDED, FulfilmentStatus.CANCELLED),
        ]
        weights = [35, 30, 5, 12, 15, 3]
        made = 0
        while made < count:
            chunk = min(BATCH, count - made)
            new_orders, new_lines = [], []
            for _number in range(chunk):
                period = rng.choice(periods)
                placed = period.opens_at + timedelta(seconds=rng.randint(0, int((period.closes_at - period.opens_at).total_seconds()) - 1))
                method = rng.choice([DeliveryMethod.PICKUP, DeliveryMethod.PICKUP, DeliveryMethod.DELIVERY, DeliveryMethod.COURIER])
                lines = [
                    OrderLine(product=product, quantity=rng.choice([1, 1, 2, 2, 3, 5]), unit_price=product.price)
                    for product in rng.sample(products, rng.choice([1, 1, 2, 3]))
                ]
                total = sum(line.quantity * line.unit_price for line in lines)
                payment, fulfilment = rng.choices(statuses, weights)[0]
                paid = {PaymentStatus.PAID: total, PaymentStatus.DEPOSIT: total // 2, PaymentStatus.REFUNDED: total}.get(payment, 0)
                order = Order(
                    code=next_order_code(placed),
                    customer=rng.choice(people),
                    period=period,
                    channel=rng.choice(Channel.values),
                    delivery_method=method,
                    delivery_address="" if method == DeliveryMethod.PICKUP else f"Jl. Kenanga {rng.randint(1, 99)}",
                    delivery_date=period.delivery_date,
                    placed_at=placed,
                    payment_status=payment,
                    amount_paid=paid,
                    amount_refunded=paid if payment == PaymentStatus.REFUNDED else 0,
                    fulfilment_status=fulfilment,
                )
                new_orders.append(order)
                new_lines.append(lines)
            Order.objects.bulk_create(new_orders)  # primary keys come back on SQLite and PostgreSQL
            for order, lines in zip(new_orders, new_lines):
                for line in lines:
                    line.order = order
            OrderLine.objects.bulk_create([line for lines in new_lines for line in lines], batch_size=BATCH)
            made += chunk
        return made
