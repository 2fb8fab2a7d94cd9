"""Ready stock: movements in and out, the shelf never below zero, counts, Hari ini's units on the shelf."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stock.models import MovementKind, StockItem, StockMovement
from stock.selectors import low_stock, on_hand, stock_items
from stock.services import StockRefused, add_made, count_shelf, put_back, receive, record_movement, take
from tests.conftest import make_product, make_user

pytestmark = pytest.mark.django_db


def stocked(name="Kue Kastengel", units=0, low_level=0, **fields):
    product = make_product(name, unit="toples", **fields)
    StockItem.objects.create(product=product, low_level=low_level)
    if units:
        receive(product=product, quantity=units)
    return product


def shelf(product):
    return on_hand([product])[product.pk]


def test_bought_goods_go_on_the_shelf_and_a_sale_takes_them_off():
    kastengel = stocked()
    receive(product=kastengel, quantity="12", reason="dari pemasok")
    take(lines={kastengel: 5}, channel="offline", reference="PO-2612-0001")
    assert shelf(kastengel) == 7
    sale = StockMovement.objects.get(kind=MovementKind.SALE)
    assert (sale.quantity, sale.channel, sale.reference) == (-5, "offline", "PO-2612-0001")


def test_a_sale_larger_than_the_shelf_is_refused_and_saves_nothing():
    kastengel = stocked(units=3)
    nastar = stocked("Kue Nastar", units=10)
    with pytest.raises(StockRefused) as refused:
        take(lines={nastar: 2, kastengel: 4})
    assert refused.value.message == "Stok Kue Kastengel tinggal 3 toples."
    assert StockMovement.objects.filter(kind=MovementKind.SALE).count() == 0
    assert (shelf(kastengel), shelf(nastar)) == (3, 10)


def test_the_last_jar_gone_says_out_of_stock():
    kastengel = stocked(units=1)
    take(lines={kastengel: 1})
    with pytest.raises(StockRefused) as refused:
        take(lines={kastengel: 1})
    assert refused.value.message == "Stok Kue Kastengel habis."


@pytest.mark.parametrize(
    ("kind", "quantity", "reason", "message"),
    [
        (MovementKind.WASTE, 5, "pecah", "Stok Kue Kastengel hanya 2 toples: stok tidak boleh kurang dari nol."),
        (MovementKind.CORRECTION, -3, "salah hitung", "Stok Kue Kastengel hanya 2 toples: stok tidak boleh kurang dari nol."),
        (MovementKind.PURCHASE, -4, "", "Jumlahnya minimal 1."),
        (MovementKind.PURCHASE, "dua belas", "", "Tulis jumlah unit, misalnya 12."),
        (MovementKind.PURCHASE, "1,5", "", "Tulis jumlah unit, misalnya 12."),
        (MovementKind.WASTE, 1, "  ", "Tulis alasannya (misalnya toples pecah, kedaluwarsa, salah hitung)."),
        (MovementKind.CORRECTION, 0, "x", "Koreksi 0 tidak mengubah apa pun."),
        ("gift", 1, "", "Jenis pergerakan stok tidak dikenal."),
    ],
)
def test_bad_movements_are_refused_in_indonesian_and_save_nothing(kind, quantity, reason, message):
    kastengel = stocked(units=2)
    with pytest.raises(StockRefused) as refused:
        record_movement(product=kastengel, kind=kind, quantity=quantity, reason=reason)
    assert refused.value.message == message
    assert shelf(kastengel) == 2 and StockMovement.objects.count() == 1


def test_an_inactive_product_takes_no_movement():
    kastengel = stocked(units=2)
    kastengel.is_active = False
    kastengel.save()
    with pytest.raises(StockRefused) as refused:
        receive(product=kastengel, quantity=3)
    assert "tidak aktif" in refused.value.message
    assert shelf(kastengel) == 2


def test_a_product_not_sold_from_stock_cannot_be_moved():
    nastar = make_product()
    with pytest.raises(StockRefused) as refused:
        take(lines={nastar: 1})
    assert refused.value.message == "Kue Nastar tidak dijual dari stok siap."


def test_a_return_puts_units_back():
    kastengel = stocked(units=2)
    take(lines={kastengel: 2})
    put_back(lines={kastengel: 1}, reference="PO-2612-0003", reason="batal")
    assert shelf(kastengel) == 1


def test_a_count_books_each_difference_as_a_correction_with_its_reason():
    owner = make_user("pemilik", superuser=True)
    kastengel = stocked(units=10)
    nastar = stocked("Kue Nastar", units=4)
    count = count_shelf(counted={kastengel: "8", nastar: 4}, reason="2 toples pecah", by=owner)
    assert (shelf(kastengel), shelf(nastar)) == (8, 4)
    correction = StockMovement.objects.get(kind=MovementKind.CORRECTION)
    assert (correction.product, correction.quantity, correction.reason, correction.count, correction.by) == (
        kastengel, -2, "2 toples pecah", count, owner
    )
    assert sorted((line.product.name, line.expected, line.counted, line.difference) for line in count.lines.all()) == [
        ("Kue Kastengel", 10, 8, -2),
        ("Kue Nastar", 4, 4, 0),
    ]


def test_a_count_with_a_difference_needs_a_reason_and_negative_counts_are_refused():
    kastengel = stocked(units=10)
    with pytest.raises(StockRefused) as refused:
        count_shelf(counted={kastengel: 8})
    assert "tulis alasannya" in refused.value.message
    with pytest.raises(StockRefused):
        count_shelf(counted={kastengel: -1}, reason="x")
    with pytest.raises(StockRefused):
        count_shelf(counted={kastengel: "sepuluh"}, reason="x")
    assert shelf(kastengel) == 10 and StockMovement.objects.count() == 1


def test_units_made_on_hari_ini_go_on_the_shelf_of_a_ready_stock_product_only():
    from orders.services.kitchen import record_done

    kastengel = stocked()
    nastar = make_product()
    record_done(day=date.today(), product=kastengel, quantity=6)
    record_done(day=date.today(), product=nastar, quantity=6)
    assert shelf(kastengel) == 6
    assert StockMovement.objects.get().kind == MovementKind.PRODUCED
    assert add_made(product=nastar, quantity=1) is None


def test_low_stock_lists_products_at_or_below_their_level():
    stocked("Kue Kastengel", units=2, low_level=3)
    stocked("Kue Nastar", units=10, low_level=3)
    stocked("Putri Salju", units=0, low_level=0)
    lidah = stocked("Lidah Kucing", units=1, low_level=5)
    lidah.is_active = False
    lidah.save()
    assert [item.product.name for item in low_stock()] == ["Kue Kastengel"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["buy", "sell", "waste", "fix", "return", "count"]), st.integers(-5, 8)), max_size=25
    )
)
def test_the_shelf_always_equals_the_sum_of_its_movements_and_never_goes_below_zero(steps):
    from production.models import Product
    from stock.models import StockCount

    StockMovement.objects.all().delete()
    StockCount.objects.all().delete()
    StockItem.objects.all().delete()
    Product.objects.filter(name="Rengginang").delete()
    product = stocked("Rengginang")
    expected = 0
    for step, n in steps:
        try:
            if step == "buy":
                receive(product=product, quantity=n)
            elif step == "sell":
                take(lines={product: n})
            elif step == "waste":
                record_movement(product=product, kind=MovementKind.WASTE, quantity=n, reason="rusak")
            elif step == "fix":
                record_movement(product=product, kind=MovementKind.CORRECTION, quantity=n, reason="salah hitung")
            elif step == "return":
                put_back(lines={product: n})
            else:
                count_shelf(counted={product: n}, reason="opname")
        except StockRefused:
            continue
        expected = {
            "buy": expected + n, "sell": expected - n, "waste": expected - n, "fix": expected + n,
            "return": expected + n, "count": n,
        }[step]
        assert expected >= 0
    assert shelf(product) == expected == sum(StockMovement.objects.values_list("quantity", flat=True))
    assert [item.units for item in stock_items()] == [expected]
