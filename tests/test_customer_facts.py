"""A customer's facts come from their orders: on their page and as sortable, filterable list columns."""
import pytest
from django.utils import timezone

from insights.customer_facts import facts_for, filter_facts, with_facts
from orders.roles import OWNER, PRODUCTION
from tests.conftest import make_customer, make_product, make_user
from tests.growth_rows import at, order, period_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=25_000)
    kastengel = make_product("Kastengel", price=30_000, unit="toples")
    lebaran = period_between("PO Lebaran 2025", at(2025, 1, 1), at(2025, 3, 20))
    ani = make_customer("Ibu Ani", "0812-1111-0001")
    budi = make_customer("Pak Budi", "0812-1111-0002")
    citra = make_customer("Citra", "0812-1111-0003")
    order(ani, lebaran, at(2025, 1, 10), {nastar: 2}, payment_status="paid", paid=50_000)
    order(ani, lebaran, at(2025, 3, 5), {nastar: 1, kastengel: 2}, channel="instagram", payment_status="deposit", paid=20_000)
    order(ani, lebaran, at(2025, 3, 6), {kastengel: 9}, cancelled=True)
    # Pak Budi's only order came in from an old sheet: placed long before his record was created.
    order(budi, lebaran, at(2024, 6, 1), {kastengel: 1}, channel="offline", payment_status="paid", paid=30_000)
    return {"ani": ani, "budi": budi, "citra": citra, "nastar": nastar}


def test_facts_are_computed_from_standing_orders_only(shop):
    facts = facts_for(shop["ani"])
    # 2×25.000 + (25.000 + 2×30.000); the cancelled 9 toples count nowhere.
    assert (facts.order_count, facts.units, facts.total_spent, facts.average_order) == (2, 5, 135_000, 67_500)
    assert facts.first_order_at == at(2025, 1, 10) and facts.last_order_at == at(2025, 3, 5)
    assert facts.favourites == [("Kue Nastar", "box", 3), ("Kastengel", "toples", 2)]
    assert facts.open_balance == 85_000 - 20_000
    assert facts.is_repeat


def test_the_first_order_of_an_imported_customer_is_the_sheet_date_not_the_record_date(shop):
    facts = facts_for(shop["budi"])
    assert facts.first_order_at == at(2024, 6, 1)
    assert timezone.localdate(shop["budi"].created_at) == timezone.localdate()
    assert facts.channel == "Offline (toko)" or facts.channel == "Offline (shop)"


def test_a_customer_without_orders_has_zeroes_not_errors(shop):
    facts = facts_for(shop["citra"])
    assert (facts.order_count, facts.total_spent, facts.average_order, facts.first_order_at) == (0, 0, 0, None)


def test_filters_pick_repeat_lapsed_and_big_spenders(shop):
    names = lambda name: sorted(c.name for c in filter_facts(with_facts(), name, now=at(2025, 3, 10)))  # noqa: E731
    assert names("repeat") == ["Ibu Ani"]
    assert names("lapsed") == ["Pak Budi"]  # last order 1 June 2024, more than 60 days before 10 March 2025
    assert names("new") == []  # nobody's first order is in March 2025
    assert names("big") == ["Ibu Ani"]


@pytest.fixture
def owner(client):
    client.force_login(make_user("owner", role=OWNER))


def test_the_list_sorts_by_total_spent_and_shows_the_facts(client, owner, shop):
    page = client.get("/pelanggan/", {"sort": "spent"}).content.decode()
    assert page.index("Ibu Ani") < page.index("Pak Budi") < page.index("Citra")
    assert "Rp135.000" in page and "Rp67.500" in page and "1 Juni 2024" in page


def test_the_list_filter_shows_only_repeat_customers(client, owner, shop):
    page = client.get("/pelanggan/", {"filter": "repeat"}).content.decode()
    assert "Ibu Ani" in page and "Pak Budi" not in page and "Citra" not in page


def test_customers_without_orders_sort_last_by_last_order(client, owner, shop):
    page = client.get("/pelanggan/", {"sort": "last"}).content.decode()
    assert page.index("Ibu Ani") < page.index("Pak Budi") < page.index("Citra")


def test_the_customer_page_shows_the_facts_in_indonesian(client, owner, shop):
    page = client.get(f"/pelanggan/{shop['budi'].pk}/").content.decode()
    assert "1 Juni 2024" in page and "Offline (toko)" in page
    page = client.get(f"/pelanggan/{shop['ani'].pk}/").content.decode()
    assert "Rp135.000" in page and "Rp65.000" in page and "Kue Nastar (3 box)" in page


def test_a_customer_can_be_marked_do_not_contact(client, owner, shop):
    customer = shop["citra"]
    client.post(f"/pelanggan/{customer.pk}/ubah/", {"name": "Citra", "whatsapp": "0812-1111-0003", "do_not_contact": "on"})
    customer.refresh_from_db()
    assert customer.do_not_contact
    assert "Jangan dihubungi" in client.get(f"/pelanggan/{customer.pk}/").content.decode()


def test_the_list_query_count_does_not_grow_with_customers(client, django_assert_max_num_queries, shop):
    client.force_login(make_user("kitchen", role=PRODUCTION))
    for number in range(30):
        make_customer(f"Pelanggan {number}", f"0813-2222-{number:04d}")
    with django_assert_max_num_queries(12):
        client.get("/pelanggan/", {"sort": "spent", "filter": "big"})

