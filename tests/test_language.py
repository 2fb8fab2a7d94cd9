import pytest
from django.conf import settings
from django.urls import reverse

from orders.roles import OWNER
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_phone_set_to_english_still_gets_indonesian_pages(client):
    page = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page and ">Masuk<" in page


def test_the_language_switch_gives_english_and_back(client):
    make_user("pemilik", superuser=True)
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert ">Log in<" in client.get("/masuk/").content.decode()
    client.post("/i18n/setlang/", {"language": "id", "next": "/masuk/"})
    assert ">Masuk<" in client.get("/masuk/").content.decode()


def test_the_en_switch_turns_the_home_page_to_english_and_id_back(client):
    client.force_login(make_user("pemilik", role=OWNER))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Open PO periods" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Periode PO yang buka" in client.get(reverse("home")).content.decode()
