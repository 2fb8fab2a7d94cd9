"""The production pages: calendar, capacity, plan, today's list, recipes and shopping list."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import FulfilmentStatus, Order
from orders.roles import CUSTOMER_SERVICE, OWNER, PRODUCTION
from orders.services import mark_paid, place_order
from production.models import CalendarOverride, ProductionDone, RecipeItem, WorkCalendar
from tests.conftest import make_customer, make_period, make_product, make_user, set_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def bakery():
    set_calendar(hours=6, workers=1, days_off="")
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)
    period = make_period(products=[nastar], closes_in_days=0.5, delivery_in_days=2)
    ani = place_order(period=period, customer=make_customer(), lines={nastar: 20})
    return period, nastar, ani


@pytest.fixture
def helper(client):
    client.force_login(make_user("dapur", role=PRODUCTION))
    return client


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def test_the_calendar_shows_the_month_with_minutes_and_closed_days(helper):
    set_calendar(hours=6, workers=2, days_off="6")
    CalendarOverride.objects.create(day=timezone.datetime(2026, 12, 24).date(), hours=10, workers=3, note="Malam Natal")
    page = helper.get(reverse("production:calendar") + "?bulan=2026-12").content.decode()
    assert "Desember 2026" in page
    assert "720 mnt" in page  # 6 h × 2 workers
    assert "1.800 mnt" in page and "Malam Natal" in page  # 10 h × 3
    assert "Libur" in page
    assert "?bulan=2027-01" in page and "?bulan=2026-11" in page


def test_the_month_grid_alone_comes_back_for_htmx(helper):
    page = helper.get(reverse("production:calendar") + "?bulan=2027-01", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="month"' in page and "Januari 2027" in page
    assert "<html" not in page


def test_saving_the_usual_day_and_days_off(helper):
    response = helper.post(reverse("production:calendar"), {"default_hours": "6.5", "default_workers": "2", "days_off": ["4", "6"]})
    assert response.status_code == 302
    calendar = WorkCalendar.load()
    assert calendar.default_hours == Decimal("6.5") and calendar.default_workers == 2 and calendar.weekly_days_off == "46"


def test_a_date_gets_its_own_hours_or_is_closed_and_can_go_back(helper):
    url = reverse("production:calendar_day", args=["2026-12-31"])
    helper.post(url, {"hours": "10", "workers": "3", "note": "Malam Lebaran"})
    assert CalendarOverride.objects.get().workers == 3
    helper.post(url, {"closed": "on", "hours": "0", "workers": "0", "note": "Acara keluarga"})
    assert CalendarOverride.objects.get().closed
    helper.post(url, {"delete": "1"})
    assert not CalendarOverride.objects.exists()


def test_an_open_day_without_hours_is_refused_with_a_message(helper):
    page = helper.post(reverse("production:calendar_day", args=["2026-12-31"]), {"hours": "0", "workers": "0"}).content.decode()
    assert "Isi jam kerja dan jumlah pekerja untuk tanggal ini, atau tandai libur." in page
    assert not CalendarOverride.objects.exists()


def test_customer_service_may_not_change_the_calendar(client):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    assert client.get(reverse("production:calendar")).status_code == 403
    assert client.post(reverse("production:calendar_day", args=["2026-12-31"]), {"closed": "on"}).status_code == 403
    assert client.get(reverse("production:today")).status_code == 403
    assert not CalendarOverride.objects.exists()


def test_the_capacity_page_explains_the_article_formula(helper, bakery):
    page = helper.get(reverse("production:capacity")).content.decode()
    assert "10 box dalam 2 jam (120 mnt)" in page
    assert "360 ÷ 12 → <strong>30 box/hari</strong>" in page
    assert page.count("6 jam × 1 = 360 mnt") == 14


def test_the_plan_shows_who_gets_what_on_which_day(owner, bakery):
    _period, _nastar, ani = bakery
    page = owner.get(reverse("production:plan")).content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert ani.code in page and "20 box Kue Nastar" in page
    assert "240 / 360 mnt" in page
    assert str(tomorrow.day) in page


def test_the_plan_names_the_order_that_cannot_be_made_and_why(owner, bakery):
    period, nastar, _ani = bakery
    budi = place_order(period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={nastar: 60})
    page = owner.get(reverse("production:plan")).content.decode()
    assert "Tidak bisa dibuat tepat waktu" in page
    assert budi.code in page and "Butuh 720 menit kerja, tetapi sebelum" in page and "hanya tersisa 480 menit" in page


def test_the_plan_fragment_for_htmx(owner, bakery):
    page = owner.get(reverse("production:plan") + "?dari=2026-01-01&sampai=2026-01-03", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="plan"' in page and "<html" not in page


def test_today_lists_what_to_make_and_marking_it_done_records_it(helper, bakery):
    _period, nastar, _ani = bakery
    page = helper.get(reverse("production:today")).content.decode()
    assert "Buat hari ini" in page and "Tidak ada yang perlu dibuat hari ini" in page  # made tomorrow, the day before delivery
    tomorrow_made = helper.post(reverse("production:today_made"), {"product": nastar.pk, "quantity": 5}, HTTP_HX_REQUEST="true")
    assert "✓" in tomorrow_made.content.decode() and "<html" not in tomorrow_made.content.decode()
    assert ProductionDone.objects.get().quantity == 5


def test_packing_and_handing_over_set_the_delivery_status(helper, bakery):
    _period, _nastar, ani = bakery
    mark_paid(ani)
    Order.objects.filter(pk=ani.pk).update(delivery_date=timezone.localdate() + timedelta(days=1))
    assert ani.code in helper.get(reverse("production:today")).content.decode()
    response = helper.post(reverse("production:today_order", args=[ani.code, "pack"]))
    assert response.status_code == 302
    ani.refresh_from_db()
    assert ani.fulfilment_status == FulfilmentStatus.READY
    Order.objects.filter(pk=ani.pk).update(delivery_date=timezone.localdate())
    fragment = helper.post(reverse("production:today_order", args=[ani.code, "send"]), HTTP_HX_REQUEST="true").content.decode()
    ani.refresh_from_db()
    assert ani.fulfilment_status == FulfilmentStatus.PICKED_UP
    assert "Sudah Diambil" in fragment


def test_a_helper_without_the_delivery_permission_cannot_pack(client, bakery):
    _period, _nastar, ani = bakery
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    assert client.post(reverse("production:today_order", args=[ani.code, "pack"])).status_code == 403
    ani.refresh_from_db()
    assert ani.fulfilment_status == FulfilmentStatus.PENDING


def test_the_shopping_list_sums_the_recipe_over_the_period(helper, bakery):
    period, nastar, _ani = bakery
    bolu = make_product("Bolu Pandan", unit="loyang", units_per_batch=2, minutes_per_batch=60)
    period.offers.create(product=bolu)
    place_order(period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={bolu: 2})
    RecipeItem.objects.create(product=nastar, ingredient="Tepung terigu", quantity=Decimal("50"), measure="g")
    RecipeItem.objects.create(product=bolu, ingredient="tepung terigu", quantity=Decimal("250"), measure="g")
    RecipeItem.objects.create(product=bolu, ingredient="Telur", quantity=Decimal("4"), measure="butir")
    page = helper.get(reverse("production:shopping") + f"?periode={period.slug}").content.decode()
    assert "1.500 g" in page or "1500 g" in page  # 20 × 50 + 2 × 250
    assert "8 butir" in page


def test_a_recipe_item_is_added_on_the_recipes_page(helper, bakery):
    _period, nastar, _ani = bakery
    helper.post(reverse("production:recipes"), {"product": nastar.pk, "ingredient": "Mentega", "quantity": "25", "measure": "g"})
    assert RecipeItem.objects.get().ingredient == "Mentega"
    assert "Mentega" in helper.get(reverse("production:recipes")).content.decode()


def test_a_wrong_quantity_is_refused_and_nothing_recorded(helper, bakery):
    _period, nastar, _ani = bakery
    response = helper.post(reverse("production:today_made"), {"product": nastar.pk, "quantity": "-3"}, follow=True)
    assert "Isi jumlah yang sudah dibuat (minimal 1)." in response.content.decode()
    assert not ProductionDone.objects.exists()


def test_the_shopping_list_adds_the_same_ingredient_whatever_its_capitals():
    from production.recipes import shopping_list

    needs = shopping_list({1: 2, 2: 3}, [(1, "Telur", "butir", 2), (2, "telur ", "butir", 1), (2, "Gula", "g", Decimal("12.5")), (3, "Keju", "g", 100)])
    assert [(n.ingredient, n.measure, n.quantity) for n in needs] == [("Gula", "g", Decimal("37.5")), ("Telur", "butir", 7)]


def test_the_plan_folds_by_week_and_marks_days_without_work_for_the_phone(owner, bakery):
    start = timezone.localdate()
    end = start + timedelta(days=20)
    page = owner.get(reverse("production:plan") + f"?dari={start.isoformat()}&sampai={end.isoformat()}").content.decode()
    weeks = page.count('<details class="week"')
    assert weeks >= 3 and page.count('<details class="week" open>') == 1  # only the first week unfolded
    assert "Minggu mulai" in page and "1 hari ada kerja" in page  # the nastar is made on one day
    assert page.count('class="card dayplan idle"') == 20  # hidden on a phone by the stylesheet
