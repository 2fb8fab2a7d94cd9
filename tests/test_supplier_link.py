"""A PO period pre-selling a supplier's mass order: its date follows the goods, its cap defaults to
the units expected, and a supplier's delay moves it and lists the customers to warn."""
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import PeriodProduct, StatusChange
from orders.roles import OWNER
from orders.services import place_order
from suppliers import services
from tests.conftest import make_customer, make_period, make_product, make_user
from tests.supplier_helpers import approved_sample, make_mass, make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def tumblers():
    tumbler = make_product("Tumbler Custom", unit="pcs", price=95_000)
    supplier = make_supplier(mass_lead_days=21)
    today = timezone.localdate()
    sample = approved_sample(supplier, product=tumbler, ordered_on=today)
    mass = make_mass(supplier, sample, quantity=110, expected_rejects=10, ordered_on=today)
    return tumbler, mass


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def _period_form(tumbler, mass, **extra):
    now = timezone.localtime()
    return {
        "name": "PO Tumbler", "slug": "po-tumbler", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "delivery_date": "", "mode": "fixed", "lead_days": "1",
        "supplier_order": mass.pk, "supplier_buffer_days": "3", f"offer_{tumbler.pk}": "on", **extra,
    }


def test_a_linked_period_delivers_after_the_goods_arrive_and_offers_the_units_expected(owner, tumblers):
    tumbler, mass = tumblers
    response = owner.post(reverse("orders:period_create"), _period_form(tumbler, mass))
    assert response.status_code == 302, response.content.decode()[:3000]
    offer = PeriodProduct.objects.get(product=tumbler)
    assert offer.period.delivery_date == mass.expected_arrival + timedelta(days=3)
    assert offer.unit_cap == 100  # 110 made, 10 rejects expected


def test_the_supplier_order_page_offers_to_pre_sell_then_links_the_period(owner, tumblers):
    tumbler, mass = tumblers
    page = owner.get(reverse("suppliers:order_detail", args=[mass.pk])).content.decode()
    assert f"/pesanan/periode/baru/?supplier_order={mass.pk}" in page
    owner.post(reverse("orders:period_create"), _period_form(tumbler, mass))
    page = owner.get(reverse("suppliers:order_detail", args=[mass.pk])).content.decode()
    assert "PO terhubung: PO Tumbler" in page


def test_moving_the_suppliers_date_moves_the_period_and_its_waiting_orders_and_lists_whom_to_warn(owner, tumblers):
    tumbler, mass = tumblers
    period = make_period("PO Tumbler", slug="po-tumbler", products=[(tumbler, 100)], delivery_in_days=40)
    period.supplier_order = mass
    period.supplier_buffer_days = 3
    period.save()
    ani = place_order(period=period, customer=make_customer("Ibu Ani", "0812-1111-2222"), lines={tumbler: 2})
    budi = place_order(period=period, customer=make_customer("Pak Budi", "0813-3333-4444"), lines={tumbler: 1})
    late = mass.expected_arrival + timedelta(days=7)

    response = owner.post(reverse("suppliers:order_move", args=[mass.pk]), {"new_date": late.isoformat(), "reason": "Mesin rusak"})

    assert response.status_code == 302
    assert response["Location"] == reverse("orders:period_supplier", args=["po-tumbler"])
    period.refresh_from_db()
    assert period.delivery_date == late + timedelta(days=3)
    for order in (ani, budi):
        order.refresh_from_db()
        assert order.delivery_date == late + timedelta(days=3)
        assert StatusChange.objects.filter(order=order, kind=StatusChange.Kind.SCHEDULE, note__startswith="Pemasok menggeser kedatangan barang").exists()
    page = unquote(owner.get(response["Location"]).content.decode())
    assert "Ibu Ani" in page and "Pak Budi" in page
    assert page.count("https://wa.me/") == 2
    assert ani.code in page and "Kirim kabar keterlambatan" in page


def test_a_supplier_date_move_without_linked_periods_stays_on_the_supplier_order(owner, tumblers):
    _tumbler, mass = tumblers
    response = owner.post(reverse("suppliers:order_move", args=[mass.pk]),
                          {"new_date": (mass.expected_arrival + timedelta(days=7)).isoformat()})
    assert response["Location"] == reverse("suppliers:order_detail", args=[mass.pk])


def test_production_starting_late_moves_the_linked_period_too(tumblers):
    tumbler, mass = tumblers
    period = make_period("PO Tumbler", slug="po-tumbler", products=[(tumbler, 100)], delivery_in_days=40)
    period.supplier_order = mass
    period.save()
    services.advance(mass, to="making", on=mass.ordered_on + timedelta(days=4))
    period.refresh_from_db()
    assert period.delivery_date == mass.ordered_on + timedelta(days=4 + 21 + period.supplier_buffer_days)
