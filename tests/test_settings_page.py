"""Every setting under one "Pengaturan" entry: shop and payment, WhatsApp messages, work calendar, team."""
import pytest
from django.urls import reverse

from orders.models import ShopSettings
from orders.roles import CUSTOMER_SERVICE, FINANCE, OWNER, PRODUCTION
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
HUB = reverse("orders:settings")


def test_the_menu_has_one_pengaturan_entry_that_leads_to_every_setting(client):
    client.force_login(make_user("pemilik", role=OWNER, superuser=True))
    home = client.get(reverse("home")).content.decode()
    assert f'href="{HUB}"' in home and ">Pengaturan<" in home
    hub = client.get(HUB).content.decode()
    for title, url in [
        ("Toko &amp; cara bayar", reverse("orders:shop_settings")),
        ("Pesan WhatsApp", reverse("orders:message_templates")),
        ("Kalender kerja", reverse("production:calendar")),
        ("Akun tim", reverse("admin:auth_user_changelist")),
    ]:
        assert title in hub and f'href="{url}"' in hub


def test_payment_instructions_are_two_taps_from_the_menu(client):
    client.force_login(make_user("pemilik", role=OWNER))
    shop_page = reverse("orders:shop_settings")
    assert f'href="{shop_page}"' in client.get(HUB).content.decode()
    client.post(shop_page, {"shop_name": "Dapur Ibu", "whatsapp": "0812-3456-7890", "payment_instructions": "BCA 123 a.n. Dapur Ibu"})
    assert ShopSettings.load().payment_instructions == "BCA 123 a.n. Dapur Ibu"
    assert f'href="{HUB}"' in client.get(shop_page).content.decode()  # and back to Pengaturan


def test_the_kitchen_sees_only_the_calendar_and_cs_and_finance_see_no_settings(client):
    client.force_login(make_user("produksi", role=PRODUCTION))
    hub = client.get(HUB).content.decode()
    assert "Kalender kerja" in hub and "Toko &amp; cara bayar" not in hub
    for role in (CUSTOMER_SERVICE, FINANCE):
        client.force_login(make_user(role.lower(), role=role))
        assert client.get(HUB).status_code == 403
        assert f'href="{HUB}"' not in client.get(reverse("home")).content.decode()
