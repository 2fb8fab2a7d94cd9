"""Units held while the buyer fills in the public form count against the caps like orders."""
import threading
from datetime import timedelta

import itertools

import pytest
from django.db import connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import Customer
from orders.models import Hold, HoldLine, Order, OrderLine
from orders.services import OrderRefused, cancel_order, place_order
from orders.services.holds import hold_units, release_hold, session_hold
from orders.services.quota import period_usage
from tests.conftest import make_period, make_product

pytestmark = pytest.mark.django_db
runs = itertools.count(1000)


def buyer(n):
    return Customer(name=f"Pembeli {n}", whatsapp=f"+62812{n:08d}")


def test_held_units_are_not_offered_to_anyone_else():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 10)])
    hold_units(period=period, session_key="sesi-a", lines={nastar: 8})
    assert period_usage(period).products[nastar.pk].left == 2
    with pytest.raises(OrderRefused, match="2"):
        hold_units(period=period, session_key="sesi-b", lines={nastar: 3})
    with pytest.raises(OrderRefused, match="2"):
        place_order(period=period, customer=buyer(1), lines={nastar: 3})
    assert Order.objects.count() == 0


def test_an_expired_hold_stops_counting_without_any_job():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 10)], hold_minutes=10)
    hold_units(period=period, session_key="sesi-a", lines={nastar: 10})
    later = timezone.now() + timedelta(minutes=11)
    assert period_usage(period, now=later).products[nastar.pk].left == 10
    place_order(period=period, customer=buyer(1), lines={nastar: 10}, now=later)


def test_ordering_turns_the_hold_into_the_order_counted_once():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 10)])
    hold_units(period=period, session_key="sesi-a", lines={nastar: 10})
    order = place_order(period=period, customer=buyer(1), lines={nastar: 10}, hold_session="sesi-a")
    assert order.lines.get().quantity == 10
    assert session_hold(period=period, session_key="sesi-a") is None
    assert period_usage(period).products[nastar.pk].left == 0
    assert Hold.objects.get().converted_at is not None


def test_a_refused_order_keeps_its_hold():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 10)])
    hold_units(period=period, session_key="sesi-a", lines={nastar: 4})
    with pytest.raises(OrderRefused):
        place_order(period=period, customer=buyer(1), lines={nastar: 11}, hold_session="sesi-a")
    assert session_hold(period=period, session_key="sesi-a").lines.get().quantity == 4


def test_one_hold_per_session_its_quantities_can_change_within_the_caps():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 10)])
    hold_units(period=period, session_key="sesi-a", lines={nastar: 4})
    hold_units(period=period, session_key="sesi-a", lines={nastar: 10})  # a second tab of the same session
    assert Hold.objects.count() == 1
    assert period_usage(period).products[nastar.pk].left == 0
    with pytest.raises(OrderRefused):
        hold_units(period=period, session_key="sesi-a", lines={nastar: 11})
    assert session_hold(period=period, session_key="sesi-a").lines.get().quantity == 10  # the earlier hold stays
    assert release_hold(period=period, session_key="sesi-a")
    assert period_usage(period).products[nastar.pk].left == 10


def test_a_hold_counts_as_an_order_against_the_cap_on_orders():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[nastar], max_orders=1)
    hold_units(period=period, session_key="sesi-a", lines={nastar: 1})
    with pytest.raises(OrderRefused):
        place_order(period=period, customer=buyer(1), lines={nastar: 1})
    place_order(period=period, customer=buyer(2), lines={nastar: 1}, hold_session="sesi-a")


def test_no_hold_on_a_closed_period():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[nastar], closes_in_days=-1, opens_in_days=-3, delivery_in_days=2)
    with pytest.raises(OrderRefused):
        hold_units(period=period, session_key="sesi-a", lines={nastar: 1})
    assert not Hold.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_racing_for_the_last_ten_units_hold_exactly_ten_and_half_of_them_order():
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 10)])
    held, refused = [], []

    def take(n):
        try:
            hold_units(period=period, session_key=f"sesi-{n}", lines={nastar: 1})
            held.append(n)
        except OrderRefused:
            refused.append(n)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(held) == 10 and len(refused) == 40

    def order(n):
        try:
            place_order(period=period, customer=buyer(n), lines={nastar: 1}, hold_session=f"sesi-{n}")
        finally:
            connections.close_all()

    buyers = [threading.Thread(target=order, args=(n,)) for n in held[:5]]
    for thread in buyers:
        thread.start()
    for thread in buyers:
        thread.join()
    usage = period_usage(period)
    assert usage.products[nastar.pk].sold == 5 and usage.products[nastar.pk].held == 5 and usage.products[nastar.pk].left == 0


def _form(client, period, **fields):
    import re

    page = client.get(f"/{period.slug}/").content.decode()
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    return {"key": key, "name": "Ibu Ani", "whatsapp": "0812-3456-7890", "delivery_method": "pickup", "website": ""} | fields


def test_without_javascript_lanjut_holds_the_units_and_the_order_takes_them(client):
    from django.test import Client

    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 3)], hold_minutes=10)
    held = client.post(f"/{period.slug}/", _form(client, period, **{f"qty_{nastar.pk}": "3", "hold": "1"}))
    page = held.content.decode()
    until = timezone.localtime(Hold.objects.get().expires_at).strftime("%H.%M")
    assert held.status_code == 200 and f"Disimpan untuk Anda sampai {until}" in page
    # Another buyer sees nothing left while the units are held, and is told why.
    other = Client().get(f"/{period.slug}/").content.decode()
    assert "sedang disimpan pembeli lain" in other and "badge warn\">sedang disimpan<" in other
    answer = client.post(f"/{period.slug}/", _form(client, period, **{f"qty_{nastar.pk}": "3"}))
    assert answer.status_code == 302
    assert Order.objects.get().lines.get().quantity == 3
    assert Hold.objects.get().converted_at is not None


def test_lanjut_for_more_than_is_left_holds_nothing_and_says_what_is_left(client):
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 3)])
    answer = client.post(f"/{period.slug}/", _form(client, period, **{f"qty_{nastar.pk}": "4", "hold": "1"}))
    assert answer.status_code == 409 and "3" in answer.content.decode()
    assert not Hold.objects.exists()


def test_the_owner_sets_the_hold_minutes_per_period_and_empty_means_ten(client):
    from django.urls import reverse

    from orders.models import PreorderPeriod
    from orders.roles import OWNER
    from tests.conftest import make_user
    from tests.test_period_pages import period_data

    client.force_login(make_user("pemilik", role=OWNER))
    nastar = make_product("Kue Nastar")
    client.post(reverse("orders:period_create"), period_data([(nastar, None)], name="PO Cepat", hold_minutes="3"))
    client.post(reverse("orders:period_create"), period_data([(nastar, None)], name="PO Biasa", hold_minutes=""))
    assert PreorderPeriod.objects.get(name="PO Cepat").hold_minutes == 3
    assert PreorderPeriod.objects.get(name="PO Biasa").hold_minutes == 10


hold_steps = st.lists(
    st.one_of(
        st.tuples(st.just("hold"), st.integers(0, 4), st.integers(1, 6)),
        st.tuples(st.just("order"), st.integers(0, 4), st.integers(1, 6)),
        st.tuples(st.just("release"), st.integers(0, 4)),
        st.tuples(st.just("wait"), st.integers(1, 12)),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
    ),
    max_size=20,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=hold_steps)
def test_held_and_sold_units_never_pass_the_cap_in_any_sequence(steps):
    with transaction.atomic():
        run = next(runs)
        nastar = make_product(f"Kue Nastar {run}")
        period = make_period(f"PO {run}", products=[(nastar, 10)], hold_minutes=10)
        clock = timezone.now()
        orders = []
        for kind, *args in steps:
            try:
                if kind == "hold":
                    hold_units(period=period, session_key=f"s{args[0]}", lines={nastar: args[1]}, now=clock)
                elif kind == "order":
                    orders.append(
                        place_order(period=period, customer=buyer(next(runs)), lines={nastar: args[1]}, hold_session=f"s{args[0]}", now=clock)
                    )
                elif kind == "release":
                    release_hold(period=period, session_key=f"s{args[0]}")
                elif kind == "wait":
                    clock += timedelta(minutes=args[0])
                elif kind == "cancel" and orders:
                    cancel_order(orders[args[0] % len(orders)], reason="Batal")
            except OrderRefused:
                pass
            usage = period_usage(period, now=clock).products[nastar.pk]
            sold = sum(line.quantity for line in OrderLine.objects.filter(order__period=period).exclude(order__fulfilment_status="cancelled"))
            held = sum(line.quantity for line in HoldLine.objects.filter(hold__in=Hold.objects.active(clock).filter(period=period)))
            assert sold + held <= 10
            assert usage.sold == sold and usage.held == held and usage.left == 10 - sold - held
        transaction.set_rollback(True)


def test_the_cleanup_deletes_only_holds_that_ended_long_ago():
    from django.core.management import call_command

    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 10)])
    long_ago = timezone.now() - timedelta(days=61)
    Hold.objects.create(period=period, session_key="lama", created_at=long_ago, expires_at=long_ago + timedelta(minutes=10))
    hold_units(period=period, session_key="baru", lines={nastar: 2})
    call_command("clean_old_holds", stdout=__import__("io").StringIO())
    assert list(Hold.objects.values_list("session_key", flat=True)) == ["baru"]
    assert period_usage(period).products[nastar.pk].held == 2
