"""A one-tap "Lunas", "Siap" or "Sudah Dikirim" shows what changed with "Urungkan", which reverts it through the log."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import DeliveryMethod, FulfilmentStatus, PaymentStatus, StatusChange
from orders.roles import CUSTOMER_SERVICE, OWNER, PRODUCTION
from orders.services import OrderRefused, record_payment, set_fulfilment
from orders.services.undo import undo_change
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db
LIST = reverse("orders:order_list")


@pytest.fixture
def unpaid_order():
    nastar = make_product("Kue Nastar", price=75_000)
    period = make_period(products=[nastar], delivery_in_days=2)
    from orders.services import place_order

    return place_order(period=period, customer=make_customer(), lines={nastar: 2}, delivery_method=DeliveryMethod.DELIVERY, delivery_address="Jl. Melati 3")


@pytest.fixture
def order(unpaid_order):
    """Paid, so it may be packed and sent (orders.services.fulfilment.paid_enough_to_send)."""
    from orders.services import mark_paid

    return mark_paid(unpaid_order)


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def undo_button(html):
    """The change id in the page's Urungkan form."""
    marker = "/pesanan/urungkan/"
    assert marker in html, "no Urungkan button on the page"
    return int(html.split(marker)[1].split("/")[0])


def history(order):
    return [(change.from_status, change.to_status, change.note) for change in StatusChange.objects.filter(order=order)]


def test_a_mistaken_lunas_is_undone_back_to_the_dp_and_both_steps_are_in_the_history(owner, unpaid_order):
    order = unpaid_order
    record_payment(order, amount=50_000)
    page = owner.post(reverse("orders:order_mark_paid", args=[order.code]), {"next": LIST}, follow=True).content.decode()
    assert f"{order.code}: DP → <strong>Lunas</strong>" in page
    owner.post(reverse("orders:undo_change", args=[undo_button(page)]), {"next": LIST})
    order.refresh_from_db()
    assert (order.payment_status, order.amount_paid) == (PaymentStatus.DEPOSIT, 50_000)
    assert history(order)[-2:] == [("deposit", "paid", ""), ("paid", "deposit", "Diurungkan")]


def test_siap_and_sudah_dikirim_from_the_row_offer_urungkan_in_the_row(owner, order):
    url = reverse("orders:order_set_status", args=[order.code])
    row = owner.post(url, {"status": "ready", "next": LIST}, headers={"HX-Request": "true"}).content.decode()
    assert "Belum Dikirim → <strong>Siap</strong>" in row
    row = owner.post(url, {"status": "sent", "next": LIST}, headers={"HX-Request": "true"}).content.decode()
    assert "Siap → <strong>Sudah Dikirim</strong>" in row
    answer = owner.post(reverse("orders:undo_change", args=[undo_button(row)]), {"next": LIST}, follow=True)
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.READY
    assert "Diurungkan: " + order.code + " kembali “Siap”." in answer.content.decode()


def test_without_javascript_the_undo_offer_is_on_the_next_page_once(owner, order):
    page = owner.post(reverse("orders:order_set_status", args=[order.code]), {"status": "ready", "next": LIST}, follow=True).content.decode()
    assert "Urungkan" in page
    assert "/pesanan/urungkan/" not in owner.get(LIST).content.decode()


def test_the_kitchen_list_offers_urungkan_after_packing(client, order):
    client.force_login(make_user("produksi", role=PRODUCTION))
    fragment = client.post(reverse("production:today_order", args=[order.code, "pack"]), headers={"HX-Request": "true"}).content.decode()
    client.post(reverse("orders:undo_change", args=[undo_button(fragment)]))
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.PENDING


def test_an_undo_is_refused_once_something_else_changed_the_order(owner, order):
    owner.post(reverse("orders:order_set_status", args=[order.code]), {"status": "ready"})
    change = StatusChange.objects.filter(order=order).last()
    set_fulfilment(order, status=FulfilmentStatus.SENT)
    with pytest.raises(OrderRefused, match="sudah berubah lagi"):
        undo_change(change, by=change.by)
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.SENT


def test_an_undo_is_refused_after_two_minutes_and_for_someone_else(owner, order):
    owner.post(reverse("orders:order_set_status", args=[order.code]), {"status": "ready"})
    change = StatusChange.objects.filter(order=order).last()
    with pytest.raises(OrderRefused, match="Hanya orang yang membuat"):
        undo_change(change, by=make_user("cs", role=CUSTOMER_SERVICE))
    StatusChange.objects.filter(pk=change.pk).update(at=timezone.now() - timedelta(minutes=3))
    change.refresh_from_db()
    with pytest.raises(OrderRefused, match="terlambat"):
        undo_change(change, by=change.by)


def test_someone_without_the_delivery_permission_cannot_undo_a_delivery_change(client, owner, order):
    owner.post(reverse("orders:order_set_status", args=[order.code]), {"status": "ready"})
    change = StatusChange.objects.filter(order=order).last()
    client.force_login(make_user("keuangan-only", role=None))
    assert client.post(reverse("orders:undo_change", args=[change.pk])).status_code == 403


def test_sudah_dikirim_weeks_before_the_delivery_date_asks_first(owner, order):
    order.delivery_date = timezone.localdate() + timedelta(days=21)
    order.save()
    url = reverse("orders:order_set_status", args=[order.code])
    row = owner.post(url, {"status": "sent", "next": LIST}, headers={"HX-Request": "true"}).content.decode()
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.PENDING
    assert "lebih dari seminggu lagi" in row and 'name="confirm"' in row
    page = owner.post(url, {"status": "sent", "next": LIST}).content.decode()  # without JavaScript: a page that asks
    assert "lebih dari seminggu lagi" in page
    owner.post(url, {"status": "sent", "confirm": "1", "next": LIST})
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.SENT


def test_siap_weeks_ahead_still_takes_one_tap(owner, order):
    order.delivery_date = timezone.localdate() + timedelta(days=21)
    order.save()
    owner.post(reverse("orders:order_set_status", args=[order.code]), {"status": "ready"})
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.READY
