"""Every page a role can open is readable by a screen reader: unique ids, every control named.

The pages are the URLconf's own (the same walk as the permissions matrix), each opened by every
role that may open it, with a shop that has an order with a DP, so the order page shows its
payment, correction, refund and cancel forms together.
"""
import pytest

from orders.roles import ROLES
from orders.views.public import confirmation_url
from tests.page_checks import problems
from tests.test_permissions_matrix import GET, ONLY_WITH_DEBUG, PUBLIC, RULES, STAFF, _may, _path, clients, shop  # noqa: F401

pytestmark = pytest.mark.django_db

NOT_PAGES = {"logout", "set_language", "orders:export_month", "orders:export_filtered", "suppliers:photo"}


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
