from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import PreorderPeriod
from orders.roles import CUSTOMER_SERVICE, OWNER, PRODUCTION
from orders.services import place_order
from orders.services.periods import duplicate_period
from tests.conftest import make_customer, make_period, make_product, make_user, set_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = make_user("pemilik", role=OWNER)
    client.force_login(user)
    return user


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def period_data(products, **overrides):
    now = timezone.now()
    data = {
        "name": "PO Natal",
        "slug": "",
        "opens_at": local(now),
        "closes_at": local(now + timedelta(days=5)),
        "delivery_date": (timezone.localdate() + timedelta(days=8)).isoformat(),
        "max_orders": "40",
        "max_orders_per_day": "",
        "mode": "fixed",
        "lead_days": "1",
    }
    for product, cap in products:
        data[f"offer_{product.pk}"] = "on"
        data[f"cap_{product.pk}"] = "" if cap is None else str(cap)
    data.update(overrides)
    return data


def test_period_list_groups_open_upcoming_and_closed(client, owner):
    make_period("PO Lebaran")
    make_period("PO Natal", opens_in_days=3, closes_in_days=6, delivery_in_days=8)
    make_period("PO Imlek", opens_in_days=-10, closes_in_days=-5, delivery_in_days=-3)
    page = client.get(reverse("orders:period_list")).content.decode()
    assert page.index("Sedang buka") < page.index("PO Lebaran") < page.index("Akan datang") < page.index("PO Natal")
    assert page.index("PO Natal") < page.index("Sudah tutup") < page.index("PO Imlek")


def test_period_page_shows_a_gauge_for_each_cap_and_its_orders(client, owner):
    nastar, putri = make_product("Kue Nastar"), make_product("Putri Salju")
    period = make_period(products=[(nastar, 20), putri], max_orders=10)
    order = place_order(period=period, customer=make_customer(), lines={nastar: 3})
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Pesanan periode ini" in page and "1 / 10 pesanan" in page and "sisa 9 pesanan" in page
    assert "3 / 20 box" in page and "sisa 17 box" in page
    assert "0 box · tanpa batas" in page
    assert order.code in page and "Ibu Ani" in page and "Rp75.000" in page and "Belum Bayar" in page


def test_period_page_shows_the_capacity_minutes_when_capped(client, owner):
    set_calendar(hours=6, workers=1)
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)
    period = make_period(products=[nastar], capacity_capped=True, closes_in_days=1, delivery_in_days=3)
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Waktu produksi" in page and "0 / 360 menit" in page
    assert "0 / 30 box" in page and "sisa 30 box · sesuai sisa waktu produksi" in page


def test_htmx_refresh_returns_only_the_gauges(client, owner):
    period = make_period(products=[make_product()], max_orders=5)
    fragment = client.get(period.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="gauges"') and 'hx-trigger="every 30s"' in fragment
    assert "<html" not in fragment and "Belum ada pesanan" not in fragment


def test_owner_creates_a_period_with_two_products_and_a_unit_cap(client, owner):
    nastar, putri = make_product("Kue Nastar"), make_product("Putri Salju")
    response = client.post(reverse("orders:period_create"), period_data([(nastar, 30), (putri, None)]))
    period = PreorderPeriod.objects.get()
    assert response.url == period.get_absolute_url()
    assert period.slug == "po-natal" and period.max_orders == 40
    assert {(offer.product.name, offer.unit_cap) for offer in period.offers.all()} == {("Kue Nastar", 30), ("Putri Salju", None)}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": "2020-01-01T10:00"}, "PO harus ditutup setelah dibuka."),
        ({"delivery_date": "2020-01-01"}, "Tanggal kirim tidak boleh sebelum PO ditutup."),
        ({"max_orders": "0"}, "Kuota minimal 1, atau kosongkan jika tanpa batas."),
        ({"name": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_period_input_shows_an_indonesian_error_and_saves_nothing(client, owner, overrides, message):
    nastar = make_product()
    response = client.post(reverse("orders:period_create"), period_data([(nastar, None)], **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PreorderPeriod.objects.exists()


def test_a_period_needs_at_least_one_product_and_caps_of_one_or_more(client, owner):
    nastar = make_product()
    empty = client.post(reverse("orders:period_create"), period_data([]))
    assert "Pilih minimal satu produk yang dijual." in empty.content.decode()
    zero = client.post(reverse("orders:period_create"), period_data([(nastar, 0)]))
    assert "Kuota minimal 1" in zero.content.decode()
    assert not PreorderPeriod.objects.exists()


def test_editing_a_period_changes_its_offers(client, owner):
    nastar, putri = make_product("Kue Nastar"), make_product("Putri Salju")
    period = make_period(products=[(nastar, 10)])
    form = client.get(reverse("orders:period_edit", args=[period.slug])).content.decode()
    assert 'value="10"' in form
    client.post(reverse("orders:period_edit", args=[period.slug]), period_data([(putri, 5)], name="PO Lebaran", slug=period.slug))
    assert [(offer.product.name, offer.unit_cap) for offer in period.offers.all()] == [("Putri Salju", 5)]


def test_owner_closes_and_reopens_a_period(client, owner):
    period = make_period(products=[make_product()])
    client.post(reverse("orders:period_toggle", args=[period.slug]))
    period.refresh_from_db()
    assert period.state() == "closed" and not period.is_open
    page = client.get(period.get_absolute_url()).content.decode()
    assert "PO ditutup: tidak menerima pesanan baru." in page and "Buka lagi PO" in page
    client.post(reverse("orders:period_toggle", args=[period.slug]))
    period.refresh_from_db()
    assert period.state() == "open" and period.is_open


def test_closing_needs_a_post(client, owner):
    period = make_period(products=[make_product()])
    assert client.get(reverse("orders:period_toggle", args=[period.slug])).status_code == 405


def test_duplicate_leads_to_the_edit_form_of_the_copy(client, owner):
    period = make_period("PO Lebaran", products=[make_product()])
    response = client.post(reverse("orders:period_duplicate", args=[period.slug]))
    copy = PreorderPeriod.objects.exclude(pk=period.pk).get()
    assert response.url == reverse("orders:period_edit", args=[copy.slug])
    assert copy.name == "PO Lebaran (salinan)"


def test_duplicate_copies_offers_and_caps_and_moves_every_date_a_week(owner):
    nastar, putri = make_product("Kue Nastar"), make_product("Putri Salju")
    period = make_period(
        "PO Minggu 1", products=[(nastar, 30), putri], closes_in_days=2, delivery_in_days=4, max_orders=50, max_orders_per_day=10
    )
    copy = duplicate_period(period, name="PO Minggu 2")
    assert copy.slug == "po-minggu-2"
    assert copy.opens_at - period.opens_at == timedelta(days=7)
    assert copy.closes_at - period.closes_at == timedelta(days=7)
    assert copy.delivery_date - period.delivery_date == timedelta(days=7)
    assert (copy.max_orders, copy.max_orders_per_day, copy.closed_manually) == (50, 10, False)
    assert {(offer.product.name, offer.unit_cap) for offer in copy.offers.all()} == {("Kue Nastar", 30), ("Putri Salju", None)}


def test_duplicate_of_a_long_period_moves_by_its_length_in_weeks_with_a_fresh_slug():
    period = make_period("PO Lebaran", opens_in_days=-10, closes_in_days=5, delivery_in_days=9)
    first, second = duplicate_period(period), duplicate_period(period)
    assert first.delivery_date - period.delivery_date == timedelta(days=21)
    assert (first.slug, second.slug) == ("po-lebaran-salinan", "po-lebaran-salinan-2")


@pytest.mark.parametrize("role", [PRODUCTION, CUSTOMER_SERVICE])
def test_helpers_cannot_create_edit_close_or_duplicate_periods(client, role):
    client.force_login(make_user("helper", role=role))
    period = make_period(products=[make_product()])
    assert client.get(period.get_absolute_url()).status_code == 200
    assert client.get(reverse("orders:period_create")).status_code == 403
    assert client.post(reverse("orders:period_edit", args=[period.slug]), {"name": "X"}).status_code == 403
    assert client.post(reverse("orders:period_toggle", args=[period.slug])).status_code == 403
    assert client.post(reverse("orders:period_duplicate", args=[period.slug])).status_code == 403
    assert PreorderPeriod.objects.count() == 1 and not PreorderPeriod.objects.get().closed_manually


def test_a_user_without_a_role_cannot_see_periods(client):
    client.force_login(make_user("tamu"))
    assert client.get(reverse("orders:period_list")).status_code == 403


def test_a_product_with_orders_stays_on_offer_and_its_cap_stays_above_what_is_sold(client, owner):
    nastar, putri = make_product("Kue Nastar"), make_product("Putri Salju")
    period = make_period(products=[(nastar, 10), putri])
    place_order(period=period, customer=make_customer(), lines={nastar: 4})
    url = reverse("orders:period_edit", args=[period.slug])
    dropped = client.post(url, period_data([(putri, None)], name="PO Lebaran", slug=period.slug)).content.decode()
    assert "Kue Nastar sudah dipesan di periode ini; tetap dijual." in dropped
    too_low = client.post(url, period_data([(nastar, 3), (putri, None)], name="PO Lebaran", slug=period.slug)).content.decode()
    assert "Sudah terjual 4; kuota tidak boleh lebih kecil." in too_low
    assert [(offer.product.name, offer.unit_cap) for offer in period.offers.order_by("product__name")] == [("Kue Nastar", 10), ("Putri Salju", None)]


def test_the_create_page_address_cannot_be_a_period_link(client, owner):
    response = client.post(reverse("orders:period_create"), period_data([(make_product(), None)], name="Baru", slug="baru"))
    assert "Nama link ini khusus; pilih yang lain." in response.content.decode()
    client.post(reverse("orders:period_create"), period_data([(make_product("Kastengel"), None)], name="Baru"))
    assert PreorderPeriod.objects.get().slug == "baru-2"


def test_period_page_query_count_does_not_grow_with_its_orders(client, owner, django_assert_max_num_queries):
    nastar, putri = make_product("Kue Nastar"), make_product("Putri Salju")
    period = make_period(products=[nastar, putri])
    for number in range(12):
        customer = make_customer(f"Pelanggan {number}", f"0812-0000-{number:04d}")
        place_order(period=period, customer=customer, lines={nastar: 1, putri: 2})
    # A constant budget: the page, its gauges (with the units held on the public form), its newest
    # orders, the shop name and the session.
    with django_assert_max_num_queries(16):
        page = client.get(period.get_absolute_url()).content.decode()
    assert all(f"Pelanggan {number}" in page for number in range(12))


def test_period_page_links_to_its_public_page_and_its_orders_in_the_table(client, owner):
    period = make_period("PO Natal", products=[make_product()])
    page = client.get(period.get_absolute_url()).content.decode()
    assert f'href="/{period.slug}/"' in page and "Halaman pesan untuk pembeli" in page
    assert f'href="{reverse("orders:order_list")}?period={period.slug}"' in page


def test_a_period_opening_just_after_midnight_in_jakarta_is_copied_one_week_on(db):
    """Opens 8 Dec 01.00 WIB (7 Dec in UTC), delivered 14 Dec: seven local days, so the copy moves one week."""
    from datetime import UTC, date, datetime

    from orders.models import PreorderPeriod
    from orders.services.periods import next_period_shift

    jakarta = timezone.get_fixed_timezone(7 * 60)
    period = PreorderPeriod(
        name="PO Minggu",
        opens_at=datetime(2026, 12, 8, 1, 0, tzinfo=jakarta).astimezone(UTC),  # as the database gives it back
        closes_at=datetime(2026, 12, 12, 12, 0, tzinfo=jakarta),
        delivery_date=date(2026, 12, 14),
    )
    assert next_period_shift(period).days == 7
