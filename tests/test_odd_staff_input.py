"""Odd input from staff pages: a clear message, never a 500.

The owner sends hostile values (year 0001 and 9999, impossible dates, huge and negative numbers,
words where numbers go, very long text, unicode, NUL, empty) to every query parameter the views
read and to every field of every form on the staff pages. Nothing may answer 500.
"""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from orders.filters import OrderFilterForm
from orders.models import PreorderPeriod, WaitlistEntry
from orders.roles import OWNER
from tests.test_permissions_matrix import GET, POST, PUBLIC, RULES, _path, shop  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "9999-12-30",
    "2026-02-30",
    "2026-13",
    "0000-00",
    "24/12/2026",
    "x" * 5000,
    "ñandú 日本語 🙂 ‮",
    "a\x00b",
    "<script>alert(1)</script>",
]

# Every query parameter a view reads (tests/test_odd_staff_input.py checks the code reads no other).
FILTER = list(OrderFilterForm.base_fields)
GET_PARAMS = {
    "orders:order_list": FILTER,
    "orders:export_filtered": FILTER,
    "orders:export_month": ["bulan"],
    "orders:order_create": ["period", "customer_q"],
    "orders:waitlist": ["period"],
    "orders:order_mark_paid": ["next"],
    "orders:order_set_status": ["next"],
    "production:plan": ["periode", "dari", "sampai"],
    "production:shopping": ["periode", "dari", "sampai", "tanggal"],
    "production:calendar": ["bulan"],
    "production:calendar_day": ["bulan"],
    "production:product_list": ["q"],
    "production:recipes": ["produk"],
    "orders:period_create": ["supplier_order"],
    "suppliers:mass_create": ["sample"],
    "customers:customer_list": ["q", "page", "sort", "filter"],
    "insights:evaluation": ["jenis"],
    "counter": ["q"],
    "counter_receipt": ["kembali"],
    "insights:contact_lists": ["list", "period", "days", "orders", "message", "page"],
    "insights:contact_csv": ["list", "period", "days", "orders"],
    "orders:period_poster_feed": ["page"],
    "public_period": ["part"],
    "public_order": ["t"],
}
EVERY_PARAM = sorted({name for names in GET_PARAMS.values() for name in names})
HTMX = {"HX-Request": "true"}
# Ranges that once crashed the plan and the shopping list.
RANGES = [
    {"dari": "0001-01-02", "sampai": "9999-12-30"},
    {"dari": "9999-12-30", "sampai": "9999-12-31"},
    {"dari": "0001-01-01", "sampai": "0001-01-01"},
    {"tanggal": "9999-12-31"},
    {"tanggal": "0001-01-01"},
]
# Fields a view reads from POST that no form on the pages shows (or only sometimes).
EXTRA_POST_FIELDS = {
    "orders:waitlist": ["told"],
    "orders:order_set_status": ["status", "note", "next", "no"],
    "orders:order_mark_paid": ["next", "no"],
    "orders:order_refund": ["amount", "method", "reason"],
    "orders:order_create": ["action", "period", "customer_q", "customer_q_shown"],
    "orders:import_sheet": ["confirm", "token"],
    "production:today_made": ["product", "quantity"],
    "production:calendar_day": ["delete"],
}


class Forms(HTMLParser):
    """The POST forms of a page: [(action, {field: value})], values as the page fills them in."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea, self._inside = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = (attrs.get("method") or "").lower() == "post"
            if self._inside:
                self.forms.append((attrs.get("action") or "", {}))
        if not self._inside or "name" not in attrs and tag not in ("option",):
            return
        fields = self.forms[-1][1]
        if tag == "input" and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                fields.setdefault(attrs["name"], "")
            else:
                fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs["name"]
            fields.setdefault(self._select, "")
        elif tag == "option" and self._select and ("selected" in attrs or not fields[self._select]):
            fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            fields[self._textarea] = ""
        elif tag == "button" and attrs.get("name"):
            fields.setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] += data


@pytest.fixture
def owner():
    user = get_user_model().objects.create_user(username="pemilik-uji")
    user.groups.add(Group.objects.get(name=OWNER))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _ask(client, method, path, data, headers=None):
    """The status of one request whose writes are rolled back."""

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            response = client.get(path, data, headers=headers) if method == GET else client.post(path, data, headers=headers)
            raise Rollback
    except Rollback:
        return response.status_code


def _staff_urls():
    return [name for name, methods in RULES.items() if not set(methods.values()) & {PUBLIC, "logout"}]


def _crashes(client, method, path, queries):
    return [f"{method} {path} {_short(query)}" for query in queries if _ask(client, method, path, query) >= 500]


def _short(data):
    return {key: (value[:20] + "…" if len(value) > 20 else value) for key, value in data.items()}


def test_every_query_parameter_the_code_reads_is_fuzzed():
    read = set()
    root = Path(__file__).resolve().parent.parent
    for source in root.glob("*/**/*.py"):
        # Hidden folders hold virtualenvs (.venv, and scripts/test's .venv-3.12, .venv-3.13), not our code.
        if source.relative_to(root).parts[0].startswith(".") or "tests" in source.parts:
            continue
        read |= set(re.findall(r"request\.GET(?:\.get\(|\[)\"(\w+)\"", source.read_text()))
    assert read - set(EVERY_PARAM) == set()


@pytest.mark.parametrize("name", [*_staff_urls(), "public_period", "public_order"])
def test_no_query_parameter_gives_a_500(shop, owner, name):  # noqa: F811
    path = _path(name, shop)
    method = GET if GET in RULES[name] else POST
    # Each parameter alone, then every parameter any view reads at once (also as an htmx request).
    alone = [({param: value}, {}) for param in GET_PARAMS.get(name, []) for value in HOSTILE]
    together = [({param: value for param in EVERY_PARAM}, headers) for value in HOSTILE for headers in ({}, HTMX)]
    ranges = [(query, {}) for query in RANGES] if name in ("production:plan", "production:shopping") else []
    crashes = []
    for query, headers in alone + together + ranges:
        target = path + "?" + "&".join(f"{key}={value}" for key, value in _quoted(query).items())
        if _ask(owner, method, target, {}, headers) >= 500:
            crashes.append(f"{method} {path} {_short(query)} {headers}")
    assert crashes == []


def _quoted(query):
    from urllib.parse import quote

    return {key: quote(value, safe="") for key, value in query.items()}


def _forms_of(client, shop):  # noqa: F811
    """{url name: [fields]} for every POST form on every staff page, plus the fields views read directly."""
    found = {}
    for name in _staff_urls():
        if GET not in RULES[name]:
            continue
        page = client.get(_path(name, shop))
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        parser = Forms()
        parser.feed(page.content.decode())
        for action, fields in parser.forms:
            target = action.split("?")[0] or _path(name, shop)
            try:
                match = resolve(target)
            except Exception:
                continue
            key = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
            found.setdefault(key, (target, {}))[1].update(fields)
    return found


def test_every_form_field_of_every_staff_page_survives_hostile_values(shop, owner):  # noqa: F811
    # Overdue orders and a waitlist make the pages show every form they can.
    forms = _forms_of(owner, shop)
    for name, extra in EXTRA_POST_FIELDS.items():
        target, fields = forms.setdefault(name, (_path(name, shop), {}))
        for field in extra:
            fields.setdefault(field, "")
    # The pages' own forms were found (the parser works), and every other URL taking POST gets one field.
    assert {"orders:period_edit", "orders:order_create", "orders:order_payment", "production:product_edit", "customers:customer_edit"} <= set(forms)
    for name, methods in RULES.items():
        if POST in methods and name in _staff_urls():
            forms.setdefault(name, (_path(name, shop), {"x": ""}))
    crashes = []
    for name, (target, fields) in sorted(forms.items()):
        if name in ("logout", "set_language"):
            continue
        fields = {key: value for key, value in fields.items() if key != "csrfmiddlewaretoken"}
        if _ask(owner, POST, target, fields) >= 500:
            crashes.append(f"POST {target} as the page fills it in")
        for field in fields:
            for value in HOSTILE:
                if _ask(owner, POST, target, {**fields, field: value}) >= 500:
                    crashes.append(f"POST {target} {field}={value[:20]!r}")
    assert crashes == []


def test_a_date_beyond_the_calendar_sends_back_to_the_calendar_with_a_message(owner):
    page = owner.get(reverse("production:calendar_day", args=["9999-12-31"]), follow=True)
    assert page.status_code == 200
    assert "“9999-12-31” bukan tanggal di kalender kerja." in page.content.decode()


@pytest.mark.parametrize("name", ["production:plan", "production:shopping"])
def test_a_range_from_year_1_to_9999_shows_the_usual_days_and_says_why(owner, name):
    page = owner.get(reverse(name), {"dari": "0001-01-02", "sampai": "9999-12-30"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "“0001-01-02” bukan tanggal yang bisa dipakai halaman ini" in text
    assert "“9999-12-30” bukan tanggal yang bisa dipakai halaman ini" in text
    assert "1 Januari 2000 dan 31 Desember 2099" in text


def test_marking_an_unknown_waitlist_entry_as_told_says_so(shop, owner):  # noqa: F811
    page = owner.post(reverse("orders:waitlist"), {"told": "abc"}, follow=True)
    assert page.status_code == 200
    assert "Pilih siapa di daftar tunggu yang sudah dikabari." in page.content.decode()
    assert not WaitlistEntry.objects.filter(notified_at__isnull=False).exists()


def test_a_period_saved_without_name_and_slug_says_the_name_is_needed(shop, owner):  # noqa: F811
    page = owner.post(reverse("orders:period_edit", args=[shop["period"].slug]), {"name": "", "slug": ""})
    assert page.status_code == 200
    assert 'href="/pesanan/periode/po-lebaran/"' in page.content.decode()  # Cancel goes back to the saved period
    assert "errorlist" in page.content.decode()
    assert PreorderPeriod.objects.get(pk=shop["period"].pk).name == "PO Lebaran"


def test_a_period_opening_in_year_1_is_refused_with_a_message(shop, owner):  # noqa: F811
    form = {"name": "PO", "slug": "po-lebaran", "opens_at": "0001-01-01T00:00", "closes_at": "2026-12-20T10:00", "delivery_date": "2026-12-24"}
    page = owner.post(reverse("orders:period_edit", args=[shop["period"].slug]), form)
    assert page.status_code == 200
    assert "Pilih tanggal antara 1 Januari 2000 dan 31 Desember 2099." in page.content.decode()


def test_a_nul_character_in_the_address_or_a_form_is_refused_with_a_message(shop, owner):  # noqa: F811
    for response in (
        owner.get(reverse("orders:order_create"), {"period": "a\x00b"}),
        owner.post(reverse("orders:order_set_status", args=[shop["order"].code]), {"status": "ready", "note": "a\x00b"}),
    ):
        assert response.status_code == 400
        assert "berisi karakter yang tidak bisa dipakai" in response.content.decode()
    shop["order"].refresh_from_db()
    assert shop["order"].fulfilment_status == "pending"
