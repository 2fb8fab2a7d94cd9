"""Every page a role can open is readable by a screen reader: unique ids, every control named.

The pages are the URLconf's own (the same walk as the permissions matrix), each opened by every
role that may open it, with a shop that has an order with a DP, so the order page shows its
payment, correction, refund and cancel forms together.
"""
import re

import pytest
from django.urls import reverse

from orders.roles import ROLES
from orders.services import mark_paid
from orders.views.public import confirmation_url
from tests.page_checks import problems
from tests.test_permissions_matrix import GET, ONLY_WITH_DEBUG, PUBLIC, RULES, STAFF, _may, _path, clients, shop  # noqa: F401

pytestmark = pytest.mark.django_db

NOT_PAGES = {"logout", "set_language", "orders:export_month", "orders:export_filtered", "suppliers:photo", "orders:payment_proof", "insights:contact_csv", "insights:contact_vcf",
             "manifest", "public_manifest", "service_worker", "favicon", "orders:period_poster_feed", "orders:period_poster_status",
             "team:new_orders"}  # a fragment htmx polls into the menu, not a page  # files, not pages


def pages():
    for name, methods in RULES.items():
        if GET in methods and name not in NOT_PAGES | ONLY_WITH_DEBUG:
            yield name, methods[GET]


def test_the_checks_find_what_they_look_for():
    html = """<form><label for="a">Jumlah</label><input id="a" name="amount">
      <input id="a" name="note"><input type="number" name="x" aria-describedby="x_error">
      <button type="submit"></button><textarea name="r" aria-label="Alasan"></textarea></form>"""
    found = problems(html)
    assert "id 'a' is used more than once" in found
    assert any("name='x'" in line and "has no label" in line for line in found)
    assert any("'x_error'" in line and "points at no element" in line for line in found)
    assert any(line.startswith("<button") and "has no name" in line for line in found)
    assert not any("Alasan" in line for line in found)


@pytest.mark.parametrize("name, rule", list(pages()), ids=[name for name, _rule in pages()])
def test_every_page_has_unique_ids_and_named_controls(shop, clients, name, rule):  # noqa: F811
    path = confirmation_url(shop["order"]) if name == "public_order" else _path(name, shop)
    principals = ["(not signed in)"] if rule == PUBLIC else [role for role in ROLES if rule == STAFF or _may(role, rule)]
    opened = 0
    for principal in principals:
        response = clients[principal].get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        opened += 1
        assert problems(response.content.decode()) == [], f"{principal}: {path}"
    assert opened, f"no role could open {path}"


def _visible_text(html):
    """The page's text as a screen reader would read it in order: tags dropped, spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_one_tap_button_names_its_order(shop, clients):  # noqa: F811
    order = shop["order"]
    html = clients["Pemilik"].get(reverse("orders:order_list")).content.decode()
    text = _visible_text(html)
    assert f"Lunas — {order.code} Ibu Ani" in text
    assert f"Siap — {order.code} Ibu Ani" in text


def test_a_one_tap_change_by_htmx_brings_words_to_announce_and_a_button_to_focus(shop, clients):  # noqa: F811
    order = mark_paid(shop["order"])  # packed only once paid (orders.services.fulfilment)
    row = clients["Pemilik"].post(
        reverse("orders:order_set_status", args=[order.code]), {"status": "ready", "next": "/pesanan/"}, headers={"HX-Request": "true"}
    ).content.decode()
    said = re.search(r"<span data-announce>(.*?)</span>", row, re.S).group(1)
    assert _visible_text(said) == f"{order.code}: Belum Dikirim → Siap"
    assert re.search(r"<button[^>]*data-focus[^>]*>Urungkan", row)


def test_every_staff_page_has_one_live_region_for_announcements(shop, clients):  # noqa: F811
    html = clients["Pemilik"].get(reverse("home")).content.decode()
    assert html.count('id="announce"') == 1 and 'aria-live="polite"' in html
    assert "js/after_swap.js" in html


def test_a_wrong_password_is_announced_once_in_plain_indonesian(client):
    html = client.post(reverse("login"), {"username": "pemilik", "password": "salah"}).content.decode()
    alert = re.search(r'<div class="notice error" role="alert">(.*?)</div>', html, re.S)
    assert alert, "the refusal is not an alert"
    assert _visible_text(alert.group(1)) == "Nama pengguna atau sandi salah. Huruf besar dan kecil dibedakan."


def test_the_public_page_has_a_description_and_every_page_an_icon(shop, client):  # noqa: F811
    html = client.get(_path("public_period", shop)).content.decode()
    assert re.search(r'<meta name="description" content="Pre-order PO Lebaran dari [^"]+: pesan online', html)
    assert 'rel="icon"' in html
    assert 'rel="icon"' in client.get(reverse("login")).content.decode()


def _tag(html, pattern):
    return re.search(rf"<(?:input|select|textarea)[^>]*{pattern}[^>]*>", html).group(0)


def test_a_refused_public_order_marks_its_fields_lists_them_and_puts_focus_on_the_first(shop, client):  # noqa: F811
    page = client.get(_path("public_period", shop)).content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)
    quantity = re.search(r'name="(qty_\d+)"', page).group(1)
    answer = client.post(_path("public_period", shop), {"key": key, quantity: "-2", "name": "", "whatsapp": "0812-3456-7890", "delivery_method": "pickup"})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert problems(html) == []  # aria-describedby of the quantity points at its error
    field = _tag(html, f'name="{quantity}"')
    assert 'aria-invalid="true"' in field and "autofocus" in field
    assert "autofocus" not in _tag(html, 'name="name"')
    summary = re.search(r'<div class="refusal error-summary" role="alert">(.*?)</div>', html, re.S).group(1)
    assert f'href="#id_{quantity}"' in summary and 'href="#id_name"' in summary
    assert "Kue Nastar: Jumlah tidak boleh negatif." in _visible_text(summary)


def test_a_failed_quick_entry_marks_the_customer_field_and_links_to_it(shop, clients):  # noqa: F811
    product = shop["product"]
    data = {"period": shop["period"].slug, "new_name": "", "channel": "whatsapp", "delivery_method": "pickup", "idempotency_key": "k1", f"qty_{product.pk}": "2", "action": "place"}
    html = clients["CS"].post(reverse("orders:order_create"), data).content.decode()
    assert problems(html) == []
    search = _tag(html, 'name="customer_q"')
    assert 'aria-invalid="true"' in search and 'aria-describedby="id_customer_q_error"' in search and "autofocus" in search
    summary = re.search(r'<div class="refusal error-summary" role="alert">(.*?)</div>', html, re.S).group(1)
    assert 'href="#id_customer_q"' in summary
    assert "Pilih pelanggan, atau isi nama pelanggan baru." in _visible_text(summary)
