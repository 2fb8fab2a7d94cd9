"""The admin is usable by the owner, in Indonesian: lists, search, filters, the order with its lines and log."""
import pytest

from orders.services import mark_paid, place_order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/", "/admin/orders/order/", "/admin/orders/preorderperiod/", "/admin/orders/statuschange/",
    "/admin/customers/customer/", "/admin/production/product/", "/admin/production/workcalendar/",
    "/admin/production/calendaroverride/",
]


@pytest.fixture
def owner_client(client):
    client.force_login(make_user("pemilik", role="Pemilik", superuser=True))
    return client


def test_every_admin_list_opens_for_the_owner(owner_client):
    nastar = make_product()
    period = make_period(products=[nastar])
    place_order(period=period, customer=make_customer(), lines={nastar: 3})
    for path in PAGES:
        assert owner_client.get(path).status_code == 200, path
    assert owner_client.get(f"/admin/orders/preorderperiod/{period.pk}/change/").status_code == 200


def test_the_order_list_searches_by_name_or_number_and_shows_indonesian_statuses_and_totals(owner_client):
    nastar = make_product()
    period = make_period(products=[nastar])
    order = place_order(period=period, customer=make_customer("Ibu Ani", "0812-3456-7890"), lines={nastar: 3})
    place_order(period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={nastar: 1})
    page = owner_client.get("/admin/orders/order/", {"q": "Ani"}).content.decode()
    assert order.code in page and "Bapak Budi" not in page
    assert "Rp75.000" in page and "Belum Bayar" in page and "Cari" in page
    assert "Ibu Ani" in owner_client.get("/admin/orders/order/", {"q": "+6281234567890"}).content.decode()
    filtered = owner_client.get("/admin/orders/order/", {"payment_status__exact": "paid"}).content.decode()
    assert order.code not in filtered


def test_the_order_page_shows_its_lines_and_its_history_in_indonesian(owner_client):
    nastar = make_product()
    period = make_period(products=[nastar])
    order = place_order(period=period, customer=make_customer(), lines={nastar: 3})
    mark_paid(order)
    page = owner_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "item pesanan" in page.lower() and "3 × Kue Nastar" in page
    assert "Belum Bayar" in page and "Lunas" in page
    assert "deletelink" not in page  # orders are cancelled, never deleted


def test_the_work_calendar_is_edited_never_duplicated(owner_client):
    from production.models import WorkCalendar

    WorkCalendar.load()
    assert owner_client.get("/admin/production/workcalendar/add/").status_code == 403
    assert owner_client.get("/admin/production/workcalendar/1/change/").status_code == 200
