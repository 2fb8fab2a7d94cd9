"""Announcing a PO: the share text from the owner's template and the poster with its QR code."""
import io

import pytest
import zxingcpp
from PIL import Image

from orders.announcement import poster_pages
from orders.roles import CUSTOMER_SERVICE, OWNER, PRODUCTION
from tests.conftest import make_period, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    nastar = make_product("Kue Nastar", price=75_000, unit="toples")
    lapis = make_product("<b>Lapis</b> Legit", price=250_000, unit="loyang")
    return make_period("PO Lebaran 2026", slug="lebaran-2026", products=[(nastar, 40), lapis], max_orders=60)


@pytest.fixture
def owner(client):
    client.force_login(make_user("owner", role=OWNER))
    return client


def _poster(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


@pytest.mark.parametrize("name, size", [("feed", (1080, 1350)), ("status", (1080, 1920))])
def test_the_poster_is_a_png_of_the_right_size_whose_qr_opens_the_public_page(owner, period, name, size):
    image = _poster(owner, f"/pesanan/periode/lebaran-2026/poster-{name}.png")
    assert image.size == size
    found = zxingcpp.read_barcodes(image)
    assert [code.text for code in found] == ["http://testserver/lebaran-2026/"]


def test_the_share_text_has_the_menu_prices_dates_quota_and_link(owner, period):
    page = owner.get("/pesanan/periode/lebaran-2026/umumkan/").content.decode()
    assert "Kue Nastar: Rp75.000 / toples · tinggal 40" in page
    assert "&lt;b&gt;Lapis&lt;/b&gt; Legit" in page and "<b>Lapis" not in page
    assert "Kuota: 60" in page and "http://testserver/lebaran-2026/" in page
    assert "https://wa.me/?text=" in page


def test_a_period_with_forty_products_splits_the_poster_into_pages(owner):
    products = [make_product(f"Kue Kering Nomor {n:02d}", price=50_000 + n) for n in range(40)]
    make_period("PO Besar", slug="po-besar", products=products)
    from orders.models import PreorderPeriod

    pages = poster_pages(PreorderPeriod.objects.get(slug="po-besar"))
    assert pages > 1
    last = _poster(owner, f"/pesanan/periode/po-besar/poster-feed.png?page={pages}")
    assert last.size == (1080, 1350)
    assert zxingcpp.read_barcodes(last)[0].text == "http://testserver/po-besar/"
    assert "Unduh 1/%d" % pages in owner.get("/pesanan/periode/po-besar/umumkan/").content.decode()


def test_the_owner_words_the_announcement(owner, period):
    owner.get("/pesanan/template-pesan/")
    owner.post("/pesanan/template-pesan/", {"kind": "announcement", "announcement-text": "BUKA! {periode} {link}"})
    assert "BUKA! PO Lebaran 2026 http://testserver/lebaran-2026/" in owner.get("/pesanan/periode/lebaran-2026/umumkan/").content.decode()


@pytest.mark.parametrize("role", [CUSTOMER_SERVICE, PRODUCTION])
def test_helpers_who_see_periods_may_share_the_poster(client, period, role):
    client.force_login(make_user("helper", role=role))
    assert client.get("/pesanan/periode/lebaran-2026/poster-status.png").status_code == 200
