"""The team at work: the owner's staff page, one-time invitation links, the last owner, the role
queues (Tugas saya), the new-order signal and the activity feed."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orders.models import Channel, FulfilmentStatus, Order, StatusChange
from orders.roles import COURIER, CUSTOMER_SERVICE, FINANCE, OWNER, PRODUCTION
from orders.services import mark_paid, place_order, set_fulfilment
from team import services
from team.models import OrderConfirmation, StaffEvent
from team.tokens import invitation_path
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "kue-nastar-enak-2026"


@pytest.fixture
def owner_client(client):
    owner = make_user("pemilik", role=OWNER)
    client.force_login(owner)
    client.owner = owner
    return client


def invite(client, name="Mbak Sari", whatsapp="0812-1111-2222", role=CUSTOMER_SERVICE):
    response = client.post(reverse("team:staff_list"), {"name": name, "whatsapp": whatsapp, "role": role})
    assert response.status_code == 200, response.content.decode()[:500]
    link = re.search(r'id="invite-link" type="text" readonly value="([^"]+)"', response.content.decode()).group(1)
    return User.objects.get(first_name=name), link.replace("http://testserver", ""), response


def test_the_owner_invites_a_helper_who_sets_a_password_once(owner_client):
    helper, link, page = invite(owner_client)
    html = page.content.decode()
    assert helper.username == "sari" and not helper.has_usable_password()
    assert helper.groups.get().name == CUSTOMER_SERVICE and helper.staff_profile.whatsapp == "+6281211112222"
    assert "https://wa.me/6281211112222?text=" in html and "sari" in html
    phone = Client()
    form = phone.get(link, follow=True)
    assert "Atur kata sandi Anda" in form.content.decode()
    done = phone.post(form.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("team:tasks")
    helper.refresh_from_db()
    assert helper.check_password(STRONG)
    # The same link a second time: refused, the password stays.
    again = Client().get(link, follow=True).content.decode()
    assert "Tautan ini tidak berlaku lagi" in again
    assert list(StaffEvent.objects.filter(subject=helper).values_list("kind", flat=True)) == ["password_set", "invited"]


def test_a_password_the_validators_refuse_is_not_saved(owner_client):
    helper, link, _page = invite(owner_client)
    phone = Client()
    form = phone.get(link, follow=True)
    page = phone.post(form.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "12345"})
    assert "Kata sandi terlalu pendek" in page.content.decode()
    helper.refresh_from_db()
    assert not helper.has_usable_password()


def test_an_expired_or_forged_link_is_refused(owner_client, settings):
    helper, link, _page = invite(owner_client)
    forged = link.rstrip("/")[:-3] + "abc/"
    assert "Tautan ini tidak berlaku lagi" in Client().get(forged, follow=True).content.decode()
    other = make_user("lain", role=CUSTOMER_SERVICE)
    other.set_unusable_password()
    other.save()
    swapped = invitation_path(other).split("/")[-3]  # another user's uid with this token
    assert "Tautan ini tidak berlaku lagi" in Client().get(link.replace(link.split("/")[-3], swapped), follow=True).content.decode()
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is past its time
    assert "Tautan ini tidak berlaku lagi" in Client().get(link, follow=True).content.decode()


def test_a_new_link_voids_the_old_one_and_the_helper_s_sessions(owner_client):
    helper, first_link, _page = invite(owner_client)
    helper.set_password(STRONG)
    helper.save()
    phone = Client()
    phone.force_login(helper)
    page = owner_client.post(reverse("team:staff_detail", args=[helper.pk]), {"action": "new_link"})
    assert "Tautan kata sandi baru" in page.content.decode()
    assert "Tautan ini tidak berlaku lagi" in Client().get(first_link, follow=True).content.decode()
    assert phone.get(reverse("team:tasks")).status_code == 302  # signed out
    helper.refresh_from_db()
    assert not helper.has_usable_password()


def test_change_role_and_deactivate_keep_the_history(owner_client):
    helper, _link, _page = invite(owner_client)
    helper.set_password(STRONG)
    helper.save()
    nastar = make_product()
    order = place_order(period=make_period(products=[nastar]), customer=make_customer(), lines={nastar: 1}, by=helper)
    owner_client.post(reverse("team:staff_detail", args=[helper.pk]), {"action": "role", "role": FINANCE})
    assert helper.groups.get().name == FINANCE
    owner_client.post(reverse("team:staff_detail", args=[helper.pk]), {"action": "deactivate"})
    helper.refresh_from_db()
    assert not helper.is_active
    phone = Client()
    phone.post(reverse("login"), {"username": helper.username, "password": STRONG})
    assert phone.get(reverse("team:tasks")).status_code == 302  # still at the login page
    order.refresh_from_db()
    assert order.placed_by == helper
    feed = owner_client.get(reverse("team:activity"), {"person": helper.pk}).content.decode()
    assert order.code in feed


def test_the_last_owner_cannot_demote_or_deactivate_themself(owner_client):
    me = owner_client.owner
    for data in ({"action": "role", "role": CUSTOMER_SERVICE}, {"action": "deactivate"}):
        page = owner_client.post(reverse("team:staff_detail", args=[me.pk]), data, follow=True).content.decode()
        assert "satu-satunya pemilik" in page
    me.refresh_from_db()
    assert me.is_active and me.groups.get().name == OWNER
    second = make_user("pemilik2", role=OWNER)
    services.change_role(me, role=CUSTOMER_SERVICE, by=second)
    me.refresh_from_db()
    assert me.groups.get().name == CUSTOMER_SERVICE


@pytest.mark.parametrize("role", [CUSTOMER_SERVICE, FINANCE, PRODUCTION, COURIER])
def test_a_helper_cannot_use_the_owner_s_team_page(client, role):
    client.force_login(make_user("helper", role=role))
    target = make_user("target", role=CUSTOMER_SERVICE)
    assert client.post(reverse("team:staff_list"), {"name": "X", "whatsapp": "0812-9999-1111", "role": OWNER}).status_code == 403
    assert client.post(reverse("team:staff_detail", args=[target.pk]), {"action": "role", "role": OWNER}).status_code == 403
    assert client.post(reverse("team:staff_detail", args=[target.pk]), {"action": "deactivate"}).status_code == 403
    assert client.get(reverse("team:activity")).status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.groups.get().name == CUSTOMER_SERVICE
    assert not User.objects.filter(first_name="X").exists() and not StaffEvent.objects.exists()


def test_log_out_everywhere_ends_the_owner_s_other_sessions(owner_client):
    laptop = Client()
    laptop.force_login(owner_client.owner)
    owner_client.post(reverse("team:staff_detail", args=[owner_client.owner.pk]), {"action": "logout"})
    assert laptop.get(reverse("team:tasks")).status_code == 302
    assert owner_client.get(reverse("team:tasks")).status_code == 200


# The hand-off -----------------------------------------------------------------------------------

@pytest.fixture
def public_order():
    nastar = make_product(price=50_000)
    period = make_period(products=[nastar], delivery_in_days=1)
    return place_order(
        period=period, customer=make_customer(address="Jl. Melati 3"), lines={nastar: 2}, channel=Channel.ONLINE_FORM,
        delivery_method="delivery", delivery_address="Jl. Melati 3, Bandung",
    )


def queue(client, key):
    html = client.get(reverse("team:tasks")).content.decode()
    match = re.search(rf'id="queue-{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_an_order_travels_through_the_queues_and_the_activity_tells_who(public_order):
    code = public_order.code
    people = {role: Client() for role in (CUSTOMER_SERVICE, FINANCE, PRODUCTION, COURIER)}
    for role, client in people.items():
        client.force_login(make_user(role.split()[0].lower(), role=role))
    cs, finance, kitchen, courier = people.values()
    assert code in queue(cs, "confirm") and code not in queue(kitchen, "pack")
    cs.post(reverse("team:confirm_order", args=[code]))
    assert code not in queue(cs, "confirm")
    assert code in queue(finance, "due")
    # The kitchen cannot skip the payment with a crafted POST.
    kitchen.post(reverse("orders:order_set_status", args=[code]), {"status": "ready"})
    assert Order.objects.get(code=code).fulfilment_status == FulfilmentStatus.PENDING
    finance.post(reverse("orders:order_mark_paid", args=[code]), {"next": reverse("team:tasks")})
    assert code not in queue(finance, "due") and code in queue(kitchen, "pack")
    assert "queue-confirm" not in kitchen.get(reverse("team:tasks")).content.decode()  # only their own queue
    kitchen.post(reverse("orders:order_set_status", args=[code]), {"status": "ready", "next": reverse("team:tasks")})
    Order.objects.filter(code=code).update(delivery_date=timezone.localdate())
    deliveries = queue(courier, "deliver")
    assert code in deliveries and "Jl. Melati 3, Bandung" in deliveries and "tel:+6281234567890" in deliveries
    assert "https://www.google.com/maps/search/?api=1&amp;query=Jl.%20Melati%203%2C%20Bandung" in deliveries
    courier.post(reverse("orders:order_set_status", args=[code]), {"status": "sent", "next": reverse("team:tasks")})
    assert code not in queue(courier, "deliver")
    owner = Client()
    owner.force_login(make_user("pemilik", role=OWNER))
    feed = owner.get(reverse("team:activity")).content.decode()
    for who, what in (("cs", "Dikonfirmasi dengan pelanggan"), ("keuangan", "Lunas"), ("produksi", "Siap"), ("kurir", "Sudah Dikirim")):
        assert re.search(rf"<strong>{who}</strong> · [^<]*{what}", feed), (who, what)


def test_a_deposit_order_waits_for_payment_unless_the_period_allows_it(public_order, client):
    from orders.services import record_payment

    record_payment(public_order, amount=50_000)
    client.force_login(make_user("produksi", role=PRODUCTION))
    assert public_order.code not in queue(client, "pack")
    public_order.period.deposit_enough_to_send = True
    public_order.period.save()
    assert public_order.code in queue(client, "pack")


def test_the_new_order_signal_counts_public_orders_since_the_user_last_looked(public_order, client):
    cs = make_user("cs", role=CUSTOMER_SERVICE)
    cs.last_login = timezone.now() - timedelta(hours=1)
    cs.save()
    client.force_login(cs)
    Order.objects.filter(pk=public_order.pk).update(placed_at=timezone.now())
    assert client.get(reverse("team:new_orders")).url == reverse("team:tasks")  # not a page of its own
    htmx = {"HX-Request": "true"}
    badge = client.get(reverse("team:new_orders"), headers=htmx).content.decode()
    assert 'data-count="1"' in badge and "1 pesanan baru" in badge and 'hx-trigger="every 60s"' in badge
    client.post(reverse("team:seen_new_orders"))
    assert 'data-count="0"' in client.get(reverse("team:new_orders"), headers=htmx).content.decode()


def test_the_activity_feed_filters_by_person_kind_and_date_and_counts_per_helper(public_order):
    kitchen = make_user("dapur", role=PRODUCTION)
    finance = make_user("uang", role=FINANCE)
    order = mark_paid(public_order, by=finance)
    set_fulfilment(order, status="ready", by=kitchen)
    owner = Client()
    owner.force_login(make_user("pemilik", role=OWNER))
    url = reverse("team:activity")
    only_kitchen = owner.get(url, {"person": kitchen.pk}).content.decode()
    assert "<strong>dapur</strong>" in only_kitchen and "<strong>uang</strong>" not in only_kitchen.split("Siapa melakukan apa")[1]
    payments = owner.get(url, {"kind": "payment"}).content.decode().split("Siapa melakukan apa")[1]
    assert "Lunas" in payments and "Siap" not in payments
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "Belum ada catatan." in owner.get(url, {"start": tomorrow}).content.decode()
    counts = owner.get(url).content.decode().split("Siapa melakukan apa")[0]
    assert re.search(r"dapur</td><td[^>]*>0</td><td[^>]*>0</td><td[^>]*>0</td><td[^>]*>1</td>", counts)
    assert re.search(r"uang</td><td[^>]*>0</td><td[^>]*>1</td><td[^>]*>0</td><td[^>]*>0</td>", counts)


def test_the_log_is_append_only_for_views_the_admin_and_the_models(public_order, admin_client):
    helper = make_user("cs", role=CUSTOMER_SERVICE)
    services.confirm_order(public_order, by=helper)
    event = StaffEvent.objects.create(kind="invited", subject=helper)
    change = StatusChange.objects.create(order=public_order, kind="payment", from_status="unpaid", to_status="paid")
    for row in (event, change, OrderConfirmation.objects.get()):
        with pytest.raises(ValueError):
            row.save()
        with pytest.raises(ValueError):
            row.delete()
    for model in ("orders/statuschange", "team/staffevent"):
        pk = change.pk if "status" in model else event.pk
        admin_client.post(f"/admin/{model}/{pk}/delete/", {"post": "yes"})
        admin_client.post(f"/admin/{model}/{pk}/change/", {"note": "diubah"})
        admin_client.post(f"/admin/{model}/", {"action": "delete_selected", "_selected_action": [pk], "post": "yes"})
    assert StatusChange.objects.filter(pk=change.pk, note="").exists()
    assert StaffEvent.objects.filter(pk=event.pk, note="").exists()


def test_stock_moves_are_in_the_activity_feed_with_who_made_them():
    from stock.models import StockItem
    from stock.services.movements import receive

    kastengel = make_product("Kue Kastengel", unit="toples")
    StockItem.objects.create(product=kastengel)
    kitchen = make_user("dapur", role=PRODUCTION)
    receive(product=kastengel, quantity=5, by=kitchen, reason="Dari supplier")
    owner = Client()
    owner.force_login(make_user("pemilik", role=OWNER))
    feed = owner.get(reverse("team:activity"), {"kind": "stock"}).content.decode().split("Siapa melakukan apa")[1]
    assert re.search(r"<strong>dapur</strong> · Pembelian: \+5 toples Kue Kastengel", feed), feed[:2000]
    assert "Dari supplier" in feed


def test_a_helper_s_login_on_a_phone_lasts_at_least_a_week(client):
    make_user("kurir", role=COURIER)
    response = client.post(reverse("login"), {"username": "kurir", "password": "rahasia-123"})
    assert response.status_code == 302
    assert int(response.cookies["sessionid"]["max-age"]) >= 7 * 24 * 3600


def test_keuangan_checks_a_recorded_transfer_from_the_queue_and_the_count_says_who(public_order):
    from orders.services import record_payment

    cs = make_user("cs", role=CUSTOMER_SERVICE)
    finance = Client()
    finance.force_login(make_user("uang", role=FINANCE))
    record_payment(public_order, amount=50_000, by=cs, method="transfer")
    waiting = queue(finance, "verify")
    assert public_order.code in waiting and "Rp50.000" in waiting
    payment = public_order.payments.get()
    finance.post(reverse("orders:order_verify_payment", args=[public_order.code, payment.pk]))
    assert public_order.code not in queue(finance, "verify")
    owner = Client()
    owner.force_login(make_user("pemilik", role=OWNER))
    counts = owner.get(reverse("team:activity")).content.decode().split("Siapa melakukan apa")[0]
    assert re.search(r"uang</td><td[^>]*>0</td><td[^>]*>0</td><td[^>]*>1</td>", counts)
