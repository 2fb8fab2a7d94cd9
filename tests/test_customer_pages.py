import pytest
from django.urls import reverse

from customers.models import Customer
from orders.roles import CUSTOMER_SERVICE, OWNER, PRODUCTION
from orders.services import cancel_order, place_order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))


def test_customers_are_found_by_name_or_by_number_as_typed(client, owner):
    make_customer("Ibu Ani", "0812-3456-7890")
    make_customer("Bapak Budi", "0813-1111-2222")
    by_name = client.get(reverse("customers:customer_list"), {"q": "budi"}).content.decode()
    assert "Bapak Budi" in by_name and "Ibu Ani" not in by_name
    by_number = client.get(reverse("customers:customer_list"), {"q": "0812 3456"}).content.decode()
    assert "Ibu Ani" in by_number and "Bapak Budi" not in by_number


def test_live_search_answers_only_the_results_fragment(client, owner):
    make_customer("Ibu Ani")
    fragment = client.get(reverse("customers:customer_list"), {"q": "ani"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="results">') and "Ibu Ani" in fragment and "<html" not in fragment
    nothing = client.get(reverse("customers:customer_list"), {"q": "zzz"}, headers={"HX-Request": "true"}).content.decode()
    assert "Tidak ada pelanggan yang cocok." in nothing


def test_a_new_customer_is_saved_with_the_number_normalised(client, owner):
    response = client.post(reverse("customers:customer_create"), {"name": "Ibu Sari", "whatsapp": "0857 1234 5678", "address": "", "notes": ""})
    customer = Customer.objects.get()
    assert response.url == reverse("customers:customer_detail", args=[customer.pk])
    assert customer.whatsapp == "+6285712345678"


def test_a_bad_number_shows_an_indonesian_error_and_saves_nothing(client, owner):
    response = client.post(reverse("customers:customer_create"), {"name": "Ibu Sari", "whatsapp": "12345"})
    assert "“12345” bukan nomor WhatsApp yang benar. Tulis seperti 0812-3456-7890." in response.content.decode()
    assert not Customer.objects.exists()


def test_a_number_another_customer_has_is_refused_on_the_field(client, owner):
    make_customer("Ibu Ani", "0812-3456-7890")
    response = client.post(reverse("customers:customer_create"), {"name": "Ani lagi", "whatsapp": "+62 812 3456 7890"})
    page = response.content.decode()
    assert page.count("Nomor WhatsApp ini sudah dipakai pelanggan lain.") == 1
    assert Customer.objects.count() == 1


def test_editing_a_customer_keeps_their_own_number(client, owner):
    customer = make_customer("Ibu Ani", "0812-3456-7890")
    client.post(reverse("customers:customer_edit", args=[customer.pk]), {"name": "Ibu Ani Rahma", "whatsapp": "081234567890"})
    customer.refresh_from_db()
    assert (customer.name, customer.whatsapp) == ("Ibu Ani Rahma", "+6281234567890")


def test_customer_page_shows_orders_newest_first_and_a_new_customer_badge(client, owner):
    nastar = make_product("Kue Nastar", price=75_000)
    customer = make_customer()
    first = place_order(period=make_period("PO Lebaran", products=[nastar]), customer=customer, lines={nastar: 1})
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    assert "Pelanggan baru" in page and first.code in page and "PO Lebaran" in page and "Rp75.000" in page
    second = place_order(period=make_period("PO Natal", products=[nastar]), customer=customer, lines={nastar: 2})
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    assert "Pelanggan langganan" in page
    assert page.index(second.code) < page.index(first.code)


def test_a_cancelled_order_does_not_make_a_repeat_customer(client, owner):
    nastar = make_product()
    customer = make_customer()
    period = make_period(products=[nastar])
    place_order(period=period, customer=customer, lines={nastar: 1})
    cancel_order(place_order(period=period, customer=customer, lines={nastar: 1}), reason="salah pesan")
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    assert "Pelanggan baru" in page and "Dibatalkan" in page


def test_production_helper_sees_customers_but_cannot_add_or_edit_them(client):
    client.force_login(make_user("dapur", role=PRODUCTION))
    customer = make_customer()
    assert client.get(reverse("customers:customer_detail", args=[customer.pk])).status_code == 200
    assert client.post(reverse("customers:customer_create"), {"name": "X", "whatsapp": ""}).status_code == 403
    assert client.post(reverse("customers:customer_edit", args=[customer.pk]), {"name": "X", "whatsapp": ""}).status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Ibu Ani" and Customer.objects.count() == 1


def test_customer_service_adds_customers(client):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    client.post(reverse("customers:customer_create"), {"name": "Ibu Sari", "whatsapp": ""})
    assert Customer.objects.get().name == "Ibu Sari"


def test_back_button_history_restore_gets_the_whole_page(client, owner):
    make_customer("Ibu Ani")
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    page = client.get(reverse("customers:customer_list"), {"q": "ani"}, headers=headers).content.decode()
    assert "<html" in page and "Ibu Ani" in page
