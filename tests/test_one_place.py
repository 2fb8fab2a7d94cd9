"""Each rule has one named place: the pages and services ask the model, templates compare no statuses."""
import re
from pathlib import Path

import pytest
from django.urls import get_resolver
from django.utils import timezone

from orders.models import RESERVED_SLUGS, Order, PaymentStatus, PeriodState, PreorderPeriod
from orders.services import cancel_order, mark_paid, place_order, record_payment, refund
from orders.services.errors import OrderRefused
from tests.conftest import make_customer, make_period, make_product

ROOT = Path(__file__).resolve().parent.parent
# An order's or a period's status compared in a template (a table column's sort state is not one).
STATUS_COMPARISON = re.compile(
    r"(?<!col\.)\b(status|state)\s*(==|!=)|(==|!=)\s*['\"](upcoming|deposit|paid|refunded|picked_up|cancelled)['\"]"
)


def test_no_template_compares_a_status_string():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in STATUS_COMPARISON.finditer(path.read_text())
    ]
    assert found == []
    assert STATUS_COMPARISON.search('{% if order.payment_status == "paid" %}')
    assert STATUS_COMPARISON.search("{% if state == 'open' %}")


@pytest.mark.django_db
def test_the_period_window_is_one_rule_for_one_period_and_for_many():
    now = timezone.now()
    open_now = make_period("Buka", opens_in_days=-1, closes_in_days=2)
    later = make_period("Nanti", opens_in_days=1, closes_in_days=3)
    past = make_period("Lewat", opens_in_days=-5, closes_in_days=-1, delivery_in_days=1)
    by_hand = make_period("Ditutup", opens_in_days=-1, closes_in_days=2, closed_manually=True)
    assert [p.state(now) for p in (open_now, later, past, by_hand)] == [
        PeriodState.OPEN, PeriodState.UPCOMING, PeriodState.CLOSED, PeriodState.CLOSED
    ]
    assert open_now.is_open and not later.is_open and later.is_upcoming and not by_hand.is_open
    assert list(PreorderPeriod.objects.open_at(now)) == [open_now]
    assert list(PreorderPeriod.objects.upcoming(now)) == [later]
    assert set(PreorderPeriod.objects.open_or_upcoming(now)) == {open_now, later}
    for period in (open_now, later, past, by_hand):
        assert (period in PreorderPeriod.objects.open_at(now)) == (period.state(now) == PeriodState.OPEN)


@pytest.mark.django_db
def test_can_take_payment_says_what_the_payment_service_does():
    nastar = make_product(price=50_000)
    period = make_period(products=[nastar])

    def new_order(number):
        return place_order(period=period, customer=make_customer(whatsapp=f"0812-0000-00{number:02d}"), lines={nastar: 2})

    unpaid, deposit, paid, refunded, cancelled = (new_order(n) for n in range(5))
    deposit = record_payment(deposit, amount=10_000)
    paid = mark_paid(paid)
    refunded = refund(mark_paid(refunded), amount=100_000, reason="batal")
    cancelled = cancel_order(cancelled, reason="batal")
    expected = {unpaid: True, deposit: True, paid: False, refunded: False, cancelled: False}
    for order, can in expected.items():
        order = Order.objects.get(pk=order.pk)
        assert order.can_take_payment is can, order.payment_status
        if can:
            record_payment(order, amount=1_000)
        else:
            with pytest.raises(OrderRefused):
                record_payment(order, amount=1_000)
    assert Order.objects.get(pk=paid.pk).payment_status == PaymentStatus.PAID


def test_no_period_link_can_shadow_a_page_of_the_app():
    first_parts = {str(pattern.pattern).split("/")[0] for pattern in get_resolver().url_patterns}
    first_parts = {part for part in first_parts if part and not part.startswith("<")}
    assert first_parts <= RESERVED_SLUGS
    assert "baru" in RESERVED_SLUGS  # /pesanan/periode/baru/, the create page


def test_each_named_limit_is_defined_once():
    names = {"HORIZON_DAYS": 0, "RESERVED_SLUGS": 0, "MAX_QUANTITY": 0, "def next_order_code": 0}
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {"tests", "bench"} or path.parts[len(ROOT.parts)].startswith(".") or "migrations" in path.parts:
            continue
        text = path.read_text()
        for name in names:
            pattern = rf"^{name}\s*=" if not name.startswith("def") else rf"^{name}\("
            names[name] += len(re.findall(pattern, text, flags=re.M))
    assert names == {name: 1 for name in names}
    assert not re.search(r"9_?999", "\n".join(
        p.read_text() for p in ROOT.glob("*/**/*.py")
        if p.parts[len(ROOT.parts)] not in {"tests", "bench"} and not p.parts[len(ROOT.parts)].startswith(".") and p.name != "limits.py"
        and "migrations" not in p.parts  # a migration freezes the value it was made with
    ))
