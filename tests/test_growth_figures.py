"""The growth figures, against a hand-computed shop and against sums over the raw order rows."""
from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.utils import timezone

from customers.models import Customer
from insights.growth import cohorts, monthly, per_period
from orders.models import Order, OrderLine, PreorderPeriod
from production.models import Product
from tests.conftest import make_customer, make_product
from tests.growth_rows import at, order, period_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=25_000)
    kastengel = make_product("Kastengel", price=30_000)
    sheet = period_between("Sheet lama", at(2024, 12, 1), at(2024, 12, 31))
    lebaran25 = period_between("PO Lebaran 2025", at(2025, 2, 1), at(2025, 3, 20))
    natal = period_between("PO Natal 2025", at(2025, 11, 1), at(2025, 12, 15))
    lebaran26 = period_between("PO Lebaran 2026", at(2026, 1, 31), at(2026, 3, 10))
    a, b, c, d = (make_customer(name, f"0812-0000-000{n}") for n, name in enumerate("ABCD"))
    order(a, lebaran25, at(2025, 2, 10), {nastar: 2})
    order(a, natal, at(2025, 11, 5), {nastar: 1})
    order(a, lebaran26, at(2026, 2, 15), {nastar: 2})
    order(b, sheet, at(2024, 12, 20), {kastengel: 1})  # imported from an old sheet
    order(b, lebaran25, at(2025, 2, 20), {kastengel: 1})
    order(c, lebaran25, at(2025, 3, 1), {nastar: 1})
    order(c, natal, at(2025, 11, 10), {kastengel: 5}, cancelled=True)
    order(c, lebaran26, at(2026, 2, 16), {kastengel: 1})
    order(d, lebaran26, at(2026, 2, 1, hour=0), {nastar: 3})  # 00:00 Jakarta: February, though still January in UTC
    return {"periods": [sheet, lebaran25, natal, lebaran26]}


def test_month_figures_match_the_hand_computed_shop(shop):
    rows = {row.label: row for row in monthly(today=date(2026, 2, 28), months=15)}
    assert len(rows) == 15
    dec, feb, mar, nov, feb26 = (rows[date(*m, 1)] for m in [(2024, 12), (2025, 2), (2025, 3), (2025, 11), (2026, 2)])
    assert (dec.customers, dec.new, dec.omzet, dec.repeat_rate) == (1, 1, 30_000, 0.0)
    assert (feb.customers, feb.new, feb.returning, feb.orders, feb.omzet, feb.repeat_rate) == (2, 1, 1, 2, 80_000, 50.0)
    assert feb.omzet_growth is None  # January had no omzet to grow from
    assert (mar.customers, mar.new, mar.omzet, mar.omzet_growth, mar.repeat_rate) == (1, 1, 25_000, -68.8, 33.3)
    assert (nov.customers, nov.new, nov.omzet, nov.repeat_rate) == (1, 0, 25_000, 66.7)  # C's cancelled order is no purchase
    assert (feb26.customers, feb26.new, feb26.returning, feb26.orders, feb26.omzet) == (3, 1, 2, 3, 155_000)
    assert (feb26.average_order, feb26.repeat_rate) == (51_666, 75.0)
    assert rows[date(2025, 4, 1)].customers == 0 and rows[date(2025, 4, 1)].repeat_rate == 33.3


def test_period_figures_match_the_hand_computed_shop(shop):
    rows = per_period()
    assert [row.label.name for row in rows] == ["Sheet lama", "PO Lebaran 2025", "PO Natal 2025", "PO Lebaran 2026"]
    sheet, lebaran25, natal, lebaran26 = rows
    assert (sheet.customers, sheet.new, sheet.omzet, sheet.also_previous_rate) == (1, 1, 30_000, None)
    assert (lebaran25.customers, lebaran25.new, lebaran25.also_previous, lebaran25.also_previous_rate) == (3, 2, 1, 33.3)
    assert (lebaran25.omzet, lebaran25.omzet_growth) == (105_000, 250.0)
    assert (natal.customers, natal.new, natal.also_previous_rate, natal.omzet_growth) == (1, 0, 100.0, -76.2)
    assert (lebaran26.customers, lebaran26.new, lebaran26.returning, lebaran26.also_previous_rate) == (3, 1, 2, 33.3)
    assert (lebaran26.omzet, lebaran26.omzet_growth) == (155_000, 520.0)


def test_cohorts_match_the_hand_computed_shop(shop):
    table = {cohort.month: cohort for cohort in cohorts(today=date(2026, 2, 28), months=15)}
    assert list(table) == [date(2024, 12, 1), date(2025, 2, 1), date(2025, 3, 1), date(2026, 2, 1)]
    assert table[date(2024, 12, 1)].still_ordering[:4] == [1, 0, 1, 0]
    assert [k for k, n in enumerate(table[date(2025, 2, 1)].still_ordering) if n] == [0, 9, 12]
    assert [k for k, n in enumerate(table[date(2025, 3, 1)].still_ordering) if n] == [0, 11]  # November was cancelled
    assert table[date(2026, 2, 1)].still_ordering == [1]
    assert table[date(2025, 2, 1)].rates()[9] == 100.0


# Property: whatever the rows, the figures equal plain sums over them.

def _expected(today, months):
    orders = list(Order.objects.values("pk", "customer_id", "period_id", "placed_at", "fulfilment_status"))
    amounts = defaultdict(int)
    for line in OrderLine.objects.values("order_id", "quantity", "unit_price"):
        amounts[line["order_id"]] += line["quantity"] * line["unit_price"]
    standing = sorted((o for o in orders if o["fulfilment_status"] != "cancelled"), key=lambda o: (o["placed_at"], o["pk"]))
    month_of = lambda moment: date(timezone.localtime(moment).year, timezone.localtime(moment).month, 1)  # noqa: E731
    by_customer = defaultdict(list)
    for o in standing:
        by_customer[o["customer_id"]].append(o)
    first_month = {c: month_of(os[0]["placed_at"]) for c, os in by_customer.items()}
    second_month = {c: month_of(os[1]["placed_at"]) for c, os in by_customer.items() if len(os) > 1}
    result = {}
    index = today.year * 12 + today.month - 1
    for back in range(months - 1, -1, -1):
        m = date((index - back) // 12, (index - back) % 12 + 1, 1)
        in_month = [o for o in standing if month_of(o["placed_at"]) == m]
        so_far = sum(1 for c in first_month.values() if c <= m)
        repeat = sum(1 for c in second_month.values() if c <= m)
        result[m] = (
            len({o["customer_id"] for o in in_month}),
            sum(1 for c in first_month.values() if c == m),
            len(in_month),
            sum(amounts[o["pk"]] for o in in_month),
            None if not so_far else round(100 * repeat / so_far, 1),
        )
    periods = sorted({o["period_id"] for o in standing}, key=lambda pk: (PreorderPeriod.objects.get(pk=pk).opens_at, pk))
    first_period = {c: os[0]["period_id"] for c, os in by_customer.items()}
    per = []
    for i, pk in enumerate(periods):
        buyers = {o["customer_id"] for o in standing if o["period_id"] == pk}
        before = {o["customer_id"] for o in standing if i and o["period_id"] == periods[i - 1]}
        per.append((pk, len(buyers), sum(1 for c in first_period.values() if c == pk), len(buyers & before),
                    sum(amounts[o["pk"]] for o in standing if o["period_id"] == pk)))
    cells = defaultdict(set)
    for o in standing:
        cells[(first_month[o["customer_id"]], month_of(o["placed_at"]))].add(o["customer_id"])
    return result, per, {key: len(who) for key, who in cells.items()}


rows = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 2), st.integers(0, 500), st.integers(0, 23), st.booleans(), st.integers(1, 4)),
    max_size=25,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows)
def test_figures_equal_sums_over_the_raw_rows(rows):
    Order.objects.all().delete()
    Customer.objects.all().delete()
    PreorderPeriod.objects.all().delete()
    Product.objects.all().delete()
    product = make_product("Kue Nastar", price=27_500)
    customers = [make_customer(f"Pelanggan {n}", "") for n in range(6)]
    periods = [period_between(f"PO {n}", at(2025, 1, 1) + timedelta(days=170 * n), at(2025, 6, 1) + timedelta(days=170 * n)) for n in range(3)]
    base = at(2025, 1, 1, hour=0)
    for customer, period, day, hour, cancelled, quantity in rows:
        order(customers[customer], periods[period], base + timedelta(days=day, hours=hour), {product: quantity}, cancelled=cancelled)
    today = date(2026, 5, 20)
    expected_months, expected_periods, expected_cells = _expected(today, 18)
    got = {r.label: (r.customers, r.new, r.orders, r.omzet, r.repeat_rate) for r in monthly(today=today, months=18)}
    assert got == expected_months
    got = [(r.label.pk, r.customers, r.new, r.also_previous, r.omzet) for r in per_period()]
    assert got == expected_periods
    for cohort in cohorts(today=today, months=18):
        assert cohort.size == expected_months[cohort.month][1]  # everyone in a cohort ordered in its first month
        for k, count in enumerate(cohort.still_ordering):
            month = date((cohort.month.year * 12 + cohort.month.month - 1 + k) // 12, (cohort.month.month - 1 + k) % 12 + 1, 1)
            assert count == expected_cells.get((cohort.month, month), 0)


# The page

from orders.roles import CUSTOMER_SERVICE, FINANCE, OWNER  # noqa: E402
from tests.conftest import make_user  # noqa: E402


def test_the_growth_page_shows_the_periods_and_charts_in_indonesian(client, shop):
    client.force_login(make_user("finance", role=FINANCE))
    page = client.get("/laporan/pertumbuhan/").content.decode()
    assert "Pertumbuhan" in page and "PO Lebaran 2026" in page and "Rp155.000" in page
    assert page.count("<svg") == 2 and "<script" not in page.split("<main")[1].split("</main>")[0]
    assert "520,0%" in page  # PO Lebaran 2026's omzet growth over PO Natal 2025


def test_customer_service_cannot_see_the_omzet(client, shop):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    assert client.get("/laporan/pertumbuhan/").status_code == 403


def test_the_growth_page_query_count_is_fixed(client, shop, django_assert_max_num_queries):
    client.force_login(make_user("owner", role=OWNER))
    with django_assert_max_num_queries(25):
        client.get("/laporan/pertumbuhan/")


def test_a_chart_escapes_its_labels_and_scales_to_the_highest_bar():
    from insights.charts import bar_chart

    svg = str(bar_chart("<b>Omzet</b>", ["<i>Jan</i>", "Feb"], [("Omzet", [50, 100])], chart_id="t"))
    assert "<b>" not in svg and "&lt;i&gt;Jan&lt;/i&gt;" in svg
    heights = [float(h) for h in __import__("re").findall(r'height="([\d.]+)"', svg.split("</title>", 1)[1])]
    assert heights[1] == 2 * heights[0]
