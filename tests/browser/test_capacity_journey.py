"""The owner sets the kitchen's calendar, fills a capacity-capped PO, and a helper works today's list."""
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from orders.models import Order
from orders.roles import OWNER, PRODUCTION
from orders.services import OrderRefused, mark_paid, place_order
from production.models import CalendarOverride, ProductionDone, WorkCalendar
from tests.browser.conftest import log_in
from tests.conftest import clear_of_local_midnight, make_customer, make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_calendar_capacity_refusal_and_todays_list_on_a_phone(live_server, desktop, phone):
    make_user("pemilik", role=OWNER)
    make_user("dapur", role=PRODUCTION)
    nastar = make_product("Kue Nastar", units_per_batch=10, minutes_per_batch=120)

    # The owner sets the usual day: 6 hours, one worker, no day off, and closes one date.
    log_in(desktop, live_server, "pemilik")
    desktop.goto(live_server.url + "/produksi/kalender/")
    desktop.fill("input[name=default_hours]", "6")
    desktop.fill("input[name=default_workers]", "1")
    for box in desktop.locator("input[name=days_off]").all():
        box.uncheck()
    desktop.get_by_role("button", name="Simpan").click()
    assert "Kalender kerja disimpan." in desktop.locator(".messages").inner_text()
    assert WorkCalendar.load().weekly_days_off == ""

    # A PO closing today, delivered in three days: production tomorrow and the day after.
    clear_of_local_midnight()
    period = make_period(products=[nastar], capacity_capped=True, closes_in_days=0.001, delivery_in_days=3)
    period.closes_at = timezone.make_aware(datetime.combine(timezone.localdate(), time(23, 59, 59)))
    period.save()
    family_day = period.first_production_day + timedelta(days=1)
    desktop.goto(live_server.url + f"/produksi/kalender/?bulan={family_day:%Y-%m}")
    desktop.locator(f"a[href='/produksi/kalender/{family_day.isoformat()}/']").click()
    desktop.check("input[name=closed]")
    desktop.fill("input[name=note]", "Acara keluarga")
    desktop.get_by_role("button", name="Simpan").click()
    assert CalendarOverride.objects.get(day=family_day).closed
    assert "Acara keluarga" in desktop.locator("#month").inner_text()

    # One day of 360 minutes is left: 30 nastar. Fill it; the next order is refused.
    place_order(period=period, customer=make_customer(), lines={nastar: 25})
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={nastar: 6})
    assert refused.value.message.endswith("Yang masih bisa: 5 box Kue Nastar.")
    assert Order.objects.count() == 1

    desktop.goto(live_server.url + "/produksi/kapasitas/")
    assert "360 ÷ 12 → 30 box/hari" in desktop.locator("main").inner_text()

    # The helper opens today's list on a phone and marks today's nastar made.
    Order.objects.update(delivery_date=timezone.localdate() + timedelta(days=1))
    log_in(phone, live_server, "dapur")
    phone.get_by_role("link", name="Hari ini", exact=True).click()
    assert phone.locator("h1").inner_text().startswith("Hari ini")
    make = phone.locator("ul.tasks li").first
    assert "25 box Kue Nastar" in make.inner_text()
    make.get_by_role("button", name="Selesai").click()
    phone.locator("li.done").first.wait_for()
    assert "✓ 25 box Kue Nastar" in phone.locator("li.done").first.inner_text()
    assert ProductionDone.objects.get().quantity == 25
    # ...and packs the order for tomorrow, once it is paid.
    mark_paid(Order.objects.get())
    phone.locator("ul.tasks").nth(1).get_by_role("button", name="Siap").click()
    phone.locator("li.done").nth(1).wait_for()
    assert Order.objects.get().fulfilment_status == "ready"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
