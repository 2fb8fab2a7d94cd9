"""Who may do what, walked URL × role × method against the one table in orders/roles.py.

RULES below says, for every URL in the URLconf, which named action (orders.roles.ACTIONS) each
method needs; the roles that have it come from ROLE_PERMISSIONS. Every URL the resolver knows is
a case, so a new URL without a rule here fails. For each case every role (and a stranger) asks:
allowed → neither 403 nor the login page; refused → 403 (a stranger: the login page).
"""
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from customers.models import Customer
from orders.models import StatusChange, WaitlistEntry
from orders.roles import ACTIONS, ROLES, actions_of
from orders.services import place_order, record_payment
from production.models import RecipeItem
from production.photos import thumbnail
from tests.conftest import make_customer, make_period, make_product
from tests.supplier_helpers import make_sample, make_supplier, photo_upload

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # anyone, signed in or not
STAFF = "staff"  # anyone signed in, whatever their role
LOGOUT = "logout"  # anyone; it ends at the login page by design
ADMIN = "admin"  # Django's admin: staff accounts only (no shop role is staff)
GET, POST = "GET", "POST"
SETTINGS = ("change_shop_settings", "change_message_templates", "view_calendar")  # any one opens the settings page
ONLY_WITH_DEBUG = {"media"}
CANCEL = "POST status=cancelled"  # the same URL, a different action

# URL name → {method: rule}. A method missing from an entry must answer 405 to everyone signed in.
RULES = {
    "home": {GET: STAFF, POST: STAFF},
    "login": {GET: PUBLIC, POST: PUBLIC},
    "logout": {POST: LOGOUT},
    "set_language": {GET: PUBLIC, POST: PUBLIC},
    "public_period": {GET: PUBLIC, POST: PUBLIC},
    "public_waitlist": {POST: PUBLIC},
    "public_order": {GET: PUBLIC, POST: PUBLIC},
    "media": {GET: PUBLIC, POST: PUBLIC},  # product photos, served by Django only with DEBUG=true
    # The app on a phone (orders/views/app_shell.py): files anyone's browser fetches, read-only.
    "manifest": {GET: PUBLIC},
    "public_manifest": {GET: PUBLIC},
    "service_worker": {GET: PUBLIC},
    "offline": {GET: PUBLIC},
    "favicon": {GET: PUBLIC},
    # orders
    "orders:order_list": {GET: "view_orders", POST: "view_orders"},
    "orders:order_create": {GET: "take_order", POST: "take_order"},
    "orders:sheet_archive": {GET: "export_orders", POST: "export_orders"},
    "orders:export_month": {GET: "export_orders", POST: "export_orders"},
    "orders:export_filtered": {GET: "export_orders", POST: "export_orders"},
    "orders:import_sheet": {GET: "import_orders", POST: "import_orders"},
    "orders:period_list": {GET: "view_periods", POST: "view_periods"},
    "orders:period_create": {GET: "add_period", POST: "add_period"},
    "orders:period_detail": {GET: "view_periods", POST: "view_periods"},
    "orders:period_edit": {GET: "change_period", POST: "change_period"},
    "orders:period_toggle": {POST: "change_period"},
    "orders:period_duplicate": {POST: "add_period"},
    "orders:period_announce": {GET: "view_periods"},
    "orders:period_poster_feed": {GET: "view_periods"},
    "orders:period_poster_status": {GET: "view_periods"},
    "orders:period_supplier": {GET: "view_orders", POST: "view_orders"},
    "orders:shop_settings": {GET: "change_shop_settings", POST: "change_shop_settings"},
    "orders:message_templates": {GET: "change_message_templates", POST: "change_message_templates"},
    "orders:unpaid": {GET: "view_orders", POST: "view_orders"},
    "orders:expire_unpaid": {POST: "cancel_order"},
    "orders:waitlist": {GET: "view_waitlist", POST: "change_waitlist"},
    "orders:order_detail": {GET: "view_orders", POST: "view_orders"},
    "orders:order_reschedule": {GET: "reschedule_order", POST: "reschedule_order"},
    "orders:order_mark_paid": {POST: "record_payment"},
    "orders:order_set_status": {POST: "set_fulfilment", CANCEL: "cancel_order"},
    "orders:order_payment": {POST: "take_payment"},
    "orders:order_void_payment": {POST: "record_payment"},
    "orders:order_verify_payment": {POST: "verify_payment"},
    "orders:payment_proof": {GET: "view_payments", POST: "view_payments"},
    "orders:order_edit_lines": {POST: "edit_order"},
    "orders:order_correct_payment": {POST: "record_payment"},
    "orders:order_refund": {POST: "record_payment"},
    "orders:order_cancel": {POST: "cancel_order"},
    "orders:order_shipping": {POST: "set_fulfilment"},
    "orders:undo_change": {POST: "record_payment"},  # the shop's change below is a payment
    "orders:settings": {GET: SETTINGS, POST: SETTINGS},
    # production
    "production:product_list": {GET: "view_products", POST: "view_products"},
    "production:product_create": {GET: "add_product", POST: "add_product"},
    "production:product_edit": {GET: "change_product", POST: "change_product"},
    "production:calendar": {GET: "view_calendar", POST: "change_calendar"},
    "production:calendar_day": {GET: "view_calendar", POST: "change_calendar"},
    "production:capacity": {GET: "view_calendar", POST: "view_calendar"},
    "production:plan": {GET: "view_orders", POST: "view_orders"},
    "production:today": {GET: "record_production", POST: "record_production"},
    "production:today_made": {POST: "record_production"},
    "production:today_order": {POST: "set_fulfilment"},
    "production:recipes": {GET: "view_recipes", POST: "change_recipes"},
    "production:recipe_delete": {POST: "change_recipes"},
    "production:shopping": {GET: "view_recipes", POST: "view_recipes"},
    # insights
    "insights:growth": {GET: "view_growth"},
    "insights:contact_lists": {GET: "contact_customers"},
    "insights:contact_csv": {GET: "contact_customers"},
    "insights:contact_vcf": {GET: "contact_customers"},
    # customers
    "customers:customer_list": {GET: "view_customers", POST: "view_customers"},
    "customers:customer_create": {GET: "add_customer", POST: "add_customer"},
    "customers:customer_detail": {GET: "view_customers", POST: "view_customers"},
    "customers:customer_edit": {GET: "change_customer", POST: "change_customer"},
    # ready stock (a POST's own action needs move_stock or change_stock_items: tests/test_stock_pages.py)
    "stock:stock_list": {GET: "view_stock", POST: "view_stock"},
    "stock:stock_count": {GET: "count_stock", POST: "count_stock"},
    "counter": {GET: "sell_at_counter", POST: "sell_at_counter"},
    "insights:evaluation": {GET: "view_evaluation"},
    "counter_receipt": {GET: "view_orders", POST: "view_orders"},
    # suppliers
    "suppliers:supplier_list": {GET: "view_suppliers", POST: "view_suppliers"},
    "suppliers:supplier_create": {GET: "change_suppliers", POST: "change_suppliers"},
    "suppliers:supplier_detail": {GET: "view_suppliers", POST: "view_suppliers"},
    "suppliers:supplier_edit": {GET: "change_suppliers", POST: "change_suppliers"},
    "suppliers:sample_create": {GET: "manage_supplier_orders", POST: "manage_supplier_orders"},
    "suppliers:mass_create": {GET: "manage_supplier_orders", POST: "manage_supplier_orders"},
    "suppliers:order_detail": {GET: "view_suppliers", POST: "view_suppliers"},
    "suppliers:order_status": {POST: "manage_supplier_orders"},
    "suppliers:order_qc": {POST: "manage_supplier_orders"},
    "suppliers:order_payment": {POST: "pay_suppliers"},
    "suppliers:order_move": {POST: "manage_supplier_orders"},
    "suppliers:order_arrival": {POST: "manage_supplier_orders"},
    "suppliers:order_check": {POST: "manage_supplier_orders"},
    "suppliers:order_photos": {POST: "manage_supplier_orders"},
    "suppliers:photo": {GET: "view_suppliers", POST: "view_suppliers"},
    # team
    "team:staff_list": {GET: "manage_staff", POST: "manage_staff"},
    "team:staff_detail": {GET: "manage_staff", POST: "manage_staff"},
    "team:set_password": {GET: PUBLIC, POST: PUBLIC},  # the invitation link: the token is the key
    "team:tasks": {GET: STAFF},
    "team:confirm_order": {POST: "take_order"},
    "team:new_orders": {GET: STAFF},
    "team:seen_new_orders": {POST: "view_orders"},
    "team:activity": {GET: "view_activity"},
}
BODIES = {
    ("orders:order_set_status", POST): {"status": "ready"},
    ("orders:order_set_status", CANCEL): {"status": "cancelled", "note": "Dobel pesan"},
}
NO_ROLE = "(no role)"
STRANGER = "(not signed in)"
PRINCIPALS = [*ROLES, NO_ROLE, STRANGER]


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"
            yield name, prefix + str(pattern.pattern)


def every_url():
    """(name, route) for every URL the resolver serves, the admin's many pages as one rule."""
    return list(_walk(get_resolver().url_patterns))


def _admin_path(route):
    """A concrete path for one of the admin's routes (regex or path syntax)."""
    if "(?P<url>" in route:
        return "/admin/no-such-page/"
    if "(?P<app_label>" in route:
        return "/admin/orders/"
    return "/" + re.sub(r"<[^>]+>", "1", route)


def cases():
    for name, route in every_url():
        if name.startswith("admin:"):
            yield pytest.param(name, route, id=name + " " + route)
            continue
        for method in RULES.get(name, {GET: None}) | {GET: None, POST: None}:
            yield pytest.param(name, method, id=f"{name} {method}")


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=25_000)
    period = make_period("PO Lebaran", slug="po-lebaran", products=[(nastar, 50)], delivery_in_days=20)
    customer = make_customer()
    order = place_order(period=period, customer=customer, lines={nastar: 2})
    order = record_payment(order, amount=10_000, note="DP")
    change = StatusChange.objects.get(order=order)
    recipe = RecipeItem.objects.create(product=nastar, ingredient="Tepung terigu", quantity=50)
    WaitlistEntry.objects.create(period=period, name="Ibu Sari", whatsapp="+6281300001111")
    helper = get_user_model().objects.create_user(username="helper-in-the-team")
    supplier = make_supplier()
    supplier_order = make_sample(supplier, photos=[thumbnail(photo_upload(size=(40, 30)))])  # small: every case builds it
    return {"product": nastar, "period": period, "customer": customer, "order": order, "recipe": recipe, "change": change,
            "supplier": supplier, "supplier_order": supplier_order, "supplier_photo": supplier_order.photos.get(), "helper": helper}


def _path(name, shop):
    """The URL of `name` with the shop's own order, period, customer, product or recipe in it."""
    route = dict(every_url())[name]
    wanted = re.findall(r"<(?:\w+:)?(\w+)>", route)
    kwargs = _kwargs(name, shop)
    return reverse(name, kwargs={key: kwargs[key] for key in wanted})


def _kwargs(name, shop):
    route_kwargs = {
        "code": shop["order"].code,
        "slug": shop["period"].slug,
        "day": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "step": "pack",
        "change_id": shop["change"].pk,
        "path": "no-such-photo.jpg",
        "payment_id": shop["order"].payments.get().pk,
        "uidb64": "MQ",
        "token": "no-such-token",
    }
    pks = {
        "suppliers:supplier": shop["supplier"].pk, "suppliers:sample_create": shop["supplier"].pk, "suppliers:mass_create": shop["supplier"].pk,
        "suppliers:order": shop["supplier_order"].pk, "suppliers:photo": shop["supplier_photo"].pk,
        "customers": shop["customer"].pk, "production:product_edit": shop["product"].pk, "production:recipe_delete": shop["recipe"].pk,
        "team:staff_detail": shop["helper"].pk}
    for prefix, pk in pks.items():
        if name.startswith(prefix):
            route_kwargs["pk"] = pk
    return route_kwargs


@pytest.fixture
def clients():
    """One signed-in client per role (a member of its group, not a superuser), one with no role, one stranger."""
    found = {}
    for principal in PRINCIPALS:
        client = Client()
        if principal != STRANGER:
            user = get_user_model().objects.create_user(username=f"user{len(found)}")
            if principal in ROLES:
                user.groups.add(Group.objects.get(name=principal))
            client.force_login(user)
        found[principal] = client
    return found


def _may(principal, rule):
    if rule in (PUBLIC, LOGOUT):
        return True
    if principal == STRANGER or rule == ADMIN:
        return False
    if rule == STAFF:
        return True
    if isinstance(rule, tuple):
        return any(_may(principal, one) for one in rule)
    return principal in ROLES and rule in actions_of(principal)


def _ask(client, method, path, data):
    """One request whose writes are rolled back, so every principal meets the same shop."""
    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            if method == GET:
                response = client.get(path)
            else:
                response = client.post(path, data)
            raise Rollback
    except Rollback:
        return response


def _to_login(response):
    location = response.headers.get("Location", "")
    return response.status_code == 302 and ("/masuk/" in location or "/admin/login/" in location)


def _verdicts(name, method, path, rule, clients, data):
    wrong = []
    for principal, client in clients.items():
        response = _ask(client, GET if method == GET else POST, path, data)
        got = response.status_code
        if rule is None:
            expected_ok = got == 405 or (principal == STRANGER and _to_login(response))
            if not expected_ok:
                wrong.append(f"{principal}: {method} {path} answered {got}, expected 405 (no rule for this method)")
        elif _may(principal, rule):
            if got == 403 or (_to_login(response) and rule != LOGOUT):
                wrong.append(f"{principal}: {method} {path} answered {got}, but may ({rule})")
        elif rule == ADMIN:
            # The admin sends non-staff to its login page (its logout to its index, which does the same).
            if not (_to_login(response) or (got == 302 and response.headers["Location"] == "/admin/")):
                wrong.append(f"{principal}: {method} {path} answered {got}, expected the admin's login page")
        elif principal == STRANGER:
            if not _to_login(response):
                wrong.append(f"{principal}: {method} {path} answered {got}, expected the login page ({rule})")
        elif got != 403:
            wrong.append(f"{principal}: {method} {path} answered {got}, expected 403 ({rule})")
    return wrong


def test_every_url_in_the_urlconf_has_a_rule_and_every_rule_a_url():
    names = {name for name, _route in every_url() if not name.startswith("admin:")}
    assert names - set(RULES) == set(), "URLs without a rule in RULES"
    assert set(RULES) - names - ONLY_WITH_DEBUG == set(), "rules for URLs that no longer exist"
    used = {rule for methods in RULES.values() for rule in methods.values()} - {PUBLIC, STAFF, ADMIN, LOGOUT, SETTINGS}
    assert used | set(SETTINGS) <= set(ACTIONS)


@pytest.mark.parametrize("name, method", [case for case in cases() if not case.values[0].startswith("admin:")])
def test_each_role_gets_exactly_what_the_table_allows(shop, clients, name, method):
    assert name in RULES, f"{name} has no rule in RULES: say who may use it"
    rule = RULES[name].get(method)
    path = _path(name, shop)
    data = BODIES.get((name, method), {})
    assert _verdicts(name, method, path, rule, clients, data) == []


@pytest.mark.parametrize("name, route", [case for case in cases() if case.values[0].startswith("admin:")])
def test_the_admin_is_for_staff_accounts_only(shop, clients, name, route):
    path = _admin_path(route)
    rule = PUBLIC if name == "admin:login" else ADMIN
    wrong = []
    for method in (GET, POST):
        wrong += _verdicts(name, method, path, rule, clients, {})
    assert wrong == []


def test_a_superuser_is_refused_nothing(shop, client):
    owner = get_user_model().objects.create_superuser(username="owner", password="rahasia-123")
    client.force_login(owner)
    for name, methods in RULES.items():
        if name in ONLY_WITH_DEBUG:
            continue
        path = _path(name, shop)
        for method in methods:
            response = _ask(client, GET if method == GET else POST, path, BODIES.get((name, method), {}))
            assert response.status_code != 403, (name, method)


def test_a_refusal_says_in_indonesian_what_the_role_may_not_do(shop, clients):
    response = clients["Produksi & Pengiriman"].post(
        reverse("orders:order_set_status", args=[shop["order"].code]), {"status": "cancelled", "note": "x"}
    )
    assert response.status_code == 403
    assert "Peran Anda (Produksi &amp; Pengiriman) tidak boleh melakukan ini: Membatalkan pesanan." in response.content.decode()
    shop["order"].refresh_from_db()
    assert not shop["order"].is_cancelled


def test_the_kitchen_edits_making_time_but_the_price_stays_the_owners(shop, clients):
    nastar = shop["product"]
    form = {"name": "Kue Nastar", "unit": nastar.unit, "price": "1", "units_per_batch": 10, "minutes_per_batch": 90, "is_active": "on"}
    page = clients["Produksi & Pengiriman"].get(reverse("production:product_edit", args=[nastar.pk]))
    assert "Harga hanya bisa diubah oleh pemilik." in page.content.decode()
    response = clients["Produksi & Pengiriman"].post(reverse("production:product_edit", args=[nastar.pk]), form)
    assert response.status_code == 302
    nastar.refresh_from_db()
    assert (nastar.price, nastar.minutes_per_batch) == (25_000, 90)
    clients["Pemilik"].post(reverse("production:product_edit", args=[nastar.pk]), form)
    nastar.refresh_from_db()
    assert nastar.price == 1


def test_customers_table_is_untouched_by_refused_requests(shop, clients):
    before = Customer.objects.count()
    clients["Keuangan"].post(reverse("customers:customer_create"), {"name": "Budi", "whatsapp": "0812-9999-0000"})
    assert Customer.objects.count() == before
