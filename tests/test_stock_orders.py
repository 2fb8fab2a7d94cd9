"""Orders sold from ready stock: the same placing service takes the jars off the shelf in its transaction."""
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Channel, FulfilmentStatus, Order, OrderLine, PaymentStatus, PreorderPeriod, StatusChange
from orders.services import OrderRefused, cancel_order, place_order
from orders.services.counter import sell_at_counter
from orders.services.production_plan import waiting_lines
from orders.services.quota import period_usage
from orders.roles import CUSTOMER_SERVICE, FINANCE
from stock.models import MovementKind, StockItem, StockMovement
from stock.selectors import on_hand
from stock.services import receive
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


def stocked(name="Kue Kastengel", units=5, price=60_000):
    product = make_product(name, unit="toples", price=price)
    StockItem.objects.create(product=product)
    receive(product=product, quantity=units)
    return product


def shelf(product):
    return on_hand([product])[product.pk]


def test_an_order_from_stock_takes_the_jars_off_the_shelf_and_is_in_the_order_book():
    kastengel = stocked()
    tomorrow = timezone.localdate() + timedelta(days=1)
    order = place_order(period=None, customer=make_customer(), lines=None, stock_lines={kastengel: 2},
                        channel=Channel.INSTAGRAM, delivery_date=tomorrow)
    assert shelf(kastengel) == 3
    assert order.delivery_date == tomorrow and order.total == 120_000
    assert order.lines.get().from_stock
    sale = StockMovement.objects.get(kind=MovementKind.SALE)
    assert (sale.quantity, sale.channel, sale.reference) == (-2, "instagram", order.code)
    assert order.period.holds_ready_stock
    assert not PreorderPeriod.objects.filter(pk=order.period_id).exists()  # not among the shop's PO periods
    assert waiting_lines(after=timezone.localdate()) == []  # nothing for the kitchen to make


def test_an_order_larger_than_the_shelf_is_refused_and_saves_nothing():
    kastengel = stocked(units=1)
    with pytest.raises(OrderRefused) as refused:
        place_order(period=None, customer=make_customer(), lines=None, stock_lines={kastengel: 2})
    assert refused.value.message == "Stok Kue Kastengel tinggal 1 toples."
    assert Order.objects.count() == 0 and shelf(kastengel) == 1


def test_a_po_order_may_mix_in_ready_stock_which_the_po_cap_does_not_count():
    kastengel = stocked(units=5)
    nastar = make_product()
    period = make_period(products=[(nastar, 3), (kastengel, 1)])
    order = place_order(period=period, customer=make_customer(), lines={nastar: 3}, stock_lines={kastengel: 4})
    assert sorted((line.product.name, line.quantity, line.from_stock) for line in order.lines.all()) == [
        ("Kue Kastengel", 4, True), ("Kue Nastar", 3, False)
    ]
    usage = period_usage(period)
    assert (usage.products[nastar.pk].left, usage.products[kastengel.pk].left) == (0, 1)
    assert shelf(kastengel) == 1
    assert [line.product for line in waiting_lines(after=timezone.localdate())] == [nastar.pk]


def test_a_cancelled_order_puts_its_jars_back_on_the_shelf():
    kastengel = stocked(units=2)
    order = place_order(period=None, customer=make_customer(), lines=None, stock_lines={kastengel: 2})
    assert shelf(kastengel) == 0
    cancel_order(order, reason="tidak jadi")
    assert shelf(kastengel) == 2
    assert StockMovement.objects.filter(kind=MovementKind.RETURN, reference=order.code).exists()


def test_a_counter_sale_in_cash_is_paid_handed_over_and_gives_change():
    cashier = make_user("cs", role=CUSTOMER_SERVICE)
    kastengel = stocked(price=60_000)
    nastar = stocked("Kue Nastar", price=45_000)
    sale = sell_at_counter(lines={kastengel: 1, nastar: 2}, method="cash", cash="Rp 200.000", by=cashier)
    order = Order.objects.get(pk=sale.order.pk)
    assert (order.total, sale.change) == (150_000, 50_000)
    assert (order.channel, order.payment_status, order.fulfilment_status) == ("offline", PaymentStatus.PAID, FulfilmentStatus.PICKED_UP)
    assert order.amount_paid == 150_000 and order.placed_by == cashier
    payment = order.changes.get(kind=StatusChange.Kind.PAYMENT)
    assert (payment.by, payment.note) == (cashier, "Tunai: diterima Rp200.000, kembali Rp50.000")
    assert (shelf(kastengel), shelf(nastar)) == (4, 3)
    assert order.customer.name == "Pembeli di toko"


@pytest.mark.parametrize(
    ("method", "cash", "message"),
    [
        ("cash", "100.000", "Uang tunai kurang: total Rp120.000, pelanggan memberi Rp100.000."),
        ("cash", "", "Ketik uang tunai yang diberikan pelanggan."),
        ("cash", "seratus", "Uang tunai harus berupa bilangan bulat."),
        ("gopay", None, "Pilih cara bayar pelanggan: tunai, QRIS atau transfer."),
    ],
)
def test_a_counter_sale_that_cannot_be_paid_saves_nothing(method, cash, message):
    kastengel = stocked()
    with pytest.raises(OrderRefused) as refused:
        sell_at_counter(lines={kastengel: 2}, method=method, cash=cash)
    assert refused.value.message == message
    assert Order.objects.count() == 0 and shelf(kastengel) == 5


def test_a_qris_sale_has_no_change_and_finance_may_not_sell_at_the_counter():
    kastengel = stocked()
    sale = sell_at_counter(lines={kastengel: 1}, method="qris", cash="999")
    assert sale.change is None and sale.order.changes.get(kind="payment").note == "QRIS"
    with pytest.raises(OrderRefused):
        sell_at_counter(lines={kastengel: 1}, method="qris", by=make_user("uang", role=FINANCE))
    assert shelf(kastengel) == 4


def test_the_public_page_sells_ready_stock_beside_the_po(client):
    from django.urls import reverse

    kastengel = stocked(units=3)
    nastar = make_product()
    period = make_period(products=[nastar])
    url = reverse("public_period", args=[period.slug])
    page = client.get(url).text
    assert "Stok siap jual" in page and "sisa 3 toples" in page
    key = page.split('name="key" value="')[1].split('"')[0]
    form = {"key": key, "name": "Ibu Rina", "whatsapp": "0812-1111-2222", "delivery_method": "pickup"}
    response = client.post(url, {**form, f"stock_{kastengel.pk}": "2"}, follow=True)
    order = Order.objects.get()
    assert order.code in response.text
    assert order.delivery_date == timezone.localdate() and order.channel == "form"
    assert shelf(kastengel) == 1
    refused = client.post(url, {**form, "key": "x" * 20, f"stock_{kastengel.pk}": "2"})
    assert refused.status_code == 409 and "Stok Kue Kastengel tinggal 1 toples." in refused.text
    mixed = client.post(url, {**form, "key": "y" * 20, f"qty_{nastar.pk}": "1", f"stock_{kastengel.pk}": "1"}, follow=True)
    assert mixed.status_code == 200
    order = Order.objects.exclude(pk=order.pk).get()
    assert order.period == period and sorted(order.lines.values_list("from_stock", flat=True)) == [False, True]


def test_the_order_page_says_which_line_came_from_ready_stock():
    from django.test import Client
    from django.urls import reverse

    kastengel = stocked()
    nastar = make_product()
    period = make_period(products=[nastar])
    order = place_order(period=period, customer=make_customer(), lines={nastar: 1}, stock_lines={kastengel: 1})
    client = Client()
    client.force_login(make_user("pemilik", superuser=True))
    page = client.get(reverse("orders:order_detail", args=[order.code])).text
    assert page.count("stok siap</span>") == 1


def test_quick_entry_sells_ready_stock_alone_or_beside_the_po():
    from django.test import Client
    from django.urls import reverse

    kastengel = stocked(units=3)
    nastar = make_product()
    period = make_period(products=[nastar])
    client = Client()
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    url = reverse("orders:order_create")
    page = client.get(url).text
    assert "3 toples di stok" in page
    base = {"period": period.slug, "new_name": "Ibu Sari", "channel": "whatsapp", "delivery_method": "pickup", "action": "place"}
    client.post(url, {**base, "idempotency_key": "k1", f"stock_{kastengel.pk}": "2"})
    alone = Order.objects.get()
    assert alone.period.holds_ready_stock and alone.delivery_date == timezone.localdate()
    refused = client.post(url, {**base, "idempotency_key": "k2", f"stock_{kastengel.pk}": "2"})
    assert "Stok Kue Kastengel tinggal 1 toples." in refused.text
    client.post(url, {**base, "idempotency_key": "k3", f"qty_{nastar.pk}": "1", f"stock_{kastengel.pk}": "1"})
    mixed = Order.objects.exclude(pk=alone.pk).get()
    assert mixed.period == period and shelf(kastengel) == 0


def test_a_ready_stock_order_s_pages_open_without_error():
    from django.test import Client
    from django.urls import reverse

    kastengel = stocked()
    order = place_order(period=None, customer=make_customer(), lines=None, stock_lines={kastengel: 1})
    client = Client()
    client.force_login(make_user("pemilik", superuser=True))
    for name in ("orders:order_detail", "orders:order_reschedule"):
        assert client.get(reverse(name, args=[order.code])).status_code == 200, name
    assert client.get(reverse("orders:order_list")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
