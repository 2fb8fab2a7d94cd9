"""The demo bakery: the article's orders with their statuses, and safe to load twice."""
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from customers.models import Customer
from orders.models import Order, OrderLine, ShopSettings, StatusChange, WaitlistEntry
from production.models import Product

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_articles_orders_and_loading_it_again_adds_nothing(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    counts = [model.objects.count() for model in (Order, OrderLine, Customer, StatusChange, Product, WaitlistEntry)]
    call_command("demo")
    assert [model.objects.count() for model in (Order, OrderLine, Customer, StatusChange, Product, WaitlistEntry)] == counts
    assert counts[0] >= 40
    assert "pemilik" in first and "prapesan-demo" in first

    rows = {}
    for order in Order.objects.with_totals().filter(period__slug="po-juni-2025", customer__name__in=["Ibu Ani", "Bapak Budi", "Mbak Sinta"]):
        line = order.lines.get()
        rows[order.customer.name] = (
            timezone.localdate(order.placed_at),
            f"{line.product.name} {line.quantity} {line.product.unit}",
            order.total,
            order.get_payment_status_display(),
            order.get_fulfilment_status_display(),
            order.delivery_date,
        )
    assert [rows[name][0].day for name in ("Ibu Ani", "Bapak Budi", "Mbak Sinta")] == [5, 5, 6]
    assert rows["Ibu Ani"][1:] == ("Kue Nastar 3 box", 75_000, "Lunas", "Belum Dikirim", date(2025, 6, 8))
    assert rows["Bapak Budi"][1:] == ("Brownies Kukus 2 loyang", 50_000, "Belum Bayar", "Belum Dikirim", date(2025, 6, 8))
    assert rows["Mbak Sinta"][1:] == ("Kue Lapis 1 loyang", 25_000, "Lunas", "Sudah Dikirim", date(2025, 6, 9))
    sinta = Order.objects.get(customer__name="Mbak Sinta", period__slug="po-juni-2025")
    assert [c.to_label for c in sinta.changes.all()] == ["Lunas", "Siap", "Sudah Dikirim"]
    assert Order.objects.filter(period__slug="po-lebaran").exists()
    # The public pages show a shop name, and the confirmation how to pay.
    shop = ShopSettings.load()
    assert shop.shop_name == "Toko Kue Demo" and "QRIS" in shop.payment_instructions
    # The owner finds people waiting for the next PO on the waitlist page.
    assert sorted(WaitlistEntry.objects.filter(period__slug="po-juni-2025").values_list("name", flat=True)) == ["Bu Sari", "Mbak Dewi"]


def test_the_demo_keeps_shop_details_the_owner_has_set():
    ShopSettings(shop_name="Dapur Ibu", payment_instructions="").save()
    call_command("demo")
    assert ShopSettings.load().shop_name == "Dapur Ibu" and ShopSettings.load().payment_instructions == ""
