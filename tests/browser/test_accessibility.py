"""Keyboard and screen reader in Chromium: axe-core on every page, and journeys with the keyboard alone.

axe-core comes pinned inside the axe-playwright-python package (nothing is fetched at run time).
Every page of the URLconf is opened by every role that may open it (and the public pages by a
stranger), at 390 px and at 1280 px; a serious or critical violation fails.
"""
import pytest
from django.urls import reverse

from orders.models import Order, PaymentStatus
from orders.roles import OWNER, ROLES
from orders.services import place_order
from orders.views.public import confirmation_url
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.conftest import make_customer, make_product, make_user
from tests.test_accessible_pages import NOT_PAGES
from tests.test_permissions_matrix import GET, ONLY_WITH_DEBUG, PUBLIC, RULES, STAFF, STRANGER, _may, _path
from tests.test_permissions_matrix import shop as _shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

shop = _shop

# Where the focused element is, seen from the page: nothing means it is visible, on screen and on top.
FOCUS_PROBLEM = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "focus is on the page itself";
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return "the focused element has no size";
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return "the focused element is off screen";
  const top = document.elementFromPoint(x, y);
  const inOwnLabel = top && [...(el.labels || [])].some((label) => label.contains(top));
  if (!(top === el || el.contains(top) || inOwnLabel)) return "covered by " + (top ? top.outerHTML.slice(0, 80) : "nothing");
  const style = getComputedStyle(el);
  if (style.outlineStyle === "none" && style.boxShadow === "none") return "no focus ring";
  return null;
}"""


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _serious(results):
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def _pages(shop, who):
    """Every page of the URLconf that `who` (a role, or the stranger) may open."""
    found = []
    for name, methods in RULES.items():
        if GET not in methods or name in NOT_PAGES | ONLY_WITH_DEBUG or name.startswith("admin:"):
            continue
        rule = methods[GET]
        if (rule == PUBLIC) if who == STRANGER else (rule == STAFF or _may(who, rule)):
            found.append(confirmation_url(shop["order"]) if name == "public_order" else _path(name, shop))
    return found


@pytest.mark.parametrize("who", [STRANGER, *ROLES])
def test_axe_finds_no_serious_fault_on_any_page_at_390_and_1280_px(browser, live_server, shop, who):
    """Each role sees its own buttons and forms (a courier's task list, the finance queue), so each role is walked."""
    axe = _axe()
    faults = []
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **PHONE)
    page = context.new_page()
    if who != STRANGER:
        make_user("peran", role=who)
        log_in(page, live_server, "peran")
    opened = 0
    for path in _pages(shop, who):
        page.set_viewport_size(PHONE["viewport"])
        answer = page.goto(live_server.url + path)
        if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        opened += 1
        for size in (PHONE["viewport"], DESKTOP["viewport"]):
            page.set_viewport_size(size)
            faults += [f"{who} {path} at {size['width']} px: {fault}" for fault in _serious(axe.run(page))]
    context.close()

    assert opened, f"{who} opened no page"
    assert faults == [], "\n".join(faults)


def _describe(page):
    return page.evaluate(r"""() => { const el = document.activeElement;
      return [el.tagName.toLowerCase(), el.getAttribute("name") || "", el.id || "", (el.innerText || el.value || "").replace(/\s+/g, " ").trim().slice(0, 60)].join(" | "); }""")


def _tab(page, stops):
    """Press Tab once; the focused element must be visible, on screen, not under the menu, with a ring."""
    page.keyboard.press("Tab")
    where = _describe(page)
    problem = page.evaluate(FOCUS_PROBLEM)
    assert problem is None, f"tab stop {len(stops) + 1} ({where}): {problem}; before: {stops}"
    stops.append(where)
    return where


def test_a_customer_orders_on_the_public_page_with_the_keyboard_alone(phone, live_server, shop):
    phone.goto(live_server.url + _path("public_period", shop))
    typed = {"qty_": "2", "name": "Ibu Ani", "whatsapp": "0812 3456 7890"}
    stops = []
    while len(stops) < 30:
        where = _tab(phone, stops)
        assert "website" not in where, "the honeypot took the focus"
        field = where.split(" | ")[1]
        for prefix, text in typed.items():
            if field.startswith(prefix):
                phone.keyboard.type(text)
        if where.startswith("button") and where.endswith("| Pesan"):
            phone.keyboard.press("Enter")
            break
    else:
        raise AssertionError(f"no 'Pesan' button in {stops}")
    phone.wait_for_url("**/pesanan/**")
    order = Order.objects.exclude(pk=shop["order"].pk).get()
    assert (order.customer.name, order.total) == ("Ibu Ani", 50_000)
    assert phone.locator("#order-code").inner_text() == order.code


def test_the_public_stock_reads_out_only_the_product_whose_stock_changed(phone, live_server, shop):
    brownies = make_product("Brownies", price=40_000)
    shop["period"].offers.create(product=brownies, unit_cap=20)
    phone.goto(live_server.url + _path("public_period", shop))
    assert phone.locator("#stock").get_attribute("aria-live") is None  # the whole menu is never re-read
    place_order(period=shop["period"], customer=make_customer("Ibu Sari", whatsapp="0813-1111-2222"), lines={shop["product"]: 3})
    # What the page's 20-second poll does, without waiting for it.
    phone.evaluate("htmx.ajax('GET', location.pathname + '?part=stock', {target: '#stock', swap: 'outerHTML'})")
    phone.wait_for_function("() => document.getElementById('announce').textContent !== ''")
    said = phone.locator("#announce").inner_text()
    assert "Kue Nastar" in said and "sisa 45 box" in said and "Brownies" not in said


def test_a_helper_records_a_payment_and_marks_an_order_ready_with_the_keyboard_on_a_phone(phone, live_server, shop):
    order = shop["order"]
    make_user("pemilik", role=OWNER)
    log_in(phone, live_server, "pemilik")

    phone.goto(live_server.url + order.get_absolute_url())
    stops = []
    while _tab(phone, stops).split(" | ")[2] != "payment_amount":
        assert len(stops) < 60, f"no payment field in {stops}"
    phone.keyboard.type("40.000")
    while not _tab(phone, stops).endswith("| Catat pembayaran"):
        assert len(stops) < 60, stops
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.get_by_text(f"Pembayaran untuk {order.code} tercatat.").is_visible()
    order.refresh_from_db()
    assert (order.amount_paid, order.payment_status) == (50_000, PaymentStatus.PAID)

    phone.goto(live_server.url + reverse("orders:order_list"))
    assert phone.get_by_role("columnheader", name="Status Kirim").count() == 1  # the cards keep their headers for a screen reader
    stops = []
    while f"Siap — {order.code} Ibu Ani" not in _tab(phone, stops):
        assert len(stops) < 120, f"no Siap button named for {order.code} in {stops}"
    phone.keyboard.press("Enter")
    row = phone.locator(f"#order-{order.code}")
    row.get_by_role("button", name="Urungkan").wait_for()
    phone.wait_for_function("() => document.activeElement.closest('.undo-offer') !== null")  # not <body>
    assert phone.evaluate(FOCUS_PROBLEM) is None
    phone.wait_for_function("() => document.getElementById('announce').textContent.includes('Siap')")
    assert phone.locator("#announce").inner_text() == f"{order.code}: Belum Dikirim → Siap"
    order.refresh_from_db()
    assert order.is_ready

    # Quick entry: every tab stop down to "Simpan Pesanan" is above the menu (the product rows were 72% under it).
    phone.goto(live_server.url + reverse("orders:order_create"))
    stops = []
    while not _tab(phone, stops).endswith("| Simpan Pesanan"):
        assert len(stops) < 60, stops
