import pytest

from orders.services import OrderRefused, place_order
from tests.conftest import make_customer, make_period, make_product

pytestmark = pytest.mark.django_db


def test_last_boxes_cannot_be_sold_twice():
    nastar = make_product()
    period = make_period(products=[(nastar, 5)])
    place_order(period=period, customer=make_customer(), lines={nastar: 3})
    with pytest.raises(OrderRefused) as refused:
        place_order(period=period, customer=make_customer("Bapak Budi", "0813-1111-2222"), lines={nastar: 3})
    assert refused.value.message == "Kuota Kue Nastar tinggal 2 box."
