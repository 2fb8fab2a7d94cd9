"""Placing an order: the window, the products on offer, every cap alone and together, prices and codes."""
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from orders.models import Order, OrderLine, PreorderPeriod
from orders.services import OrderRefused, cancel_order, place_order
from production.models import CalendarOverride
from tests.conftest import make_customer, make_period, make_product, set_calendar

pytestmark = pytest.mark.django_db


def refusal(**kwargs):
    with pytest.raises(OrderRefused) as refused:
        place_order(**kwargs)
    return refused.value.message


def another(number):
    """Customer number `number` (the same one when asked again)."""
    return Customer.objects.filter(name=f"Pelanggan {number}").first() or make_customer(
        f"Pelanggan {number}", f"0813-1111-{number:04d}"
    )


# --- the window ---------------------------------------------------------------------------

def test_an_order_before_the_po_opens_is_refused_with_the_opening_date():
    nastar = make_product()
    period = make_period(products=[nastar], opens_in_days=2, closes_in_days=5, delivery_in_days=8)
    message = refusal(period=period, customer=make_customer(), lines={nastar: 1})
    opens = timezone.localtime(period.opens_at)
    assert message.startswith("PO ini baru dibuka ")
    assert str(opens.year) in message
    assert Order.objects.count() == 0


def test_an_order_after_the_po_closes_is_refused():
    nastar = make_product()
    period = make_period(products=[nastar], opens_in_days=-5, closes_in_days=-1, delivery_in_days=2)
    message = refusal(period=period, customer=make_customer(), lines={nastar: 1})
    assert message.startswith("PO ini sudah ditutup pada ")
    assert Order.objects.count() == 0


def test_a_po_closed_by_the_owner_takes_no_more_orders():
    nastar = make_product()
    period = make_period(products=[nastar], closed_manually=True)
    assert refusal(period=period, customer=make_customer(), lines={nastar: 1}) == "PO ini sudah ditutup."


def test_the_closing_moment_itself_is_already_closed():
    nastar = make_product()
    period = make_period(products=[nastar])
    ani = make_customer()
    message = refusal(period=period, customer=ani, lines={nastar: 1}, now=period.closes_at)
    assert message.startswith("PO ini sudah ditutup pada ")
    order = place_order(period=period, customer=ani, lines={nastar: 1}, now=period.closes_at - timedelta(seconds=1))
    assert order.pk


# --- products ----------------------------------------------------------------------------

def test_a_product_not_on_offer_in_this_po_is_refused_by_name():
    nastar, lapis = make_product(), make_product("Kue Lapis", unit="loyang")
    period = make_period(products=[nastar])
    assert refusal(period=period, customer=make_customer(), lines={lapis: 1}) == "Kue Lapis tidak tersedia di PO ini."


def test_an_inactive_product_cannot_be_ordered_even_when_on_offer():
    nastar = make_product(is_active=False)
    period = make_period(products=[nastar])
    assert refusal(period=period, customer=make_customer(), lines={nastar: 1}) == "Kue Nastar sedang tidak dijual."


# --- prices and totals -------------------------------------------------------------------

def test_changing_a_price_later_does_not_change_orders_already_placed():
    nastar = make_product(price=25_000)
    period = make_period(products=[nastar])
    order = place_order(period=period, customer=make_customer(), lines={nastar: 3})
    nastar.price = 30_000
    nastar.save()
    order.refresh_from_db()
    assert order.lines.get().unit_price == 25_000
    assert order.total == 75_000
    newer = place_order(period=period, customer=another(1), lines={nastar: 1})
    assert newer.total == 30_000


def test_the_total_adds_every_line_and_with_totals_agrees():
    nastar = make_product(price=25_000)
    brownies = make_product("Brownies Kukus", unit="loyang", price=25_000)
    lapis = make_product("Kue Lapis", unit="loyang", price=40_000)
    period = make_period(products=[nastar, brownies, lapis])
    order = place_order(period=period, customer=make_customer(), lines={nastar: 3, brownies: 2, lapis: 1})
    assert order.total == 75_000 + 50_000 + 40_000
    annotated = Order.objects.with_totals().get(pk=order.pk)
    assert annotated.total_amount == 165_000
    assert annotated.total_units == 6
    assert annotated.total == 165_000


def test_an_order_lists_the_same_product_twice_as_one_line():
    nastar = make_product()
    period = make_period(products=[nastar])
    order = place_order(period=period, customer=make_customer(), lines=[(nastar, 2), (nastar.pk, 1)])
    assert list(order.lines.values_list("quantity", flat=True)) == [3]


# --- unit cap ----------------------------------------------------------------------------

def test_the_unit_cap_says_how_many_are_left():
    nastar = make_product()
    period = make_period(products=[(nastar, 5)])
    place_order(period=period, customer=make_customer(), lines={nastar: 3})
    assert refusal(period=period, customer=another(1), lines={nastar: 3}) == "Kuota Kue Nastar tinggal 2 box."
    place_order(period=period, customer=another(1), lines={nastar: 2})
    assert refusal(period=period, customer=another(2), lines={nastar: 1}) == "Kuota Kue Nastar sudah habis."


def test_cancelling_an_order_frees_its_units_for_someone_else():
    nastar = make_product()
    period = make_period(products=[(nastar, 3)])
    first = place_order(period=period, customer=make_customer(), lines={nastar: 3})
    assert refusal(period=period, customer=another(1), lines={nastar: 1}) == "Kuota Kue Nastar sudah habis."
    cancel_order(first, reason="Pelanggan batal")
    assert place_order(period=period, customer=another(1), lines={nastar: 3}).total == 75_000


def test_a_refused_line_saves_none_of_the_other_lines():
    nastar = make_product()
    lapis = make_product("Kue Lapis", unit="loyang")
    period = make_period(products=[(nastar, 10), (lapis, 1)])
    assert refusal(period=period, customer=make_customer(), lines={nastar: 2, lapis: 2}) == "Kuota Kue Lapis tinggal 1 loyang."
    assert (Order.objects.count(), OrderLine.objects.count()) == (0, 0)


# --- order caps --------------------------------------------------------------------------

def test_the_po_takes_at_most_its_number_of_orders():
    nastar = make_product()
    period = make_period(products=[nastar], max_orders=2)
    place_order(period=period, customer=another(1), lines={nastar: 1})
    place_order(period=period, customer=another(2), lines={nastar: 1})
    assert refusal(period=period, customer=another(3), lines={nastar: 1}) == "PO ini sudah penuh: maksimal 2 pesanan."


def test_the_daily_order_cap_resets_the_next_day():
    nastar = make_product()
    period = make_period(products=[nastar], max_orders_per_day=1, opens_in_days=-3)
    today = timezone.now()
    yesterday = today - timedelta(days=1)
    place_order(period=period, customer=another(1), lines={nastar: 1}, now=yesterday)
    place_order(period=period, customer=another(2), lines={nastar: 1}, now=today)
    assert refusal(period=period, customer=another(3), lines={nastar: 1}, now=today) == (
        "Batas 1 pesanan hari ini sudah tercapai. Silakan pesan lagi besok."
    )


def test_the_daily_cap_counts_days_in_jakarta_time():
    nastar = make_product()
    period = make_period(products=[nastar], max_orders_per_day=1, opens_in_days=-3)
    # 23.30 and 00.30 Jakarta time are two different days, although both are the same UTC day.
    late = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=1), datetime.min.time())) + timedelta(hours=23, minutes=30)
    early = late + timedelta(hours=1)
    place_order(period=period, customer=another(1), lines={nastar: 1}, now=late)
    assert place_order(period=period, customer=another(2), lines={nastar: 1}, now=early).pk


def test_a_cancelled_order_does_not_count_towards_the_order_caps():
    nastar = make_product()
    period = make_period(products=[nastar], max_orders=1, max_orders_per_day=1)
    first = place_order(period=period, customer=another(1), lines={nastar: 1})
    cancel_order(first, reason="Salah input")
    assert place_order(period=period, customer=another(2), lines={nastar: 1}).pk


# --- capacity ----------------------------------------------------------------------------

def capacity_period(products, *, days_of_work=1, **caps):
    """A period open since 3 days ago that closes at 01.00 tomorrow (Jakarta), with
    `days_of_work` full work days between the close and the delivery date."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    closes = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time())) + timedelta(hours=1)
    period = make_period(products=products, opens_in_days=-3, capacity_capped=True, **caps)
    period.closes_at = closes
    period.delivery_date = tomorrow + timedelta(days=1 + days_of_work)
    period.save()
    return period


def test_capacity_follows_the_article_thirty_cakes_a_day():
    set_calendar(hours=6, workers=1)
    nastar = make_product(units_per_batch=10, minutes_per_batch=120)  # 12 minutes a cake
    period = capacity_period([nastar])
    from orders.services.quota import period_usage

    assert period_usage(period).minutes_available == 360
    place_order(period=period, customer=another(1), lines={nastar: 28})
    assert refusal(period=period, customer=another(2), lines={nastar: 3}) == (
        "Kapasitas produksi sebelum tanggal kirim tidak cukup. Yang masih bisa: 2 box Kue Nastar."
    )
    place_order(period=period, customer=another(2), lines={nastar: 2})
    assert refusal(period=period, customer=another(3), lines={nastar: 1}) == (
        "Kapasitas produksi PO ini sudah penuh: tidak ada lagi yang bisa dibuat sebelum tanggal kirim."
    )


def test_capacity_is_shared_between_products_by_their_making_time():
    set_calendar(hours=6, workers=1)
    nastar = make_product(units_per_batch=10, minutes_per_batch=120)  # 12 min
    lapis = make_product("Kue Lapis", unit="loyang", units_per_batch=1, minutes_per_batch=60)  # 60 min
    period = capacity_period([nastar, lapis])
    place_order(period=period, customer=another(1), lines={lapis: 5})  # 300 of 360 minutes
    assert refusal(period=period, customer=another(2), lines={nastar: 6}) == (
        "Kapasitas produksi sebelum tanggal kirim tidak cukup. Yang masih bisa: 5 box Kue Nastar."
    )


def test_a_closed_day_in_the_calendar_leaves_no_capacity():
    set_calendar(hours=6, workers=1)
    nastar = make_product()
    period = capacity_period([nastar])
    CalendarOverride.objects.create(day=period.first_production_day, closed=True, note="Arisan")
    assert refusal(period=period, customer=make_customer(), lines={nastar: 1}) == (
        "Kapasitas produksi PO ini sudah penuh: tidak ada lagi yang bisa dibuat sebelum tanggal kirim."
    )


def test_an_extra_hand_on_one_day_adds_capacity():
    set_calendar(hours=6, workers=1)
    nastar = make_product()
    period = capacity_period([nastar])
    CalendarOverride.objects.create(day=period.first_production_day, hours=6, workers=2)
    assert place_order(period=period, customer=make_customer(), lines={nastar: 60}).pk


# --- combined caps -----------------------------------------------------------------------

def test_the_tightest_cap_wins_when_every_cap_is_on():
    set_calendar(hours=6, workers=1)
    nastar = make_product()
    period = capacity_period([(nastar, 20)], days_of_work=2, max_orders=3, max_orders_per_day=2)
    # capacity 60 units, unit cap 20: the unit cap speaks first
    assert refusal(period=period, customer=another(1), lines={nastar: 21}) == "Kuota Kue Nastar tinggal 20 box."
    place_order(period=period, customer=another(1), lines={nastar: 5})
    place_order(period=period, customer=another(2), lines={nastar: 5})
    # then the daily cap (2 today) before the period cap (3)
    assert refusal(period=period, customer=another(3), lines={nastar: 1}).startswith("Batas 2 pesanan hari ini")
    place_order(period=period, customer=another(3), lines={nastar: 1}, now=timezone.now() - timedelta(days=1))
    assert refusal(period=period, customer=another(4), lines={nastar: 1}) == "PO ini sudah penuh: maksimal 3 pesanan."


# --- idempotency and codes ---------------------------------------------------------------

def test_submitting_the_same_form_twice_returns_the_first_order():
    nastar = make_product()
    period = make_period(products=[(nastar, 5)])
    first = place_order(period=period, customer=make_customer(), lines={nastar: 3}, idempotency_key="form-abc")
    again = place_order(period=period, customer=make_customer("Ibu Ani lagi", "0899-0000-1111"), lines={nastar: 3}, idempotency_key="form-abc")
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert Customer.objects.count() == 2  # the second form's customer existed already; nothing new from the repeat


def test_submitting_the_same_form_twice_on_an_uncapped_period_returns_the_first_order():
    nastar = make_product()
    period = make_period(products=[(nastar, None)])
    first = place_order(period=period, customer=Customer(name="Bu Rina", whatsapp="0812-7777-0001"), lines={nastar: 2}, idempotency_key="form-x")
    again = place_order(period=period, customer=Customer(name="Bu Rina", whatsapp="0812-7777-0001"), lines={nastar: 2}, idempotency_key="form-x")
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert OrderLine.objects.count() == 1
    assert Customer.objects.count() == 1


def test_a_known_number_keeps_its_customer_and_fills_an_empty_address():
    nastar = make_product()
    period = make_period(products=[(nastar, None)])
    known = Customer.objects.create(name="Bu Rina", whatsapp="+6281277770002")
    order = place_order(
        period=period, customer=Customer(name="Rina K", whatsapp="0812-7777-0002", address="Jl. Melati 3"), lines={nastar: 1}
    )
    known.refresh_from_db()
    assert order.customer_id == known.pk
    assert (known.name, known.address) == ("Bu Rina", "Jl. Melati 3")


def test_order_codes_count_up_per_month_of_the_order_date():
    nastar = make_product()
    period = PreorderPeriod.objects.create(
        name="PO Juni",
        slug="po-juni",
        opens_at=timezone.make_aware(datetime(2025, 5, 25)),
        closes_at=timezone.make_aware(datetime(2025, 6, 6)),
        delivery_date=datetime(2025, 6, 8).date(),
    )
    period.offers.create(product=nastar)
    may = timezone.make_aware(datetime(2025, 5, 31, 23, 59))
    june = timezone.make_aware(datetime(2025, 6, 1, 0, 1))
    codes = [
        place_order(period=period, customer=another(1), lines={nastar: 1}, now=may).code,
        place_order(period=period, customer=another(2), lines={nastar: 1}, now=june).code,
        place_order(period=period, customer=another(3), lines={nastar: 1}, now=june).code,
        place_order(period=period, customer=another(4), lines={nastar: 1}, now=may).code,
    ]
    assert codes == ["PO-2505-0001", "PO-2506-0001", "PO-2506-0002", "PO-2505-0002"]


def test_a_new_customer_is_saved_with_the_order_and_found_again_by_number():
    nastar = make_product()
    period = make_period(products=[nastar])
    first = place_order(period=period, customer=Customer(name="Mbak Sinta", whatsapp="0857 1234 5678"), lines={nastar: 1})
    second = place_order(period=period, customer=Customer(name="Sinta", whatsapp="+62 857-1234-5678"), lines={nastar: 1})
    assert first.customer_id == second.customer_id
    assert Customer.objects.get().name == "Mbak Sinta"


def test_delivery_by_the_shop_needs_an_address():
    nastar = make_product()
    period = make_period(products=[nastar])
    ani = make_customer()
    assert refusal(period=period, customer=ani, lines={nastar: 1}, delivery_method="delivery") == (
        "Alamat kirim wajib diisi."
    )
    order = place_order(
        period=period, customer=ani, lines={nastar: 1}, delivery_method="courier", delivery_address="Jl. Melati 3"
    )
    assert order.delivery_date == period.delivery_date
