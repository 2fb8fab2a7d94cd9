"""The home page's team size hint: orders a day over four weeks and seed 002's guidance for that volume."""
from datetime import timedelta

import pytest
from django.utils import timezone

from orders.roles import OWNER, PRODUCTION
from orders.selectors import TEAM_SIZE_GUIDANCE, team_advice
from tests.conftest import make_customer, make_period, make_product, make_user
from tests.growth_rows import order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "per_day, band", [(0, 0), (10, 0), (10.1, 1), (30, 1), (30.1, 2), (50, 2), (50.1, 3), (400, 3)]
)
def test_the_guidance_follows_the_seed_s_bands(per_day, band):
    assert team_advice(per_day) is TEAM_SIZE_GUIDANCE[band][1]


def test_the_owner_sees_orders_a_day_and_the_advice_in_indonesian(client):
    nastar = make_product()
    period = make_period(products=[nastar])
    customer = make_customer()
    now = timezone.now()
    for day in range(14):  # 14 standing orders, one cancelled and one older than four weeks: 0,5 a day
        order(customer, period, now - timedelta(days=day, hours=1), {nastar: 1})
    order(customer, period, now - timedelta(days=2), {nastar: 1}, cancelled=True)
    order(customer, period, now - timedelta(days=40), {nastar: 1})
    client.force_login(make_user("owner", role=OWNER))
    page = client.get("/").content.decode()
    assert "0,5 pesanan per hari dalam 4 minggu terakhir." in page and "pemilik bisa menjalankannya sendiri" in page


def test_the_kitchen_does_not_see_the_hint(client):
    client.force_login(make_user("kitchen", role=PRODUCTION))
    assert "4 minggu terakhir" not in client.get("/").content.decode()
