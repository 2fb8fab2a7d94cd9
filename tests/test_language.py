import pytest
from django.urls import reverse

from orders.roles import OWNER
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_browser_set_to_english_still_gets_indonesian_pages(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Masuk" in page and "Log in" not in page


def test_the_en_switch_turns_the_pages_to_english_and_id_back(client):
    client.force_login(make_user("pemilik", role=OWNER))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Open PO periods" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Periode PO yang buka" in client.get(reverse("home")).content.decode()
