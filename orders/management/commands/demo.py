"""Load a believable home bakery: the article's products and orders, a June 2025 PO and a live one.

Safe to run again: products, periods and users are looked up by name, orders by a demo
idempotency key, and statuses are only set on orders created by this run.
"""
import io
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from customers.models import Customer
from orders.models import Channel, DeliveryMethod, Order, PaymentMethod, PeriodProduct, PreorderPeriod, ShopSettings, WaitlistEntry
from orders.roles import COURIER, CUSTOMER_SERVICE, FINANCE, OWNER, PRODUCTION, ensure_roles
from orders.services import OrderRefused, cancel_order, mark_paid, place_order, record_payment, refund, set_fulfilment
from production.models import CalendarOverride, Product, WorkCalendar
from orders.services.supplier_link import default_unit_cap, linked_delivery_date
from production.photos import thumbnail
from suppliers import services as supplier_services
from suppliers.models import Supplier

PASSWORD = "prapesan-demo"
USERS = [("pemilik", OWNER), ("cs", CUSTOMER_SERVICE), ("keuangan", FINANCE), ("produksi", PRODUCTION), ("kurir", COURIER)]

# name, unit, price, units per batch, minutes per batch
PRODUCTS = [  # name, unit, price, units per batch, minutes per batch, keeps for (days)
    ("Kue Nastar", "box", 25_000, 10, 120, 14),
    ("Brownies Kukus", "loyang", 25_000, 4, 90, 2),
    ("Kue Lapis", "loyang", 25_000, 4, 180, 5),
    ("Kastengel", "toples", 55_000, 6, 90, 14),
    ("Putri Salju", "toples", 50_000, 6, 75, 14),
]

# Dough and topping colours of the drawn demo photos (real shops upload their own).
PHOTO_COLOURS = {
    "Kue Nastar": ((236, 184, 92), (196, 112, 32)),
    "Brownies Kukus": ((92, 56, 40), (60, 34, 24)),
    "Kue Lapis": ((230, 120, 150), (250, 240, 230)),
    "Kastengel": ((240, 206, 120), (250, 232, 170)),
    "Putri Salju": ((250, 248, 240), (225, 215, 195)),
}

FIRST_NAMES = [
    "Ibu Rina", "Ibu Wati", "Ibu Yuni", "Ibu Endang", "Ibu Ratna", "Bapak Agus", "Bapak Hendra", "Bapak Joko",
    "Mbak Dewi", "Mbak Putri", "Mbak Lestari", "Mbak Ayu", "Mas Andi", "Mas Rizky", "Mas Fajar", "Kak Nadia",
    "Kak Salsa", "Kak Bayu", "Tante Lina", "Om Heru", "Bu Sri", "Bu Ningsih", "Pak Slamet", "Dik Intan",
]
STREETS = ["Jl. Melati", "Jl. Kenanga", "Jl. Mawar", "Jl. Flamboyan", "Jl. Cempaka", "Perum Griya Asri Blok C"]
CHANNELS = [Channel.WHATSAPP] * 5 + [Channel.INSTAGRAM] * 2 + [Channel.OFFLINE, Channel.MARKETPLACE, Channel.ONLINE_FORM]


def drawn_photo(dough, topping):
    """A tray of cakes drawn by Pillow, as large as a phone's photo, to go through the upload path."""
    image = Image.new("RGB", (1600, 1200), (244, 236, 222))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 60, 1540, 1140), radius=60, fill=(196, 200, 206))
    for row in range(3):
        for col in range(4):
            x, y = 150 + col * 340, 140 + row * 330
            draw.ellipse((x, y, x + 280, y + 260), fill=dough, outline=topping, width=14)
            draw.ellipse((x + 95, y + 85, x + 185, y + 175), fill=topping)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def jakarta(day, hour=9, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class Command(BaseCommand):
    help = "Load the demo bakery (products, two PO periods, orders, one user per role). Safe to run again."

    def handle(self, *args, **options):
        self.created = 0
        with transaction.atomic():
            ensure_roles()
            self.users = {username: self.user(username, role) for username, role in USERS}
            self.products = {row[0]: self.product(*row) for row in PRODUCTS}
            self.calendar()
            self.shop()
        # Orders go through the order service, each in its own transaction, as in the shop.
        self.june_2025()
        self.current_po()
        self.waitlist()
        self.supplier_tumblers()
        self.stdout.write(self.style.SUCCESS(f"Demo bakery ready: {self.created} new orders, {Order.objects.count()} in all."))
        self.stdout.write("Demo logins (password '%s'):" % PASSWORD)
        for username, role in USERS:
            self.stdout.write(f"  {username:<10} {role}")

    # --- shop set-up ----------------------------------------------------------------------

    def user(self, username, role):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
            user.is_staff = role == OWNER
            user.is_superuser = role == OWNER
            user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    def product(self, name, unit, price, units_per_batch, minutes_per_batch, shelf_life_days):
        product, _created = Product.objects.get_or_create(
            name=name,
            defaults={
                "unit": unit, "price": price, "units_per_batch": units_per_batch,
                "minutes_per_batch": minutes_per_batch, "shelf_life_days": shelf_life_days,
            },
        )
        if not product.photo and name in PHOTO_COLOURS:
            product.photo = thumbnail(drawn_photo(*PHOTO_COLOURS[name]))
            product.save(update_fields=["photo", "photo_width", "photo_height"])
        return product

    def calendar(self):
        calendar = WorkCalendar.load()
        if calendar.weekly_days_off == "6" and calendar.default_hours == 6:
            calendar.default_workers = 2  # the owner and one helper, Sunday off
            calendar.save()
        # The two days before the June delivery: everyone in the kitchen, longer days.
        for day in (date(2025, 6, 6), date(2025, 6, 7)):
            CalendarOverride.objects.get_or_create(day=day, defaults={"hours": 10, "workers": 4, "note": "Lembur PO Juni"})

    def period(self, slug, *, name, opens_at, closes_at, delivery_date, caps, offers):
        period, created = PreorderPeriod.objects.get_or_create(
            slug=slug, defaults={"name": name, "opens_at": opens_at, "closes_at": closes_at, "delivery_date": delivery_date, **caps}
        )
        if created:
            for product_name, unit_cap in offers:
                PeriodProduct.objects.create(period=period, product=self.products[product_name], unit_cap=unit_cap)
        return period

    def customer(self, name, whatsapp, address=""):
        """An unsaved customer; the order service finds the saved one with this number, or saves it."""
        return Customer(name=name, whatsapp=whatsapp, address=address)

    # --- orders ---------------------------------------------------------------------------

    def order(self, key, *, period, customer, lines, now, **details):
        """Place one demo order; return it and whether this run created it (None if refused)."""
        existed = Order.objects.filter(idempotency_key=key).first()
        if existed is not None:
            return existed, False
        try:
            order = place_order(
                period=period,
                customer=customer,
                lines={self.products[name]: quantity for name, quantity in lines.items()},
                now=now,
                by=self.users["cs"],
                idempotency_key=key,
                **details,
            )
        except OrderRefused:
            return None, False
        self.created += 1
        return order, True

    def backdate_log(self, order):
        """Status changes happened in the days after the order, not today."""
        for number, change in enumerate(order.changes.all(), start=1):
            at = min(order.placed_at + timedelta(hours=6 * number), timezone.now())
            type(change).objects.filter(pk=change.pk).update(at=at)  # the log refuses save() of a written line

    def june_2025(self):
        period = self.period(
            "po-juni-2025",
            name="PO 1–5 Juni 2025",
            opens_at=jakarta(date(2025, 6, 1), 0),
            closes_at=jakarta(date(2025, 6, 5), 23, 59),
            delivery_date=date(2025, 6, 8),
            caps={"max_orders": 60, "max_orders_per_day": 15, "capacity_capped": True},
            offers=[("Kue Nastar", 60), ("Brownies Kukus", 30), ("Kue Lapis", 20), ("Kastengel", 25), ("Putri Salju", 25)],
        )
        # The article's three orders.
        ani, new = self.order(
            "demo-juni-ani", period=period, customer=self.customer("Ibu Ani", "0812-3456-7890", "Jl. Melati 12"),
            lines={"Kue Nastar": 3}, now=jakarta(date(2025, 6, 5), 9, 15), channel=Channel.WHATSAPP,
        )
        if new:
            mark_paid(ani, by=self.users["keuangan"], note="Transfer", method=PaymentMethod.TRANSFER)
            self.backdate_log(ani)
        self.order(
            "demo-juni-budi", period=period, customer=self.customer("Bapak Budi", "0813-2222-3333"),
            lines={"Brownies Kukus": 2}, now=jakarta(date(2025, 6, 5), 14, 40), channel=Channel.WHATSAPP,
        )
        # Mbak Sinta wrote on 6 June, after the close; the owner took her order late and
        # delivers it a day later, on 9 June.
        sinta, new = self.order(
            "demo-juni-sinta", period=period, customer=self.customer("Mbak Sinta", "0857-1234-5678", "Jl. Kenanga 4"),
            lines={"Kue Lapis": 1}, now=jakarta(date(2025, 6, 5), 23, 0), channel=Channel.INSTAGRAM,
            delivery_method=DeliveryMethod.DELIVERY, delivery_address="Jl. Kenanga 4",
        )
        if new:
            Order.objects.filter(pk=sinta.pk).update(placed_at=jakarta(date(2025, 6, 6), 10, 5), delivery_date=date(2025, 6, 9))
            sinta.refresh_from_db()
            mark_paid(sinta, by=self.users["keuangan"], note="Transfer", method=PaymentMethod.TRANSFER)
            set_fulfilment(sinta, status="ready", by=self.users["produksi"])
            set_fulfilment(sinta, status="sent", by=self.users["produksi"], note="Diantar kurir toko")
            self.backdate_log(sinta)
        # A few dozen more, 1–5 June; most paid and delivered by now.
        for number in range(36):
            key = f"demo-juni-{number:03d}"
            self.random = random.Random(key)  # fixed per order, so a second run tries the same order
            moment = jakarta(date(2025, 6, 1 + number % 5), self.random.randint(7, 21), self.random.randint(0, 59))
            order, new = self.order(
                key, period=period, customer=self.random_customer(), lines=self.random_lines(), now=moment,
                **self.random_delivery(),
            )
            if new:
                self.past_statuses(order)

    def current_po(self):
        today = timezone.localdate()
        period = self.period(
            "po-lebaran",
            name="PO Lebaran",
            opens_at=jakarta(today - timedelta(days=3), 8),
            closes_at=jakarta(today + timedelta(days=4), 21),
            delivery_date=today + timedelta(days=9),
            caps={"max_orders": 80, "max_orders_per_day": 20, "capacity_capped": True},
            offers=[("Kue Nastar", 100), ("Brownies Kukus", 40), ("Kue Lapis", 30), ("Kastengel", 50), ("Putri Salju", 50)],
        )
        now = timezone.now()
        for number in range(24):
            key = f"demo-lebaran-{number:03d}"
            self.random = random.Random(key)
            moment = min(period.opens_at + timedelta(hours=2 + number * 3, minutes=self.random.randint(0, 50)), now)
            order, new = self.order(
                key, period=period, customer=self.random_customer(), lines=self.random_lines(), now=moment,
                **self.random_delivery(),
            )
            if new:
                roll = self.random.random()
                if roll < 0.35:
                    record_payment(order, amount=order.total // 2, by=self.users["keuangan"], note="DP 50%", method=PaymentMethod.TRANSFER)
                elif roll < 0.7:
                    mark_paid(order, by=self.users["keuangan"], note="Transfer", method=PaymentMethod.TRANSFER)

    def shop(self):
        """Shop details for the public pages and messages, unless the owner has set any."""
        shop = ShopSettings.load()
        if not (shop.shop_name or shop.whatsapp or shop.payment_instructions):
            shop.shop_name = "Toko Kue Demo"
            shop.whatsapp = "+6281100002026"
            shop.payment_instructions = "Transfer BCA 000-000-0000 a.n. Toko Kue Demo, atau bayar dengan QRIS di toko."
            shop.save()

    def waitlist(self):
        """Two customers who came after the June 2025 PO closed and asked to hear of the next one."""
        period = PreorderPeriod.objects.get(slug="po-juni-2025")
        for name, whatsapp in (("Bu Sari", "+6281377001122"), ("Mbak Dewi", "+6285733004455")):
            WaitlistEntry.objects.get_or_create(period=period, whatsapp=whatsapp, defaults={"name": name})

    def supplier_tumblers(self):
        """Custom tumblers from a factory: a sample revised once and approved, a mass order with its
        deposit paid, pre-sold in a linked PO period with a few customers waiting (once only)."""
        if Supplier.objects.filter(name="Pabrik Tumbler Demo").exists():
            return
        today = timezone.localdate()
        by = self.users["pemilik"]
        tumbler, _created = Product.objects.get_or_create(
            name="Tumbler Custom", defaults={"unit": "pcs", "price": 95_000, "units_per_batch": 1, "minutes_per_batch": 1}
        )
        supplier = Supplier.objects.create(
            name="Pabrik Tumbler Demo", whatsapp="+6281200003030", city="Surabaya", makes="Tumbler stainless, botol minum",
            moq=100, sample_lead_days=7, mass_lead_days=21, deposit_percent=50, notes="Sablon logo maksimal 2 warna.",
        )
        with transaction.atomic():
            sample = supplier_services.create_sample_order(
                supplier=supplier, item="Tumbler 500 ml logo toko", product=tumbler, spec="Stainless 304, tutup ulir",
                colour="Hitam doff", quantity=2, unit_cost=75_000, shipping_cost=20_000, ordered_on=today - timedelta(days=30),
                checks=["Tutup rapat, tidak bocor", "Logo tidak luntur", "Warna sesuai"], by=by,
            )
            checks = [check.pk for check in sample.checks.all()]
            for round_start, result in ((30, "revision"), (18, "passed")):
                for step, days in (("making", 1), ("shipped", 6), ("received", 8)):
                    sample = supplier_services.advance(sample, to=step, on=today - timedelta(days=round_start - days), by=by)
                sample = supplier_services.record_sample_qc(
                    sample, result=result, passed_checks=checks if result == "passed" else checks[:1],
                    note="" if result == "passed" else "Logo pudar setelah dicuci", changes="Sablon logo lebih tebal",
                    on=today - timedelta(days=round_start - 9), by=by,
                )
            mass = supplier_services.create_mass_order(
                supplier=supplier, from_sample=sample, quantity=110, expected_rejects=10, unit_cost=45_000,
                shipping_cost=350_000, ordered_on=today - timedelta(days=8), deposit_due=today - timedelta(days=7),
                balance_due=today + timedelta(days=14), by=by,
            )
            mass = supplier_services.advance(mass, to="making", on=today - timedelta(days=6), by=by)
            supplier_services.record_payment(mass, kind="deposit", amount=mass.deposit_amount, paid_on=today - timedelta(days=7),
                                             note="Transfer BCA", by=self.users["keuangan"])
            period = PreorderPeriod.objects.create(
                name="PO Tumbler Custom", slug="po-tumbler", opens_at=jakarta(today - timedelta(days=2), 19),
                closes_at=jakarta(today + timedelta(days=5), 21), delivery_date=linked_delivery_date(mass, 2),
                supplier_order=mass, supplier_buffer_days=2,
            )
            PeriodProduct.objects.create(period=period, product=tumbler, unit_cap=default_unit_cap(mass))
        self.products["Tumbler Custom"] = tumbler
        for number, name in enumerate(("Ibu Rina", "Mas Andi", "Kak Nadia")):
            key = f"demo-tumbler-{number:03d}"
            self.random = random.Random(key)
            self.order(key, period=period, customer=self.random_customer(), lines={"Tumbler Custom": number + 1},
                       now=period.opens_at + timedelta(hours=number + 1))

    # --- random but repeatable details ------------------------------------------------------

    def random_customer(self):
        """One of the regulars (the same name always has the same number), some of whom order again."""
        index = self.random.randrange(len(FIRST_NAMES))
        prefix = ["0812", "0813", "0857", "0878", "0821"][index % 5]
        return self.customer(FIRST_NAMES[index], f"{prefix}-{4000 + index * 37:04d}-{1000 + index * 113:04d}")

    def random_lines(self):
        names = self.random.sample([name for name, *_rest in PRODUCTS], self.random.choice([1, 1, 1, 2, 2, 3]))
        return {name: self.random.choice([1, 1, 2, 2, 3, 4]) for name in names}

    def random_delivery(self):
        method = self.random.choice([DeliveryMethod.PICKUP] * 3 + [DeliveryMethod.DELIVERY, DeliveryMethod.COURIER])
        address = "" if method == DeliveryMethod.PICKUP else f"{self.random.choice(STREETS)} {self.random.randint(1, 40)}"
        return {"channel": self.random.choice(CHANNELS), "delivery_method": method, "delivery_address": address}

    def past_statuses(self, order):
        finance, kitchen = self.users["keuangan"], self.users["produksi"]
        roll = self.random.random()
        if roll < 0.06:
            order = record_payment(order, amount=order.total // 2, by=finance, note="DP", method=PaymentMethod.QRIS)
            cancel_order(order, reason="Pelanggan membatalkan", by=self.users["cs"])
            refund(order, amount=order.amount_paid, reason="DP dikembalikan", by=finance)
        elif roll < 0.15:
            record_payment(order, amount=order.total // 2, by=finance, note="DP", method=PaymentMethod.QRIS)
        else:
            mark_paid(order, by=finance, note="Transfer", method=PaymentMethod.TRANSFER)
            done = "picked_up" if order.delivery_method == DeliveryMethod.PICKUP else "sent"
            set_fulfilment(order, status="ready", by=kitchen)
            set_fulfilment(order, status=done, by=kitchen)
        self.backdate_log(order)
