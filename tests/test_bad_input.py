"""Bad input to every service: a clear Indonesian message and nothing saved."""
import pytest
from django.core.exceptions import ValidationError

from customers.models import Customer
from customers.services import find_or_create_customer
from orders.models import Order, OrderLine, StatusChange
from orders.services import (
    OrderRefused,
    cancel_order,
    correct_payment,
    place_order,
    record_payment,
    refund,
    set_fulfilment,
)
from tests.conftest import make_customer, make_period, make_product

pytestmark = pytest.mark.django_db

LONG = "x" * 10_000


def counts():
    return Order.objects.count(), OrderLine.objects.count(), Customer.objects.count(), StatusChange.objects.count()


@pytest.fixture
def shop():
    nastar = make_product()
    period = make_period(products=[(nastar, 50)])
    return nastar, period


@pytest.mark.parametrize(
    "quantity, message",
    [
        (0, "Jumlah setiap produk minimal 1."),
        (-3, "Jumlah setiap produk minimal 1."),
        ("0", "Jumlah setiap produk minimal 1."),
        (10_000, "Paling banyak 9.999 unit satu produk per pesanan."),
        (10**30, "Jumlah terlalu besar."),
        ("99999999999999999999", "Jumlah terlalu besar."),
        ("tiga", "Jumlah harus berupa bilangan bulat."),
        ("2.5e3x", "Jumlah harus berupa bilangan bulat."),
        (2.5, "Jumlah harus berupa bilangan bulat."),
        (None, "Jumlah harus berupa bilangan bulat."),
        (True, "Jumlah harus berupa bilangan bulat."),
    ],
)
def test_a_quantity_that_is_not_a_sensible_whole_number_is_refused_and_nothing_saved(shop, quantity, message):
    nastar, period = shop
    customer = Customer(name="Ibu Ani", whatsapp="0812-3456-7890")
    before = counts()
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=customer, lines={nastar: quantity})
    assert refused.value.message == message
    assert counts() == before


@pytest.mark.parametrize("product", [999_999, "abc", None])
def test_an_unknown_product_is_refused(shop, product):
    _nastar, period = shop
    before = counts()
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=Customer(name="Ibu Ani"), lines={product: 1})
    assert refused.value.message == "Produk tidak dikenal."
    assert counts() == before


def test_an_order_with_no_products_is_refused(shop):
    _nastar, period = shop
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=make_customer(), lines={})
    assert refused.value.message == "Pilih minimal satu produk."


def test_a_closed_period_saves_neither_the_order_nor_the_new_customer(shop):
    nastar, period = shop
    period.closed_manually = True
    period.save()
    before = counts()
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=Customer(name="Bapak Budi", whatsapp="0813-1234-5678"), lines={nastar: 1})
    assert refused.value.message == "PO ini sudah ditutup."
    assert counts() == before


@pytest.mark.parametrize("number", ["12345", "0812", "bukan nomor", "+1 202", "0812-3456-7890-1234-5678-9999-0000"])
def test_a_bad_whatsapp_number_refuses_the_order_and_saves_nothing(shop, number):
    nastar, period = shop
    before = counts()
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=Customer(name="Ibu Ani", whatsapp=number), lines={nastar: 1})
    assert "WhatsApp" in refused.value.message
    assert counts() == before


def test_a_ten_thousand_character_name_is_refused_with_a_clear_message(shop):
    nastar, period = shop
    before = counts()
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=Customer(name=LONG), lines={nastar: 1})
    assert "120" in refused.value.message
    assert counts() == before


@pytest.mark.parametrize(
    "field, message",
    [
        ("notes", "Catatan terlalu panjang (maksimal 1000 karakter)."),
        ("delivery_address", "Alamat terlalu panjang (maksimal 500 karakter)."),
    ],
)
def test_ten_thousand_character_notes_or_address_are_refused(shop, field, message):
    nastar, period = shop
    before = counts()
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=make_customer(), lines={nastar: 1}, delivery_method="delivery", **{"delivery_address": "Jl. Melati 3", field: LONG})
    assert refused.value.message == message
    assert counts()[:2] == before[:2]


def test_an_unknown_channel_or_delivery_method_is_refused(shop):
    nastar, period = shop
    customer = make_customer()
    with pytest.raises(OrderRefused, match="Saluran pesanan tidak dikenal."):
        place_order(period=period, customer=customer, lines={nastar: 1}, channel="tiktok")
    with pytest.raises(OrderRefused, match="Metode pengiriman tidak dikenal."):
        place_order(period=period, customer=customer, lines={nastar: 1}, delivery_method="drone")
    assert Order.objects.count() == 0


def test_an_overlong_idempotency_key_is_refused_not_crashed(shop):
    nastar, period = shop
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=make_customer(), lines={nastar: 1}, idempotency_key="k" * 500)
    assert refused.value.message == "Formulir ini sudah kedaluwarsa. Silakan buka lagi."
    assert Order.objects.count() == 0


@pytest.mark.parametrize("name", ["", "   ", LONG])
def test_find_or_create_customer_refuses_an_empty_or_huge_name(name):
    with pytest.raises(ValidationError) as error:
        find_or_create_customer(name=name, whatsapp="0812-3456-7890")
    assert "name" in error.value.message_dict
    assert Customer.objects.count() == 0


def test_find_or_create_customer_refuses_a_huge_address():
    with pytest.raises(ValidationError) as error:
        find_or_create_customer(name="Ibu Ani", address=LONG)
    assert "address" in error.value.message_dict
    assert Customer.objects.count() == 0


@pytest.fixture
def order(shop):
    nastar, period = shop
    return place_order(period=period, customer=make_customer(), lines={nastar: 3})


@pytest.mark.parametrize(
    "amount, message",
    [
        (0, "Jumlah harus lebih dari Rp0."),
        (-5_000, "Jumlah harus lebih dari Rp0."),
        (10**12, "Jumlah uang terlalu besar."),
        ("lima ribu", "Jumlah uang harus berupa bilangan bulat."),
        (75_001, "Jumlah itu melebihi tagihan: sisa bayar pesanan {code} tinggal Rp75.000."),
    ],
)
def test_a_bad_payment_amount_is_refused_and_nothing_changes(order, amount, message):
    before = counts()
    with pytest.raises(OrderRefused) as refused:
        record_payment(order, amount=amount)
    assert refused.value.message == message.format(code=order.code)
    order.refresh_from_db()
    assert (order.amount_paid, order.payment_status) == (0, "unpaid")
    assert counts() == before


@pytest.mark.parametrize("amount", [-1, 75_001, "abc"])
def test_a_bad_correction_is_refused(order, amount):
    with pytest.raises(OrderRefused):
        correct_payment(order, amount_paid=amount)
    order.refresh_from_db()
    assert order.amount_paid == 0
    assert StatusChange.objects.count() == 0


@pytest.mark.parametrize("amount", [0, -1, 75_001, "abc"])
def test_a_bad_refund_is_refused(order, amount):
    record_payment(order, amount=75_000)
    with pytest.raises(OrderRefused):
        refund(order, amount=amount, reason="Produk rusak")
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("paid", 0)


def test_an_unknown_delivery_status_or_a_cancel_without_reason_is_refused(order):
    with pytest.raises(OrderRefused, match="Status kirim tidak dikenal."):
        set_fulfilment(order, status="teleported")
    with pytest.raises(OrderRefused, match="Tulis alasan pembatalan."):
        cancel_order(order, reason="   ")
    order.refresh_from_db()
    assert order.fulfilment_status == "pending"
    assert StatusChange.objects.count() == 0
