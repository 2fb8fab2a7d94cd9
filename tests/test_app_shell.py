"""Prapesan as an app on the phone: manifests, the service worker, the offline page, /favicon.ico."""
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from orders.models import is_reserved_slug
from orders.roles import PRODUCTION
from tests.conftest import make_period, make_product, make_user

pytestmark = pytest.mark.django_db


def test_the_staff_manifest_opens_the_home_page_as_an_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    assert manifest["lang"] == "id" and manifest["theme_color"] and len(manifest["short_name"]) <= 12
    assert manifest["name"] == "Prapesan — pesanan"
    icons = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons


def test_every_icon_in_the_manifest_is_a_png_of_its_stated_size(client):
    for icon in json.loads(client.get("/manifest.webmanifest").content)["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert image.format == "PNG" and f"{image.width}x{image.height}" == icon["sizes"]


def test_a_long_shop_name_is_shortened_under_the_icon(client, settings):
    settings.SHOP_NAME = "Dapur Kue Bunda Sejahtera"
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["short_name"] == "Dapur Kue B…" and manifest["name"].startswith("Dapur Kue Bunda Sejahtera")


def test_the_service_worker_is_served_from_the_root_with_the_whole_app_as_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]


def test_the_service_worker_keeps_only_public_files_and_never_posts(client):
    script = client.get("/sw.js").content.decode()
    shell = json.loads(script.split("const SHELL = ", 1)[1].split(";\n", 1)[0])
    assert "/luring/" in shell and any(path.endswith(".css") for path in shell)
    assert all(path.startswith("/static/") or path == "/luring/" for path in shell)
    for path in shell:  # each is there for anyone: no login, no personal data
        if path == "/luring/":
            assert client.get(path).status_code == 200
    assert 'request.method !== "GET"' in script and ".put(" not in script  # nothing is stored after install


def test_the_offline_page_says_there_is_no_signal_in_indonesian(client):
    response = client.get("/luring/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak ada sinyal — coba lagi" in html and "Coba lagi" in html
    assert '<html lang="id">' in html


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_staff_pages_link_the_manifest_and_the_home_page_registers_the_worker(client):
    client.force_login(make_user("dapur", role=PRODUCTION))
    home = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in home
    assert 'src="/static/js/install.js" data-worker="/sw.js"' in home


def test_the_public_po_page_has_its_own_manifest(client):
    period = make_period(slug="po-lebaran", products=[make_product()])
    page = client.get(reverse("public_period", args=[period.slug])).content.decode()
    assert '<link rel="manifest" href="/po-lebaran/manifest.webmanifest">' in page
    manifest = json.loads(client.get("/po-lebaran/manifest.webmanifest").content)
    assert manifest["start_url"] == "/po-lebaran/" and manifest["scope"] == "/po-lebaran/"
    assert manifest["name"] == "Prapesan — PO Lebaran"
    assert client.get("/tidak-ada/manifest.webmanifest").status_code == 404


def test_no_period_can_take_the_offline_pages_address():
    assert is_reserved_slug("luring")


def test_every_script_and_stylesheet_of_the_staff_pages_is_in_the_kept_shell(client):
    client.force_login(make_user("dapur", role=PRODUCTION))
    shell = json.loads(client.get("/sw.js").content.decode().split("const SHELL = ", 1)[1].split(";\n", 1)[0])
    for page in ("/", "/produksi/hari-ini/"):
        html = client.get(page).content.decode()
        files = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert files and not [path for path in files if path not in shell], page


def test_the_page_icon_is_written_into_the_page(client):
    html = client.get("/luring/").content.decode()
    assert '<link rel="icon" href="data:image/svg+xml,' in html  # no request of its own on a slow network
