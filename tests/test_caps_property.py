"""Property: whatever sequence of orders and cancellations comes in, the service accepts exactly
what a simple model of the caps accepts, and no cap is ever exceeded."""
import itertools

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orders.models import OrderLine
from orders.services import OrderRefused, cancel_order, place_order
from tests.conftest import make_customer, make_period, make_product

pytestmark = pytest.mark.django_db

CAPS = {"nastar": 6, "lapis": 4}
MAX_ORDERS = 5
serial = itertools.count()

steps = st.lists(
    st.one_of(
        st.tuples(st.just("order"), st.integers(0, 4), st.integers(0, 3)),  # nastar qty, lapis qty
        st.tuples(st.just("cancel"), st.integers(0, 20), st.just(0)),
    ),
    max_size=14,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_the_service_accepts_exactly_what_the_caps_allow(steps):
    run = next(serial)
    nastar = make_product(f"Kue Nastar {run}")
    lapis = make_product(f"Kue Lapis {run}", unit="loyang")
    period = make_period(f"PO {run}", products=[(nastar, CAPS["nastar"]), (lapis, CAPS["lapis"])], max_orders=MAX_ORDERS)
    customer = make_customer(f"Pelanggan {run}", "")
    active = []  # (order, nastar, lapis) the model believes are active
    for kind, first, second in steps:
        if kind == "cancel":
            if active:
                order, *_ = active.pop(first % len(active))
                cancel_order(order, reason="Batal")
            continue
        lines = {product: qty for product, qty in ((nastar, first), (lapis, second)) if qty}
        if not lines:
            continue
        sold_nastar = sum(n for _o, n, _l in active)
        sold_lapis = sum(m for _o, _n, m in active)
        allowed = (
            sold_nastar + first <= CAPS["nastar"] and sold_lapis + second <= CAPS["lapis"] and len(active) < MAX_ORDERS
        )
        try:
            order = place_order(period=period, customer=customer, lines=lines)
        except OrderRefused:
            assert not allowed
        else:
            assert allowed
            active.append((order, first, second))
        sold = {
            row["product_id"]: row["quantity"]
            for row in OrderLine.objects.filter(order__period=period).exclude(order__fulfilment_status="cancelled")
            .values("product_id").annotate(quantity=Sum("quantity"))
        }
        assert sold.get(nastar.pk, 0) <= CAPS["nastar"] and sold.get(lapis.pk, 0) <= CAPS["lapis"]
