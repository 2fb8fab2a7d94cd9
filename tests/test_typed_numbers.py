"""Money and quantities typed as Indonesians type them: every number field of every form reads them alike."""
import inspect
import re

import pytest
from django import forms
from django.urls import reverse

from decimal import Decimal

from common.fields import DecimalNumberField, WholeNumberField
from common.numbers import UnreadableNumber, parse_decimal_number, parse_whole_number
from orders import filters, forms as order_forms, forms_messages, forms_public, period_forms
from orders.forms import CorrectPaymentForm, OrderEntryForm, PaymentForm, RefundForm
from orders.forms_public import PublicOrderForm
from orders.models import PaymentStatus
from orders.period_forms import PeriodForm
from orders.roles import OWNER
from orders.services import place_order
from production import forms as production_forms
from production.forms import CalendarOverrideForm, DoneForm, ProductForm, RecipeItemForm, WorkCalendarForm
from production.models import WorkCalendar
from customers import forms as customer_forms
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db

# How people write one hundred fifty thousand, and one thousand five hundred.
MONEY = ["150000", "150.000", "Rp 150.000", "Rp150.000", "Rp150.000,-", "150.000,00", " rp. 150.000 ", "IDR 150.000"]
THOUSANDS = ["1500", "1.500", "1.500,00", "1.500,-", " 1500 "]
SMALL = ["12", "12,00", "12,-", " 12 "]
UNCLEAR = [("150,5", "decimal"), ("1.50", "grouping"), ("1.5000", "grouping"), ("150,000", "decimal"), ("1.5", "grouping"),
           ("12.5", "grouping"), ("1..500", "grouping"), ("dua", "invalid"), ("Rp", "invalid"), ("1 500", "invalid"),
           ("1e3", "invalid"), ("١٢", "invalid")]


@pytest.mark.parametrize("typed", MONEY)
def test_rupiah_typed_any_usual_way_reads_as_one_hundred_fifty_thousand(typed):
    assert parse_whole_number(typed) == 150_000


@pytest.mark.parametrize("typed, reason", UNCLEAR)
def test_unclear_numbers_are_refused_not_guessed(typed, reason):
    with pytest.raises(UnreadableNumber) as refused:
        parse_whole_number(typed)
    assert refused.value.code == reason


def test_numbers_from_a_spreadsheet_cell_are_read_when_whole():
    assert parse_whole_number(150000) == 150_000
    assert parse_whole_number(150000.0) == 150_000
    for cell in (150000.5, float("nan"), True):
        with pytest.raises(UnreadableNumber):
            parse_whole_number(cell)


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=75_000)
    period = make_period(products=[nastar])
    return nastar, period


# Each money or quantity field of each form: (name, how to build the form from data, field name, the number, formats).
def _entry(shop, data):
    return OrderEntryForm(data, period=shop[1]), f"qty_{shop[0].pk}"


def _public(shop, data):
    return PublicOrderForm(data, offers=shop[1].offers.select_related("product")), f"qty_{shop[0].pk}"


def _period_cap(shop, data):
    return PeriodForm(data, instance=shop[1]), f"cap_{shop[0].pk}"


def _simple(form_class, name):
    return lambda shop, data: (form_class(data), name)


FIELDS = [
    ("payment", _simple(PaymentForm, "amount"), 150_000, MONEY),
    ("correct payment", _simple(CorrectPaymentForm, "amount_paid"), 150_000, MONEY),
    ("refund", _simple(RefundForm, "amount"), 150_000, MONEY),
    ("product price", _simple(ProductForm, "price"), 150_000, MONEY),
    ("product units per batch", _simple(ProductForm, "units_per_batch"), 1_500, THOUSANDS),
    ("product minutes per batch", _simple(ProductForm, "minutes_per_batch"), 1_500, THOUSANDS),
    ("order entry quantity", _entry, 1_500, THOUSANDS),
    ("public order quantity", _public, 1_500, THOUSANDS),
    ("period unit cap", _period_cap, 1_500, THOUSANDS),
    ("period max orders", _simple(PeriodForm, "max_orders"), 1_500, THOUSANDS),
    ("period max orders per day", _simple(PeriodForm, "max_orders_per_day"), 1_500, THOUSANDS),
    ("period pay within hours", _simple(PeriodForm, "payment_deadline_hours"), 1_500, THOUSANDS),
    ("period lead days", _simple(PeriodForm, "lead_days"), 12, SMALL),
    ("calendar workers", _simple(WorkCalendarForm, "default_workers"), 12, SMALL),
    ("calendar exception workers", _simple(CalendarOverrideForm, "workers"), 12, SMALL),
    ("made today", _simple(DoneForm, "quantity"), 1_500, THOUSANDS),
]
CASES = [(label, build, number, typed) for label, build, number, formats in FIELDS for typed in formats]


@pytest.mark.parametrize("label, build, number, typed", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_every_number_field_reads_every_usual_format(shop, label, build, number, typed):
    form, name = build(shop, {})
    form, name = build(shop, {name: typed})
    form.is_valid()
    assert name not in form.errors, form.errors[name]
    assert form.cleaned_data[name] == number


UNCLEAR_IN_FORMS = [(label, build, typed) for label, build, _number, _formats in FIELDS for typed in ("150,5", "1.50", "1.5000")]


@pytest.mark.parametrize("label, build, typed", UNCLEAR_IN_FORMS, ids=[f"{c[0]}-{c[2]}" for c in UNCLEAR_IN_FORMS])
def test_every_number_field_refuses_unclear_numbers_with_an_indonesian_message(shop, label, build, typed):
    form, name = build(shop, {})
    form, name = build(shop, {name: typed})
    assert not form.is_valid()
    message = " ".join(form.errors[name])
    assert "koma" in message or "Titik memisahkan ribuan" in message


def _every_form_class():
    modules = [order_forms, forms_public, forms_messages, period_forms, filters, production_forms, customer_forms]
    return [cls for module in modules for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__]


def test_no_form_has_a_number_field_that_reads_dots_as_decimals(shop):
    """A new form with a plain IntegerField (or type=number input) would bring back Rp150 for "150.000"."""
    checked = 0
    # Declared fields of every form, plus the fields the order and period forms add per product.
    made = [OrderEntryForm(period=shop[1]), PublicOrderForm(offers=shop[1].offers.all()), PeriodForm()]
    field_sets = [(cls.__name__, cls.base_fields) for cls in _every_form_class()]
    field_sets += [(type(form).__name__, form.fields) for form in made]
    for form_name, fields in field_sets:
        for name, field in fields.items():
            if name == "page":  # the table's page number comes from links, not from typing
                continue
            if isinstance(field, forms.IntegerField):
                assert isinstance(field, (WholeNumberField, DecimalNumberField)), f"{form_name}.{name}"
                checked += 1
            assert not isinstance(field.widget, forms.NumberInput), f"{form_name}.{name} uses type=number"
    assert checked >= len(FIELDS)


# Hours and grams may have a fraction, written with a comma; dots still group thousands.
DECIMAL_FIELDS = [
    ("calendar hours", _simple(WorkCalendarForm, "default_hours"), [("6,5", "6.5"), ("6.5", "6.5"), ("10", "10"), ("7,25", "7.25")]),
    ("calendar exception hours", _simple(CalendarOverrideForm, "hours"), [("6,5", "6.5"), ("10", "10")]),
    ("recipe grams", _simple(RecipeItemForm, "quantity"), [("1.000", "1000"), ("1000", "1000"), ("0,5", "0.5"), ("1.250,5", "1250.5"), ("12.5", "12.5")]),
]
DECIMAL_CASES = [(label, build, typed, Decimal(read)) for label, build, pairs in DECIMAL_FIELDS for typed, read in pairs]


@pytest.mark.parametrize("label, build, typed, number", DECIMAL_CASES, ids=[f"{c[0]}-{c[2]}" for c in DECIMAL_CASES])
def test_hours_and_grams_read_a_comma_as_the_fraction_and_dots_as_thousands(shop, label, build, typed, number):
    form, name = build(shop, {})
    form, name = build(shop, {name: typed})
    form.is_valid()
    assert name not in form.errors, form.errors[name]
    assert form.cleaned_data[name] == number


@pytest.mark.parametrize("typed", ["1,000.5", "1.5.5", "6,5,5", "enam"])
def test_unclear_fractions_are_refused(typed):
    with pytest.raises(UnreadableNumber):
        parse_decimal_number(typed)


def test_ten_hours_shows_as_10_in_the_calendar_form_not_1e1():
    calendar = WorkCalendar.load()
    calendar.default_hours = Decimal("10.00")
    calendar.save()
    html = str(WorkCalendarForm(instance=calendar)["default_hours"])
    assert 'value="10"' in html


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def test_a_dp_typed_as_150_000_records_one_hundred_fifty_thousand(owner, shop):
    nastar, period = shop
    order = place_order(period=period, customer=make_customer(), lines={nastar: 4})
    owner.post(reverse("orders:order_payment", args=[order.code]), {"amount": "150.000", "method": "transfer"})
    order.refresh_from_db()
    assert order.amount_paid == 150_000 and order.payment_status == PaymentStatus.DEPOSIT
    owner.post(reverse("orders:order_refund", args=[order.code]), {"amount": "Rp 50.000", "method": "transfer", "reason": "kelebihan"})
    order.refresh_from_db()
    assert order.amount_refunded == 50_000


def test_a_customer_typing_1_500_boxes_orders_one_thousand_five_hundred(client, shop):
    nastar, period = shop
    page = client.get(f"/{period.slug}/").content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)
    data = {"name": "Ibu Ani", "whatsapp": "0812-3456-7890", "delivery_method": "pickup", "key": key}
    assert client.post(f"/{period.slug}/", {**data, f"qty_{nastar.pk}": "1.500"}).status_code == 302
    assert period.orders.get().lines.get().quantity == 1_500
