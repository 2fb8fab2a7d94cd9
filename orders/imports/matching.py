"""Matching a sheet's orders to what the database already holds, in a few queries for the whole sheet.

One `Known` is built per plan: existing orders by Kode Pesanan and by import key, customers by
WhatsApp number and by name, products by name, periods by delivery date, and the signatures of
orders already in the book (customer, order date, products, total) that flag likely duplicates.
Saving adds what it creates, so a second row of the same new customer finds the first.
"""
from datetime import datetime, time, timedelta

from django.db.models.functions import Lower
from django.utils import timezone

from customers.models import Customer
from orders.imports.cells import normal_key
from orders.models import Order, PreorderPeriod
from production.models import Product

CHUNK = 500


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def import_period_slug(day):
    return f"impor-{day.year}-{day.month:02d}"


def customer_key(whatsapp, name):
    """Who a sheet row's customer is: the WhatsApp number when given, else the name as typed."""
    return whatsapp or "name:" + normal_key(name)


def signature(customer, placed_on, lines, total):
    """What makes two orders look like the same one: customer, order date, products × quantities, total."""
    return (customer, placed_on, tuple(sorted(lines)), total)


class Known:
    """What the database holds for one sheet's orders (read once, before planning)."""

    def __init__(self, orders):
        codes = {order.code for order in orders if order.code}
        keys = {order.stable_key() for order in orders if not order.code}
        self.by_code, self.by_key = {}, {}
        for chunk in _chunks(codes):
            self.by_code.update((order.code, order) for order in Order.objects.filter(code__in=chunk).prefetch_related("lines__product"))
        for chunk in _chunks(keys):
            self.by_key.update(
                (order.idempotency_key, order) for order in Order.objects.filter(idempotency_key__in=chunk).prefetch_related("lines__product")
            )
        self.customers = {}
        numbers = {order.whatsapp for order in orders if order.whatsapp}
        for chunk in _chunks(numbers):
            for customer in Customer.objects.filter(whatsapp__in=chunk):
                self.customers[customer_key(customer.whatsapp, "")] = customer
        names = {order.customer_name.lower() for order in orders if not order.whatsapp}
        for chunk in _chunks(names):
            for customer in Customer.objects.annotate(lower=Lower("name")).filter(lower__in=chunk).order_by("-pk"):
                self.customers[customer_key("", customer.name)] = customer  # the oldest one wins
        self.products = {normal_key(product.name): product for product in Product.objects.order_by("-pk")}
        days = {order.delivery_date for order in orders}
        self.periods = {}
        for chunk in _chunks(days):
            for period in PreorderPeriod.objects.filter(delivery_date__in=chunk).order_by("-pk"):
                self.periods[period.delivery_date] = period
        slugs = {import_period_slug(day) for day in days}
        self.import_periods = {period.slug: period for period in PreorderPeriod.objects.filter(slug__in=slugs)}
        self._signatures = self._book_signatures(orders)
        self._created = []

    def created(self, **found):
        """Remember records the current batch saved (customers=, products=, import_periods=)."""
        for name, records in found.items():
            getattr(self, name).update(records)
            self._created.append((name, list(records)))

    def batch_saved(self):
        """The batch committed: what it created stays."""
        self._created = []

    def batch_rolled_back(self):
        """The batch was rolled back: what it created is gone."""
        for name, keys in self._created:
            for key in keys:
                getattr(self, name).pop(key, None)
        self._created = []

    def existing_order(self, order):
        return self.by_code.get(order.code) if order.code else self.by_key.get(order.stable_key())

    def customer(self, order):
        return self.customers.get(customer_key(order.whatsapp, order.customer_name))

    def product(self, name):
        return self.products.get(normal_key(name))

    def period(self, day):
        """An existing period delivering that day, or that month's import period."""
        return self.periods.get(day) or self.import_periods.get(import_period_slug(day))

    def likely_duplicate(self, order):
        """The code of a book order that looks like this new sheet order, or None."""
        customer = self.customer(order)
        if customer is None:
            return None
        lines = [(normal_key(line.product_name), line.quantity) for line in order.lines]
        return self._signatures.get(signature(customer.pk, order.placed_on, lines, order.total))

    def _book_signatures(self, orders):
        if not orders:
            return {}
        first = min(order.placed_on for order in orders)
        last = max(order.placed_on for order in orders)
        start = timezone.make_aware(datetime.combine(first, time.min))
        end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
        found = {}
        book = Order.objects.filter(placed_at__gte=start, placed_at__lt=end).prefetch_related("lines__product").order_by("pk")
        for order in book.iterator(chunk_size=1000):
            lines = [(normal_key(line.product.name), line.quantity) for line in order.lines.all()]
            total = sum(line.quantity * line.unit_price for line in order.lines.all())
            placed_on = timezone.localtime(order.placed_at).date()
            found.setdefault(signature(order.customer_id, placed_on, lines, total), order.code)
        return found
