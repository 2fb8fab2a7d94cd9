import pytest
from django.urls import reverse

from orders.models import FulfilmentStatus, PaymentStatus, StatusChange
from orders.roles import CUSTOMER_SERVICE, FINANCE, OWNER, PRODUCTION
from orders.services import mark_paid, place_order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    nastar = make_product("Kue Nastar", price=75_000)
    period = make_period(products=[nastar])
    return place_order(period=period, customer=make_customer(), lines={nastar: 2}, notes="Tanpa kacang")


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def url(name, order):
    return reverse(f"orders:{name}", args=[order.code])


def test_the_order_page_shows_customer_lines_money_and_notes(owner, order):
    html = owner.get(order.get_absolute_url()).content.decode()
    for text in ["Ibu Ani", "0812-3456-7890", "Kue Nastar", "2 box", "Rp150.000", "Sisa tagihan", "Tanpa kacang", "Pesanan dibuat"]:
        assert text in html, text


def test_an_unknown_order_code_is_404(owner, order):
    assert owner.get(reverse("orders:order_detail", args=["PO-0000-0000"])).status_code == 404


def test_a_dp_then_the_rest_makes_the_order_lunas_and_both_are_in_the_history(owner, order):
    owner.post(url("order_payment", order), {"amount": "50000", "method": "transfer", "note": "DP transfer"})
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.DEPOSIT and order.amount_paid == 50_000
    response = owner.post(url("order_mark_paid", order), {"next": order.get_absolute_url()}, follow=True)
    html = response.content.decode()
    assert "Belum Bayar → <strong>DP</strong>" in html and "DP → <strong>Lunas</strong>" in html
    assert "DP transfer" in html and "pemilik" in html


@pytest.mark.parametrize(
    "amount, message",
    [
        ("", "Bidang ini tidak boleh kosong."),
        ("-5", "Jumlah minimal Rp1."),
        ("abc", "Tulis jumlah dalam Rupiah bulat, misalnya 150000 atau 150.000."),
        ("150,5", "Rupiah tidak memakai sen"),
        ("1.50", "Titik memisahkan ribuan per tiga angka"),
        ("99999999999", "Jumlah terlalu besar."),
        ("200000", "Jumlah itu melebihi tagihan"),
    ],
)
def test_a_bad_payment_amount_is_explained_and_changes_nothing(owner, order, amount, message):
    response = owner.post(url("order_payment", order), {"amount": amount, "method": "transfer"})
    assert response.status_code == 422 and message in response.content.decode()
    order.refresh_from_db()
    assert order.amount_paid == 0 and not StatusChange.objects.exists()


def test_a_mistaken_payment_is_corrected(owner, order):
    owner.post(url("order_payment", order), {"amount": "100000", "method": "cash"})
    owner.post(url("order_correct_payment", order), {"amount_paid": "50000", "note": "salah ketik"})
    order.refresh_from_db()
    assert order.amount_paid == 50_000 and order.payment_status == PaymentStatus.DEPOSIT


def test_cancel_needs_a_reason(owner, order):
    response = owner.post(url("order_cancel", order), {"reason": ""})
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    owner.post(url("order_cancel", order), {"reason": "Pelanggan batal"})
    order.refresh_from_db()
    assert order.fulfilment_status == FulfilmentStatus.CANCELLED
    assert "Pelanggan batal" in owner.get(order.get_absolute_url()).content.decode()


def test_a_refund_is_recorded_with_its_reason(owner, order):
    owner.post(url("order_mark_paid", order))
    owner.post(url("order_cancel", order), {"reason": "Toko tutup"})
    response = owner.post(url("order_refund", order), {"amount": "150000", "method": "transfer", "reason": "Transfer balik"}, follow=True)
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED and order.amount_refunded == 150_000
    assert "−Rp150.000" in response.content.decode()


def test_a_refund_larger_than_paid_is_refused(owner, order):
    owner.post(url("order_payment", order), {"amount": "10000", "method": "cash"})
    response = owner.post(url("order_refund", order), {"amount": "20000", "method": "cash", "reason": "x"})
    assert "Pengembalian dana harus lebih dari Rp0" in response.content.decode()
    order.refresh_from_db()
    assert order.amount_refunded == 0


def test_status_buttons_follow_the_allowed_next_statuses(owner, order):
    order = mark_paid(order)
    html = owner.get(order.get_absolute_url()).content.decode()
    assert 'value="ready"' in html and 'value="picked_up"' in html and 'value="sent"' not in html
    owner.post(url("order_set_status", order), {"status": "ready", "next": order.get_absolute_url()})
    html = owner.get(order.get_absolute_url()).content.decode()
    assert "Belum Dikirim → <strong>Siap</strong>" in html


def test_the_page_has_the_spot_for_extra_actions(owner, order):
    response = owner.get(order.get_absolute_url())
    assert "orders/_order_actions_extra.html" in [t.name for t in response.templates]


def test_a_produksi_helper_sees_no_payment_forms_and_cannot_post_them(client, order):
    client.force_login(make_user("dapur", role=PRODUCTION))
    html = client.get(order.get_absolute_url()).content.decode()
    assert "Catat pembayaran" not in html and "Batalkan pesanan" not in html
    for name, data in [("order_payment", {"amount": "1000"}), ("order_refund", {"amount": "1", "reason": "x"}), ("order_correct_payment", {"amount_paid": "1", "note": "x"}), ("order_cancel", {"reason": "x"})]:
        assert client.post(url(name, order), data).status_code == 403
    order.refresh_from_db()
    assert order.amount_paid == 0 and order.fulfilment_status == FulfilmentStatus.PENDING


def test_cs_records_a_payment_received_and_cancels_but_gives_no_refunds_and_no_lunas(client, order):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    assert client.post(url("order_payment", order), {"amount": "1000", "method": "qris"}).status_code == 302
    assert client.post(url("order_mark_paid", order)).status_code == 403
    assert client.post(url("order_refund", order), {"amount": "1000", "method": "cash", "reason": "x"}).status_code == 403
    assert client.post(url("order_cancel", order), {"reason": "Dobel"}).status_code == 302
    order.refresh_from_db()
    assert (order.amount_paid, order.amount_refunded) == (1000, 0)


def test_keuangan_takes_payments(client, order):
    client.force_login(make_user("kasir", role=FINANCE))
    assert client.post(url("order_payment", order), {"amount": "1000", "method": "transfer"}).status_code == 302
