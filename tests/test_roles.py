"""Roles, the owner account and the login wall."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from orders.roles import ensure_roles, role_name
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def perms(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=group).permissions.select_related("content_type")}


def test_the_five_roles_exist_with_what_each_may_do():
    ensure_roles()
    ensure_roles()  # safe to run again
    assert set(Group.objects.values_list("name", flat=True)) == {"Pemilik", "CS", "Keuangan", "Produksi & Pengiriman", "Kurir"}
    owner = perms("Pemilik")
    assert {"orders.record_payment", "orders.update_fulfilment", "orders.export_orders", "production.change_workcalendar"} <= owner
    assert {"orders.add_order", "customers.change_customer"} <= perms("CS")
    assert "orders.record_payment" not in perms("CS")
    assert {"orders.record_payment", "orders.export_orders"} <= perms("Keuangan")
    assert "orders.add_order" not in perms("Keuangan")
    assert {"orders.update_fulfilment", "production.change_product"} <= perms("Produksi & Pengiriman")
    assert "orders.record_payment" not in perms("Produksi & Pengiriman")
    assert {"orders.update_fulfilment", "customers.view_customer"} <= perms("Kurir")
    assert not {"orders.record_payment", "orders.add_order", "orders.send_unpaid"} & perms("Kurir")
    assert "orders.send_unpaid" in owner and "orders.send_unpaid" not in perms("Produksi & Pengiriman")


def test_a_user_sees_their_role_and_has_its_permissions():
    cs = make_user("cs", role="CS")
    assert role_name(cs) == "CS"
    assert cs.has_perm("orders.add_order") and not cs.has_perm("orders.record_payment")


def test_create_owner_makes_a_superuser_in_the_owner_group_and_can_run_again(capsys):
    call_command("create_owner", "--username", "tika", "--password", "rahasia-123")
    call_command("create_owner", "--username", "tika", "--password", "baru-456")
    owner = get_user_model().objects.get(username="tika")
    assert owner.is_superuser and owner.is_staff
    assert owner.check_password("baru-456")
    assert role_name(owner) == "Pemilik"
    assert "Updated owner account 'tika'." in capsys.readouterr().out


@pytest.mark.parametrize("path", ["/", "/pesanan/periode/po-lebaran/", "/pesanan/PO-2506-0001/", "/admin/"])
def test_every_page_but_the_login_sends_a_stranger_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/masuk/" in response.headers["Location"] or "/admin/login/" in response.headers["Location"]


def test_the_login_page_is_in_indonesian_and_logs_in(client):
    make_user("pemilik", role="Pemilik")
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Masuk" in page.content.decode()
    response = client.post(reverse("login"), {"username": "pemilik", "password": "rahasia-123"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_gets_an_indonesian_message(client):
    make_user("pemilik", role="Pemilik")
    page = client.post(reverse("login"), {"username": "pemilik", "password": "salah"})
    assert "Nama pengguna atau sandi salah. Huruf besar dan kecil dibedakan." in page.content.decode()
