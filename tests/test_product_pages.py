import pytest
from django.urls import reverse

from orders.roles import CUSTOMER_SERVICE, OWNER, PRODUCTION
from production.models import Product
from tests.conftest import make_product, make_user

pytestmark = pytest.mark.django_db

GOOD = {"name": "Bolu Pandan", "unit": "loyang", "price": "Rp85.000", "units_per_batch": "4", "minutes_per_batch": "90", "is_active": "on"}


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))


def test_product_list_shows_price_unit_and_making_time(client, owner):
    make_product("Kue Nastar", price=75_000, units_per_batch=10, minutes_per_batch=120)
    make_product("Kastengel", is_active=False)
    page = client.get(reverse("production:product_list")).content.decode()
    assert "Kue Nastar" in page and "Rp75.000" in page and "10 per 120 menit" in page and "12 menit/unit" in page
    assert "Tidak aktif" in page


def test_product_search_filters_and_htmx_gets_only_the_results(client, owner):
    make_product("Kue Nastar")
    make_product("Putri Salju")
    page = client.get(reverse("production:product_list"), {"q": "salju"}).content.decode()
    assert "Putri Salju" in page and "Kue Nastar" not in page
    fragment = client.get(reverse("production:product_list"), {"q": "nas"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="results">') and "Kue Nastar" in fragment and "<html" not in fragment


def test_owner_creates_a_product_with_a_price_written_the_indonesian_way(client, owner):
    response = client.post(reverse("production:product_create"), GOOD)
    assert response.url == reverse("production:product_list")
    product = Product.objects.get()
    assert (product.name, product.unit, product.price, product.units_per_batch, product.minutes_per_batch) == ("Bolu Pandan", "loyang", 85_000, 4, 90)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "-5000", "Harga tidak boleh negatif."),
        ("price", "12,5", "Rupiah tidak memakai sen"),
        ("units_per_batch", "0", "Satu adonan minimal menghasilkan 1 unit."),
        ("minutes_per_batch", "0", "Satu adonan minimal butuh 1 menit."),
        ("name", "", "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_product_input_shows_an_indonesian_error_and_saves_nothing(client, owner, field, value, message):
    response = client.post(reverse("production:product_create"), {**GOOD, field: value})
    assert message in response.content.decode()
    assert not Product.objects.exists()


def test_a_second_product_with_the_same_name_is_refused(client, owner):
    make_product("Bolu Pandan")
    response = client.post(reverse("production:product_create"), GOOD)
    assert "Produk dengan nama ini sudah ada." in response.content.decode()
    assert Product.objects.count() == 1


def test_editing_a_product_changes_its_price(client, owner):
    product = make_product("Kue Nastar", price=75_000)
    form = client.get(reverse("production:product_edit", args=[product.pk])).content.decode()
    assert 'value="75000"' in form
    client.post(reverse("production:product_edit", args=[product.pk]), {**GOOD, "name": "Kue Nastar", "price": "80.000"})
    product.refresh_from_db()
    assert product.price == 80_000


def test_production_helper_may_edit_products(client):
    client.force_login(make_user("dapur", role=PRODUCTION))
    product = make_product()
    assert client.get(reverse("production:product_edit", args=[product.pk])).status_code == 200


def test_customer_service_sees_products_but_cannot_add_or_edit_them(client):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    product = make_product()
    assert client.get(reverse("production:product_list")).status_code == 200
    assert client.post(reverse("production:product_create"), GOOD).status_code == 403
    assert client.post(reverse("production:product_edit", args=[product.pk]), GOOD).status_code == 403
    assert list(Product.objects.values_list("name", flat=True)) == ["Kue Nastar"]
