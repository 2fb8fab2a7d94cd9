"""Customers: WhatsApp numbers typed any usual way, one customer per number."""
import pytest
from django.core.exceptions import ValidationError

from customers.models import Customer
from customers.phone import display_whatsapp, normalize_whatsapp, wa_me_digits
from customers.services import find_or_create_customer
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["0812-3456-7890", "081234567890", "6281234567890", "62 812 3456 7890", "+62 812-3456-7890", "+6281234567890"])
def test_every_usual_way_of_writing_a_number_is_stored_the_same(typed):
    assert normalize_whatsapp(typed) == "+6281234567890"


def test_a_stored_number_is_shown_the_indonesian_way_and_linked_for_wa_me():
    assert display_whatsapp("+6281234567890") == "0812-3456-7890"
    assert wa_me_digits("+6281234567890") == "6281234567890"


def test_a_customer_without_a_number_is_allowed():
    assert normalize_whatsapp("  ") == ""
    make_customer("Ibu Ani", "")
    make_customer("Bapak Budi", "")
    assert Customer.objects.count() == 2


def test_something_that_is_not_a_number_gets_a_clear_indonesian_error():
    with pytest.raises(ValidationError) as error:
        normalize_whatsapp("bukan nomor")
    assert error.value.messages == ["“bukan nomor” bukan nomor WhatsApp yang benar. Tulis seperti 0812-3456-7890."]


def test_two_customers_cannot_share_a_number_however_it_is_typed():
    make_customer("Ibu Ani", "0812-3456-7890")
    duplicate = Customer(name="Ani", whatsapp="+62 812 3456 7890")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == ["Nomor WhatsApp ini sudah dipakai pelanggan lain."]


def test_find_or_create_returns_the_known_customer_and_fills_a_missing_address():
    ani = make_customer("Ibu Ani", "0812-3456-7890")
    found = find_or_create_customer(name="Ani (ibu)", whatsapp="62812-3456-7890", address="Jl. Kenanga 7")
    assert found.pk == ani.pk
    found.refresh_from_db()
    assert (found.name, found.address) == ("Ibu Ani", "Jl. Kenanga 7")


def test_find_or_create_makes_a_new_customer_for_a_new_number():
    customer = find_or_create_customer(name="  Mbak Sinta ", whatsapp="0857 1234 5678")
    assert (customer.name, customer.whatsapp) == ("Mbak Sinta", "+6285712345678")
    assert Customer.objects.count() == 1


def test_customers_are_found_by_a_number_typed_with_a_leading_zero():
    make_customer("Ibu Ani", "0812-3456-7890")
    make_customer("Bapak Budi", "0813-9999-0000")
    assert [c.name for c in Customer.objects.search("0812-3456")] == ["Ibu Ani"]
    assert [c.name for c in Customer.objects.search("budi")] == ["Bapak Budi"]
