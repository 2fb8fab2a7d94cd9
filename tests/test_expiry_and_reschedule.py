"""Unpaid orders past the payment deadline expire and free the quota; orders move to another date or PO."""
import importlib
import pkgutil
from datetime import date, timedelta

import pytest
from django import forms
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from orders.models import Order, StatusChange
from orders.roles import OWNER
from orders.services import OrderRefused, cancel_order, place_order, record_payment
from orders.selectors import overdue_orders
from orders.services.expiry import EXPIRY_REASON, expire_unpaid_orders
from orders.services.quota import period_usage
from orders.services.rescheduling import reschedule_order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def nastar():
    return make_product("Kue Nastar")


def _order(period, product, qty, whatsapp="0812-3456-7890", hours_ago=0):
    return place_order(
        period=period,
        customer=make_customer(f"C{whatsapp[-4:]}", whatsapp),
        lines={product: qty},
        now=timezone.now() - timedelta(hours=hours_ago),
    )


def test_unpaid_orders_past_the_deadline_expire_and_their_units_go_back_on_sale(nastar):
    period = make_period(products=[(nastar, 10)], payment_deadline_hours=24, opens_in_days=-5)
    late = _order(period, nastar, 4, hours_ago=30)
    fresh = _order(period, nastar, 3, "0813-1111-2222", hours_ago=2)
    paid_late = _order(period, nastar, 2, "0813-1111-3333", hours_ago=30)
    record_payment(paid_late, amount=10_000)
    assert [o.code for o in overdue_orders()] == [late.code]
    assert expire_unpaid_orders(by=make_user("pemilik", role="Pemilik")) == [late.code]
    late.refresh_from_db()
    assert late.is_cancelled
    assert late.changes.get(kind="fulfilment").note == EXPIRY_REASON
    assert period_usage(period).products[nastar.pk].left == 10 - 3 - 2
    fresh.refresh_from_db()
    assert not fresh.is_cancelled


def test_a_period_without_deadline_expires_nothing(nastar):
    period = make_period(products=[(nastar, 10)], opens_in_days=-30)
    _order(period, nastar, 1, hours_ago=500)
    assert expire_unpaid_orders() == []


def test_the_command_expires_on_a_schedule(nastar, capsys):
    period = make_period(products=[(nastar, 10)], payment_deadline_hours=1)
    late = _order(period, nastar, 1, hours_ago=2)
    call_command("expire_unpaid")
    assert late.code in capsys.readouterr().out
    assert Order.objects.get(pk=late.pk).is_cancelled


def test_the_expire_button_on_the_unpaid_page(nastar, client):
    period = make_period(products=[(nastar, 10)], payment_deadline_hours=1)
    late = _order(period, nastar, 1, hours_ago=2)
    client.force_login(make_user("pemilik", role="Pemilik"))
    page = client.get("/pesanan/belum-bayar/").content.decode()
    assert "lewat batas bayar" in page
    answer = client.post("/pesanan/belum-bayar/kedaluwarsa/", follow=True)
    assert late.code in answer.content.decode()
    assert Order.objects.get(pk=late.pk).is_cancelled


def test_an_order_moves_to_another_period_with_room(nastar):
    june = make_period("PO Juni", products=[(nastar, 10)])
    july = make_period("PO Juli", products=[(nastar, 5)], delivery_in_days=20)
    order = _order(june, nastar, 4)
    reschedule_order(order, period=july, by=None, note="Oven rusak")
    order.refresh_from_db()
    assert order.period == july and order.delivery_date == july.delivery_date
    change = order.changes.get(kind=StatusChange.Kind.SCHEDULE)
    assert change.note == "Oven rusak" and "PO Juli" in change.to_status
    assert period_usage(june).products[nastar.pk].left == 10
    assert period_usage(july).products[nastar.pk].left == 1


def test_a_full_target_period_refuses_the_move_and_nothing_changes(nastar):
    june = make_period("PO Juni", products=[(nastar, 10)])
    july = make_period("PO Juli", products=[(nastar, 3)], delivery_in_days=20)
    order = _order(june, nastar, 4)
    with pytest.raises(OrderRefused) as refused:
        reschedule_order(order, period=july, note="x")
    assert "tinggal 3 box" in refused.value.message
    order.refresh_from_db()
    assert order.period == june and not order.changes.exists()


def test_a_product_not_on_offer_in_the_target_refuses_the_move(nastar):
    june = make_period("PO Juni", products=[(nastar, 10)])
    july = make_period("PO Juli", products=[(make_product("Bolu"), 3)], delivery_in_days=20)
    with pytest.raises(OrderRefused) as refused:
        reschedule_order(_order(june, nastar, 1), period=july, note="x")
    assert "Kue Nastar tidak tersedia di PO ini" in refused.value.message


def test_an_order_moves_to_a_later_date_in_its_period(nastar, client):
    june = make_period("PO Juni", products=[(nastar, 10)])
    order = _order(june, nastar, 1)
    later = june.delivery_date + timedelta(days=2)
    client.force_login(make_user("cs", role="CS"))
    answer = client.post(f"/pesanan/{order.code}/jadwal/", {"period": june.pk, "delivery_date": later.isoformat(), "note": "Hujan"})
    assert answer.status_code == 302
    order.refresh_from_db()
    assert order.delivery_date == later
    too_early = client.post(f"/pesanan/{order.code}/jadwal/", {"period": june.pk, "delivery_date": timezone.localdate().isoformat(), "note": "x"})
    assert "Tanggal baru harus setelah PO ditutup" in too_early.content.decode()


def test_a_cancelled_order_cannot_be_rescheduled(nastar):
    from orders.services import cancel_order

    june = make_period("PO Juni", products=[(nastar, 10)])
    order = cancel_order(_order(june, nastar, 1), reason="batal")
    with pytest.raises(OrderRefused):
        reschedule_order(order, delivery_date=june.delivery_date + timedelta(days=1), note="x")


def test_a_cancelled_order_page_offers_no_reschedule_button(client, nastar):
    client.force_login(make_user("pemilik", role=OWNER))
    order = _order(make_period(products=[nastar]), nastar, 1)
    assert "Ubah jadwal" in client.get(order.get_absolute_url()).content.decode()
    cancel_order(order, reason="Pelanggan batal")
    assert "Ubah jadwal" not in client.get(order.get_absolute_url()).content.decode()


def test_the_history_names_both_periods_and_both_dates_in_full(nastar, client):
    june = make_period("PO Lebaran 2027 gelombang pertama", slug="po-lebaran-2027-yt56", products=[nastar], delivery_in_days=6)
    july = make_period("PO Lebaran 2027 gelombang kedua", slug="po-lebaran-2027-yt57", products=[nastar], delivery_in_days=20)
    order = _order(june, nastar, 1)
    reschedule_order(order, period=july, note="Oven rusak")
    client.force_login(make_user("pemilik", role=OWNER))
    page = client.get(order.get_absolute_url()).content.decode()
    expected = "{}, {} → <strong>{}, {}</strong>".format(
        june.name, date_format(june.delivery_date, "j F Y"), july.name, date_format(july.delivery_date, "j F Y")
    )
    assert expected in page


def test_a_long_period_name_is_kept_whole_in_the_database(nastar):
    long_name = "PO Lebaran 2027 — nastar, kastengel dan putri salju, gelombang ketiga untuk reseller luar kota"
    june = make_period("PO Juni", products=[nastar])
    later = make_period(long_name, slug="po-lebaran-panjang", products=[nastar], delivery_in_days=20)
    order = reschedule_order(_order(june, nastar, 1), period=later, note="x")
    assert order.changes.get().to_label == f"{long_name}, {date_format(later.delivery_date, 'j F Y')}"


def test_the_reschedule_form_starts_on_the_orders_date_and_offers_only_periods_still_open(nastar, client):
    june = make_period("PO Juni", products=[nastar])
    make_period("PO Mei", products=[nastar], opens_in_days=-40, closes_in_days=-30, delivery_in_days=-25)
    make_period("PO Juli", products=[nastar], opens_in_days=10, closes_in_days=20, delivery_in_days=25)
    make_period("PO Ditutup", products=[nastar], closed_manually=True)
    order = _order(june, nastar, 1)
    client.force_login(make_user("pemilik", role=OWNER))
    page = client.get(f"/pesanan/{order.code}/jadwal/").content.decode()
    assert f'type="date" name="delivery_date" value="{order.delivery_date.isoformat()}"' in page
    assert "PO Juni" in page and "PO Juli" in page
    assert "PO Mei" not in page and "PO Ditutup" not in page


def test_a_past_period_cannot_be_chosen_by_posting_it(nastar, client):
    june = make_period("PO Juni", products=[nastar])
    may = make_period("PO Mei", products=[nastar], opens_in_days=-40, closes_in_days=-30, delivery_in_days=-25)
    order = _order(june, nastar, 1)
    client.force_login(make_user("pemilik", role=OWNER))
    answer = client.post(f"/pesanan/{order.code}/jadwal/", {"period": may.pk, "delivery_date": "", "note": "x"})
    assert answer.status_code == 200 and "Masukkan pilihan yang valid" in answer.content.decode()
    order.refresh_from_db()
    assert order.period == june


def _project_forms():
    """Every form class the project's apps define (imported from their modules)."""
    for package in ("customers", "production", "orders"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [form for form in subclasses(forms.BaseForm) if form.__module__.split(".")[0] in ("customers", "production", "orders")]


def test_every_date_input_in_the_app_gets_an_iso_date_in_indonesian():
    found = []
    with translation.override("id"):
        for form in _project_forms():
            for name, field in getattr(form, "base_fields", {}).items():
                if getattr(field.widget, "input_type", "") == "date":
                    found.append(f"{form.__name__}.{name}")
                    assert field.widget.format_value(date(2027, 3, 6)) == "2027-03-06", f"{form.__name__}.{name}"
    assert {"RescheduleForm.delivery_date", "PeriodForm.delivery_date", "OrderFilterForm.delivery"} <= set(found)
