"""Headers and small guards of a site on the internet: CSP, HSTS opt-in, the honeypot, bidi names, body size."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from customers.models import Customer
from orders.models import Order
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def period():
    return make_period("PO Lebaran", products=[(make_product("Kue Nastar"), 20)])


def order_data(client, **fields):
    html = client.get("/po-lebaran/").content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', html).group(1)
    product = re.search(r'name="(qty_\d+)"', html).group(1)
    return {"name": "Ibu Ani", "whatsapp": "0812-3456-7890", "delivery_method": "pickup", "key": key, product: "1"} | fields


def test_every_page_forbids_inline_script(client, period):
    staff = Client()
    staff.force_login(make_user("pemilik", superuser=True))
    for page in (client.get("/po-lebaran/"), client.get("/masuk/"), staff.get("/pesanan/baru/"), staff.get("/admin/")):
        policy = page["Content-Security-Policy"]
        script = re.search(r"script-src ([^;]+)", policy).group(1)
        assert script.strip() == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\shx-on[:-]|\son(click|change|submit|load|input|keydown)=", re.I)


def test_no_template_holds_inline_script_or_style_elements():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []


def test_the_quick_order_form_loads_its_helpers_from_a_static_file(period):
    staff = Client()
    staff.force_login(make_user("pemilik", superuser=True))
    html = staff.get("/pesanan/baru/").content.decode()
    assert re.search(r'<script src="/static/js/order_form\.js"', html)
    assert 'data-step="-1"' in html and "data-search-on-enter" in html


def deploy_settings(**env):
    code = (
        "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_HSTS")}
    base |= {"DEBUG": "false", "SECRET_KEY": "x" * 50}
    out = subprocess.run([sys.executable, "-c", code], env=base | env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_hsts_subdomains_and_preload_are_opt_in():
    assert deploy_settings(SECURE_HSTS_SECONDS="31536000") == [31536000, False, False]
    assert deploy_settings(SECURE_HSTS_SECONDS="31536000", SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true") == [31536000, True, True]


def test_the_honeypot_is_out_of_reach_for_people_and_never_echoes_a_bots_text(client, period):
    html = client.get("/po-lebaran/").content.decode()
    field = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in field and 'aria-hidden="true"' in field and 'autocomplete="off"' in field
    answer = client.post("/po-lebaran/", order_data(client, website="http://spam.example/buy-now"))
    assert answer.status_code == 400
    assert "spam.example" not in answer.content.decode()


def test_bidi_control_characters_are_removed_from_customer_names(client, period):
    client.post("/po-lebaran/", order_data(client, name="Ani\u202egnp.exe\u2066"))
    assert Order.objects.get().customer.name == "Anignp.exe"
    typed = make_customer("\u200fBu\u202b Rina\u202c", whatsapp="0813-2222-0000")
    assert typed.name == "Bu Rina"


def test_an_oversized_public_post_is_refused_unread_with_a_message(client, period):
    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    data = order_data(client)
    answer = client.post("/po-lebaran/", data, CONTENT_LENGTH=str(5 * 1024 * 1024), **{"wsgi.input": Unreadable()})
    assert answer.status_code == 413
    assert "Formulir terlalu besar" in answer.content.decode()
    big = client.post("/po-lebaran/", order_data(client, notes="catatan " * 20_000))
    assert big.status_code == 413
    assert Order.objects.count() == 0 and Customer.objects.count() == 0
    assert client.post("/po-lebaran/", order_data(client)).status_code == 302  # a normal order still goes
