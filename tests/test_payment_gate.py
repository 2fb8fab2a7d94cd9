"""The hand-off gate: an order is packed or sent only when paid as its period requires; the owner
may override with a reason, which is logged. Courier and resi on an order, and the 'sent' message."""
import pytest
from django.urls import reverse

from orders.models import FulfilmentStatus, MessageTemplate, Order, StatusChange
from orders.roles import COURIER, OWNER, PRODUCTION
from orders.services import OrderRefused, mark_paid, place_order, record_payment, set_fulfilment
from orders.services.fulfilment import PAID_ENOUGH_TO_SEND, paid_enough_to_send, set_shipping
from orders.services.messages import render_message
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    nastar = make_product(price=50_000)
    period = make_period(products=[nastar])
    return place_order(
        period=period, customer=make_customer(), lines={nastar: 2},
        delivery_method="courier", delivery_address="Jl. Melati 3",
    )


def fulfilment_log(order):
    return list(StatusChange.objects.filter(order=order, kind="fulfilment").values_list("to_status", "note", "by__username"))


def test_an_unpaid_order_cannot_be_packed_by_the_kitchen(order):
    kitchen = make_user("dapur", role=PRODUCTION)
    with pytest.raises(OrderRefused) as refused:
        set_fulfilment(order, status="ready", by=kitchen)
    assert refused.value.message == f"Pesanan {order.code} belum dibayar (Belum Bayar): belum bisa menjadi “Siap” sampai dibayar."
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.PENDING and fulfilment_log(order) == []


def test_a_deposit_is_enough_only_where_the_period_says_so(order):
    kitchen = make_user("dapur", role=PRODUCTION)
    order = record_payment(order, amount=50_000)
    with pytest.raises(OrderRefused, match=r"belum dibayar \(DP\)"):
        set_fulfilment(order, status="ready", by=kitchen)
    order.period.deposit_enough_to_send = True
    order.period.save()
    assert set_fulfilment(Order.objects.get(pk=order.pk), status="ready", by=kitchen).fulfilment_status == "ready"


def test_a_paid_order_is_packed_and_sent_without_a_reason(order):
    kitchen = make_user("dapur", role=PRODUCTION)
    order = mark_paid(order)
    set_fulfilment(order, status="ready", by=kitchen)
    set_fulfilment(order, status="sent", by=kitchen)
    assert fulfilment_log(order) == [("ready", "", "dapur"), ("sent", "", "dapur")]


def test_the_owner_overrides_with_a_reason_and_the_override_is_logged(order):
    owner = make_user("pemilik", role=OWNER)
    with pytest.raises(OrderRefused, match="tulis alasannya"):
        set_fulfilment(order, status="sent", by=owner, override_reason="  ")
    set_fulfilment(order, status="sent", by=owner, override_reason="Pelanggan langganan, bayar di tempat")
    assert fulfilment_log(order) == [
        ("sent", "Belum dibayar (Belum Bayar), dikecualikan: Pelanggan langganan, bayar di tempat", "pemilik"),
    ]


def test_a_reason_from_someone_who_may_not_override_changes_nothing(order, client):
    client.force_login(make_user("kurir", role=COURIER))
    response = client.post(
        reverse("orders:order_set_status", args=[order.code]), {"status": "sent", "override_reason": "saya mau"}, follow=True
    )
    assert "belum bisa menjadi “Sudah Dikirim” sampai dibayar" in response.content.decode()
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.PENDING and fulfilment_log(order) == []


def test_the_order_page_offers_the_owner_the_override_and_hides_packing_from_the_kitchen(order, client):
    client.force_login(make_user("dapur", role=PRODUCTION))
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Belum dibayar: dikemas dan dikirim setelah dibayar." in page
    assert 'value="ready"' not in page and "override_reason" not in page
    client.force_login(make_user("pemilik", role=OWNER))
    page = client.get(order.get_absolute_url()).content.decode()
    assert "override_reason" in page and 'value="ready"' in page
    client.post(reverse("orders:order_set_status", args=[order.code]), {"status": "ready", "override_reason": "Diambil besok pagi"})
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.READY


def test_the_rule_and_its_query_agree(order):
    cases = [("unpaid", False, False), ("deposit", False, False), ("deposit", True, True), ("paid", False, True), ("refunded", True, False)]
    for payment, deposit_enough, expected in cases:
        Order.objects.filter(pk=order.pk).update(payment_status=payment)
        order.period.deposit_enough_to_send = deposit_enough
        order.period.save()
        fresh = Order.objects.select_related("period").get(pk=order.pk)
        assert paid_enough_to_send(fresh) is expected, payment
        assert Order.objects.filter(PAID_ENOUGH_TO_SEND, pk=order.pk).exists() is expected, payment


def test_courier_and_resi_are_saved_logged_and_in_the_sent_message(order, client):
    client.force_login(make_user("kurir", role=COURIER))
    response = client.post(reverse("orders:order_shipping", args=[order.code]), {"courier": "jne", "tracking_number": " JX-12345 "})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.courier, order.tracking_number) == ("jne", "JX-12345")
    change = StatusChange.objects.get(order=order, kind="shipping")
    assert (change.to_status, change.by.username) == ("JNE JX-12345", "kurir")
    text = render_message(MessageTemplate.Kind.SENT, order)
    assert "dengan JNE" in text and "JX-12345" in text


@pytest.mark.parametrize("resi, message", [
    ("J" * 500, "Pastikan nilai ini mengandung paling banyak 40 karakter"),
    ("<b>JX1</b>", "Nomor resi hanya berisi huruf, angka dan tanda minus."),
])
def test_a_long_or_html_resi_is_refused_and_nothing_saved(order, client, resi, message):
    client.force_login(make_user("kurir", role=COURIER))
    response = client.post(reverse("orders:order_shipping", args=[order.code]), {"courier": "jne", "tracking_number": resi})
    assert response.status_code == 422
    assert message in response.content.decode()
    order.refresh_from_db()
    assert (order.courier, order.tracking_number) == ("", "")
    assert not StatusChange.objects.filter(order=order, kind="shipping").exists()


def test_a_pickup_order_has_no_courier(order):
    Order.objects.filter(pk=order.pk).update(delivery_method="pickup")
    with pytest.raises(OrderRefused, match="tidak memakai kurir"):
        set_shipping(Order.objects.get(pk=order.pk), courier="jne", tracking_number="JX1")


def test_the_log_is_append_only(order):
    mark_paid(order)
    change = StatusChange.objects.get(order=order)
    change.note = "diubah"
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()
    assert StatusChange.objects.get(pk=change.pk).note == ""
