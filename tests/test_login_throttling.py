"""Repeated wrong passwords lock one account from one address, on /masuk/ and /admin/login/; the owner unlocks."""
import pytest
from django.test import Client

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ATTACKER = "36.80.7.7"


def login(client, url, username, password):
    return client.post(url, {"username": username, "password": password, "next": "/"})


@pytest.mark.parametrize("url", ["/masuk/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_one(url):
    make_user("pemilik", superuser=True, password="benar-sekali-123")
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(4):
        assert login(client, url, "pemilik", "salah").status_code == 200  # the form again, with its error
    assert login(client, url, "pemilik", "salah").status_code == 429  # the fifth locks
    locked = login(client, url, "pemilik", "benar-sekali-123")  # even the right password now
    assert locked.status_code == 429
    assert "Terlalu banyak kata sandi salah" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The owner at home (another address) still gets in; so does another account from the attacker's.
    assert login(Client(REMOTE_ADDR="36.80.1.2"), url, "pemilik", "benar-sekali-123").status_code == 302


def test_the_owner_unlocks_a_locked_helper_in_the_admin_and_a_helper_cannot():
    make_user("cs", role="CS", password="benar-sekali-123")
    helper = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(6):
        login(helper, "/masuk/", "cs", "salah")
    assert login(helper, "/masuk/", "cs", "benar-sekali-123").status_code == 429

    other_helper = Client()
    other_helper.force_login(make_user("keuangan", role="Keuangan"))
    assert other_helper.get("/admin/axes/accessattempt/").status_code in (302, 403)

    owner = Client()
    owner.force_login(make_user("pemilik", superuser=True))
    listing = owner.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "cs" in listing.content.decode()
    from axes.models import AccessAttempt

    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    owner.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert login(helper, "/masuk/", "cs", "benar-sekali-123").status_code == 302


def test_behind_a_trusted_proxy_the_lock_is_per_client_not_for_everyone_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("pemilik", superuser=True, password="benar-sekali-123")
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    for _ in range(5):
        login(attacker, "/masuk/", "pemilik", "salah")
    assert login(attacker, "/masuk/", "pemilik", "benar-sekali-123").status_code == 429
    owner = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="36.80.1.2")
    assert login(owner, "/masuk/", "pemilik", "benar-sekali-123").status_code == 302
