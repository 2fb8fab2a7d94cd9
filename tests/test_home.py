from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import Order
from orders.roles import OWNER, PRODUCTION
from orders.services import mark_paid, place_order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


def test_home_shows_open_periods_with_orders_and_units_left(client):
    client.force_login(make_user("pemilik", role=OWNER))
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 20)], max_orders=10)
    make_period("PO Natal", products=[nastar], opens_in_days=2, closes_in_days=5, delivery_in_days=7)
    place_order(period=period, customer=make_customer(), lines={nastar: 5})
    page = client.get(reverse("home")).content.decode()
    assert "Periode PO yang buka" in page and "PO Lebaran" in page
    assert "1 pesanan" in page and "sisa 9" in page and "Kue Nastar: <span" in page and "sisa 15 box" in page
    assert "Segera dibuka" in page and "PO Natal" in page


def test_home_counts_unpaid_orders_and_what_goes_out_today_and_tomorrow(client):
    client.force_login(make_user("pemilik", role=OWNER))
    nastar = make_product()
    period = make_period(products=[nastar])
    paid = place_order(period=period, customer=make_customer(), lines={nastar: 1})
    mark_paid(paid)
    place_order(period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={nastar: 1})
    today = timezone.localdate()
    Order.objects.filter(pk=paid.pk).update(delivery_date=today)
    Order.objects.exclude(pk=paid.pk).update(delivery_date=today + timedelta(days=1))
    response = client.get(reverse("home"))
    assert (response.context["unpaid_count"], response.context["today_count"], response.context["tomorrow_count"]) == (1, 1, 1)
    assert "pesanan belum lunas" in response.content.decode()


def test_home_without_open_periods_says_so_and_hides_links_a_helper_cannot_use(client):
    client.force_login(make_user("dapur", role=PRODUCTION))
    page = client.get(reverse("home")).content.decode()
    assert "Belum ada periode PO yang buka saat ini." in page
    assert reverse("orders:period_create") not in page
    assert reverse("production:product_list") in page


def test_nav_links_follow_the_role(client):
    client.force_login(make_user("tamu"))
    page = client.get(reverse("home")).content.decode()
    assert reverse("orders:period_list") not in page and reverse("customers:customer_list") not in page


def test_home_counters_open_the_unpaid_list_and_the_table_for_today_and_tomorrow(client):
    client.force_login(make_user("pemilik", role=OWNER))
    page = client.get(reverse("home")).content.decode()
    today = timezone.localdate()
    assert f'href="{reverse("orders:unpaid")}"' in page
    assert f'href="{reverse("orders:order_list")}?delivery={today:%Y-%m-%d}"' in page
    assert f'href="{reverse("orders:order_list")}?delivery={today + timedelta(days=1):%Y-%m-%d}"' in page
