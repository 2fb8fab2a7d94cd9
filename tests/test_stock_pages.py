"""The shelf's pages: ready stock with its movements, the stock count, and the home page's low list."""
import pytest
from django.test import Client
from django.urls import reverse

from orders.roles import CUSTOMER_SERVICE, PRODUCTION
from stock.models import MovementKind, StockCount, StockItem, StockMovement
from stock.selectors import on_hand
from stock.services import receive
from tests.conftest import make_product, make_user

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner():
    return client_for(make_user("pemilik", superuser=True))


@pytest.fixture
def kastengel():
    product = make_product("Kue Kastengel", unit="toples")
    StockItem.objects.create(product=product, low_level=3)
    receive(product=product, quantity=10)
    return product


def shelf(product):
    return on_hand([product])[product.pk]


def test_the_owner_puts_a_product_on_ready_stock_and_records_a_purchase_typed_with_a_dot(owner):
    nastar = make_product()
    response = owner.post(reverse("stock:stock_list"), {"action": "item", "item-product": nastar.pk, "item-low_level": "5"}, follow=True)
    assert "Kue Nastar dijual dari stok siap." in response.text
    response = owner.post(
        reverse("stock:stock_list"),
        {"action": "move", "move-product": nastar.pk, "move-kind": "purchase", "move-quantity": "1.200", "move-reason": "dari pemasok"},
        follow=True,
    )
    assert "Pembelian Kue Nastar dicatat: +1200." in response.text
    assert shelf(nastar) == 1200


def test_wasting_more_than_the_shelf_is_refused_on_the_page_and_saves_nothing(owner, kastengel):
    response = owner.post(
        reverse("stock:stock_list"),
        {"action": "move", "move-product": kastengel.pk, "move-kind": "waste", "move-quantity": "11", "move-reason": "pecah"},
    )
    assert response.status_code == 200
    assert "Stok Kue Kastengel hanya 10 toples: stok tidak boleh kurang dari nol." in response.text
    assert shelf(kastengel) == 10


def test_customer_service_sees_the_stock_but_may_not_move_it(kastengel):
    cs = client_for(make_user("cs", role=CUSTOMER_SERVICE))
    assert "Kue Kastengel" in cs.get(reverse("stock:stock_list")).text
    response = cs.post(
        reverse("stock:stock_list"), {"action": "move", "move-product": kastengel.pk, "move-kind": "purchase", "move-quantity": "5"}
    )
    assert response.status_code == 403
    assert shelf(kastengel) == 10
    assert cs.get(reverse("stock:stock_count")).status_code == 403


def test_the_kitchen_counts_the_shelf_and_a_difference_becomes_a_correction():
    kitchen = client_for(make_user("dapur", role=PRODUCTION))
    kastengel = make_product("Kue Kastengel", unit="toples")
    nastar = make_product("Kue Nastar")
    for product in (kastengel, nastar):
        StockItem.objects.create(product=product)
        receive(product=product, quantity=10)
    url = reverse("stock:stock_count")
    page = kitchen.get(url).text
    assert "tercatat: 10 toples" in page

    refused = kitchen.post(url, {f"counted_{kastengel.pk}": "8", f"counted_{nastar.pk}": ""})
    assert "Isi rak berbeda dari catatan: tulis alasannya" in refused.text
    assert StockCount.objects.count() == 0

    typed = kitchen.post(url, {f"counted_{kastengel.pk}": "delapan", "reason": "x"})
    assert "Tulis bilangan bulat" in typed.text
    assert StockCount.objects.count() == 0

    saved = kitchen.post(url, {f"counted_{kastengel.pk}": "8", f"counted_{nastar.pk}": "", "reason": "2 toples pecah"}, follow=True)
    assert "Stok opname disimpan: 1 produk dikoreksi." in saved.text
    assert (shelf(kastengel), shelf(nastar)) == (8, 10)
    correction = StockMovement.objects.get(kind=MovementKind.CORRECTION)
    assert (correction.quantity, correction.reason, correction.by.username) == (-2, "2 toples pecah", "dapur")


def test_the_home_page_lists_ready_stock_running_low(owner, kastengel):
    assert "Stok menipis" not in owner.get(reverse("home")).text
    StockMovement.objects.create(product=kastengel, kind=MovementKind.SALE, quantity=-8)
    page = owner.get(reverse("home")).text
    assert "Stok menipis" in page and "Kue Kastengel" in page
    cs = client_for(make_user("cs", role=CUSTOMER_SERVICE))
    assert "Stok menipis" in cs.get(reverse("home")).text


def test_a_product_id_too_large_for_the_database_is_an_error_on_the_form_not_a_crash(owner):
    response = owner.post(reverse("stock:stock_list"), {"action": "item", "item-product": "99999999999999999999", "item-low_level": "1"})
    assert response.status_code == 200
    assert StockItem.objects.count() == 0
