"""Product photos: the owner uploads a phone's photo; the public page shows a small, lazy thumbnail."""
import gzip
import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from orders.roles import OWNER
from production.models import Product
from tests.conftest import make_period, make_product, make_user

pytestmark = pytest.mark.django_db

FORM = {"name": "Bolu Pandan", "unit": "loyang", "price": "85.000", "units_per_batch": "4", "minutes_per_batch": "90", "is_active": "on"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def phone_photo(size=(4032, 3024), name="IMG_20250601_101500.jpg"):
    """A 12-megapixel JPEG like a phone's: colour, detail and noise, so it does not compress to nothing."""
    width, height = size
    noise = Image.effect_noise((width // 4, height // 4), 60).resize(size)
    image = Image.merge("RGB", (noise, Image.linear_gradient("L").resize(size), noise.rotate(180)))
    draw = ImageDraw.Draw(image)
    for step in range(0, width, 97):
        draw.ellipse((step, step * height // width, step + 300, step * height // width + 200), outline=(240, 200, 40), width=9)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def huge_png(side):
    """A PNG of side × side one-bit pixels: a few KB on disk, side² pixels once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG")
    return SimpleUploadedFile("besar.png", buffer.getvalue(), content_type="image/png")


def test_a_large_phone_photo_is_kept_as_a_small_thumbnail(owner, media):
    upload = phone_photo()
    assert upload.size > 1_000_000
    response = owner.post(reverse("production:product_create"), {**FORM, "photo": upload})
    assert response.status_code == 302
    product = Product.objects.get()
    stored = Path(media) / product.photo.name
    assert stored.suffix in (".webp", ".jpg") and stored.stat().st_size <= 30 * 1024
    with Image.open(stored) as thumb:
        assert max(thumb.size) <= 480 and thumb.size == (product.photo_width, product.photo_height)
        assert thumb.size == (480, 360)  # the photo's shape is kept
    assert [path.name for path in Path(media).rglob("*") if path.is_file()] == [stored.name]  # no original kept


def test_the_public_page_lazy_loads_thumbnails_and_stays_light(owner, client, media):
    products = []
    for name in ("Kue Nastar", "Kastengel", "Putri Salju", "Bolu Pandan", "Brownies Kukus", "Kue Lapis"):
        owner.post(reverse("production:product_create"), {**FORM, "name": name, "photo": phone_photo()})
        products.append(Product.objects.get(name=name))
    make_period("PO Lebaran", products=products)
    client.logout()
    html = client.get("/po-lebaran/").content.decode()
    images = re.findall(r"<img [^>]+>", html)
    assert len(images) == 6
    for tag in images:
        assert 'loading="lazy"' in tag and re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag)
        src = re.search(r'src="([^"]+)"', tag).group(1)
        assert src.startswith("/media/products/")
        assert (Path(media) / src.removeprefix("/media/")).stat().st_size <= 30 * 1024
    # First load without images: the HTML and every stylesheet and script it names, compressed.
    weight = len(gzip.compress(html.encode(), 6))
    assets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html) + re.findall(r'<script src="/static/([^"]+)"', html)
    assert assets  # the page does load its CSS and htmx
    for asset in assets:
        weight += len(gzip.compress(Path(finders.find(asset)).read_bytes(), 6))
    assert weight <= 60 * 1024, f"{weight / 1024:.1f} KB"


def test_a_file_that_is_not_a_photo_is_refused_in_indonesian_and_nothing_is_saved(owner):
    fake = SimpleUploadedFile("nastar.jpg", b"%PDF-1.4 not a photo at all", content_type="image/jpeg")
    response = owner.post(reverse("production:product_create"), {**FORM, "photo": fake})
    assert response.status_code == 200
    assert "File ini bukan foto yang bisa dibaca" in response.content.decode()
    assert not Product.objects.exists()


@pytest.mark.parametrize("side", [9_000, 14_000])  # over our limit; over Pillow's own bomb limit
def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(owner, side):
    response = owner.post(reverse("production:product_create"), {**FORM, "photo": huge_png(side)})
    assert response.status_code == 200
    assert "Foto ini terlalu banyak pikselnya" in response.content.decode()
    assert not Product.objects.exists()


def test_a_new_photo_replaces_the_old_file_and_clearing_removes_it(owner, media, django_capture_on_commit_callbacks):
    product = make_product("Bolu Pandan", unit="loyang", price=85_000, units_per_batch=4, minutes_per_batch=90)
    url = reverse("production:product_edit", args=[product.pk])
    owner.post(url, {**FORM, "photo": phone_photo((800, 600))})
    first = Path(media) / Product.objects.get().photo.name
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(url, {**FORM, "photo": phone_photo((600, 800))})
    second = Path(media) / Product.objects.get().photo.name
    assert second.exists() and not first.exists()
    width, height = Product.objects.get().photo_width, Product.objects.get().photo_height
    assert height <= 480 and width * 4 == height * 3  # the new photo's portrait shape
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(url, {**FORM, "photo-clear": "on"})
    assert not Product.objects.get().photo and not second.exists()
