"""Changing an order's products after it was placed: the caps, the prices, the money and the log follow."""
import pytest
from django.urls import reverse

from orders.models import Order, PaymentMethod, PaymentStatus, StatusChange
from orders.roles import CUSTOMER_SERVICE, FINANCE
from orders.services import OrderRefused, cancel_order, place_order, record_payment
from orders.services.editing import change_lines
from orders.services.messages import customer_links
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=50_000)
    putri = make_product("Putri Salju", unit="toples", price=40_000)
    period = make_period(products=[(nastar, 5), putri])
    order = place_order(period=period, customer=make_customer(), lines={nastar: 2})
    return nastar, putri, period, order


def fresh(order):
    return Order.objects.get(pk=order.pk)


def test_adding_a_box_and_a_product_is_logged_as_a_readable_diff(shop):
    nastar, putri, _period, order = shop
    change_lines(order, quantities={nastar: 3, putri: 1}, by=make_user("cs", role=CUSTOMER_SERVICE))
    change = StatusChange.objects.get(order=order, kind=StatusChange.Kind.LINES)
    assert change.note == "Kue Nastar 2 → 3 box; + Putri Salju 1 toples"
    assert change.by.username == "cs"
    assert fresh(order).total == 3 * 50_000 + 40_000


def test_an_increase_beyond_the_cap_is_refused_with_what_is_left_and_saves_nothing(shop):
    nastar, _putri, period, order = shop
    place_order(period=period, customer=make_customer("Ibu Sari", "0812-1111-2222"), lines={nastar: 2})
    with pytest.raises(OrderRefused, match="Kue Nastar tinggal 1 box"):
        change_lines(order, quantities={nastar: 4})
    assert fresh(order).total == 100_000
    assert not StatusChange.objects.filter(kind=StatusChange.Kind.LINES).exists()
    change_lines(order, quantities={nastar: 3})  # its own two boxes count as free: one more fits


def test_a_decrease_always_fits_and_frees_quota(shop):
    nastar, _putri, period, order = shop
    place_order(period=period, customer=make_customer("Ibu Sari", "0812-1111-2222"), lines={nastar: 3})
    change_lines(order, quantities={nastar: 1})
    place_order(period=period, customer=make_customer("Ibu Rina", "0812-3333-4444"), lines={nastar: 1})
    with pytest.raises(OrderRefused):
        place_order(period=period, customer=make_customer("Ibu Dewi", "0812-5555-6666"), lines={nastar: 1})


def test_units_on_the_order_keep_their_price_and_added_units_take_todays(shop):
    nastar, _putri, _period, order = shop
    nastar.price = 60_000
    nastar.save()
    change_lines(order, quantities={nastar: 3})
    lines = sorted(fresh(order).lines.values_list("quantity", "unit_price"))
    assert lines == [(1, 60_000), (2, 50_000)]
    change_lines(order, quantities={nastar: 2})  # the newest units go first
    assert list(fresh(order).lines.values_list("quantity", "unit_price")) == [(2, 50_000)]


def test_lunas_becomes_short_after_an_increase_and_overpaid_after_a_decrease(shop):
    nastar, _putri, _period, order = shop
    record_payment(order, amount=100_000, method=PaymentMethod.TRANSFER)
    assert fresh(order).payment_status == PaymentStatus.PAID
    change_lines(order, quantities={nastar: 3})
    order = fresh(order)
    assert (order.payment_status, order.balance_due) == (PaymentStatus.DEPOSIT, 50_000)
    change_lines(order, quantities={nastar: 1})
    order = fresh(order)
    assert (order.get_payment_status_display(), order.overpaid_by) == ("Lebih Bayar", 50_000)
    assert StatusChange.objects.filter(order=order, kind=StatusChange.Kind.PAYMENT, to_status=PaymentStatus.OVERPAID).exists()


@pytest.mark.parametrize("status", ["cancelled", "sent", "picked_up"])
def test_a_cancelled_sent_or_picked_up_order_cannot_change_its_products(shop, status):
    nastar, _putri, _period, order = shop
    if status == "cancelled":
        cancel_order(order, reason="Batal")
    else:
        Order.objects.filter(pk=order.pk).update(fulfilment_status=status)
    with pytest.raises(OrderRefused, match="tidak bisa diubah"):
        change_lines(order, quantities={nastar: 3})
    assert fresh(order).total == 100_000


def test_the_second_of_two_staff_editing_at_once_is_told_the_order_changed(shop):
    nastar, putri, _period, order = shop
    seen = {nastar.pk: 2}
    change_lines(order, quantities={nastar: 3}, expected=seen)
    with pytest.raises(OrderRefused, match="baru saja diubah"):
        change_lines(order, quantities={nastar: 2, putri: 1}, expected=seen)
    assert dict(fresh(order).lines.values_list("product_id", "quantity")) == {nastar.pk: 3}


def test_a_role_that_may_not_take_orders_may_not_edit_them(shop):
    nastar, _putri, _period, order = shop
    with pytest.raises(OrderRefused):
        change_lines(order, quantities={nastar: 3}, by=make_user("kasir", role=FINANCE))


def test_the_whatsapp_order_changed_message_carries_the_diff(shop):
    nastar, putri, _period, order = shop
    assert "Perubahan pesanan" not in [label for label, _link in customer_links(order)]
    change_lines(order, quantities={nastar: 2, putri: 1})
    links = dict(customer_links(fresh(order)))
    assert "Perubahan%20pesanan" not in links["Perubahan pesanan"]
    assert "%2B%20Putri%20Salju%201%20toples" in links["Perubahan pesanan"]


def test_a_cs_helper_edits_the_order_from_its_page(client, shop):
    nastar, putri, _period, order = shop
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Ubah produk" in page and "harga hari ini" in page
    url = reverse("orders:order_edit_lines", args=[order.code])
    seen = f"{nastar.pk}:2"
    response = client.post(url, {f"qty_{nastar.pk}": "3", f"qty_{putri.pk}": "1", "seen": seen}, follow=True)
    html = response.content.decode()
    assert "Kue Nastar 2 → 3 box; + Putri Salju 1 toples" in html
    response = client.post(url, {f"qty_{nastar.pk}": "9", f"qty_{putri.pk}": "1", "seen": f"{nastar.pk}:3,{putri.pk}:1"})
    assert response.status_code == 422 and "Kue Nastar tinggal 2 box" in response.content.decode()
    response = client.post(url, {f"qty_{nastar.pk}": "1", "seen": seen})  # the page was opened before the first edit
    assert response.status_code == 422 and "baru saja diubah" in response.content.decode()
    assert fresh(order).total == 3 * 50_000 + 40_000
