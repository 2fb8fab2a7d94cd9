"""Every page of every role on a 360 × 740 phone: nothing wider than the screen, text at least 14 px.

The pages come from the URLconf itself, so a new page is checked without touching this file. The
shop is the demo bakery plus what real shops have: a reseller's order of every product in big
numbers, a long name, a long address and a map link in the notes.
"""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from customers.models import Customer
from orders.models import Channel, DeliveryMethod, PeriodProduct, PreorderPeriod
from orders.services import place_order
from production.models import Product
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
ROLES = ["pemilik", "cs", "keuangan", "produksi"]
MIN_FONT_PX = 14

# What the page measures: its width, every element past the right edge (not the fixed menu, which
# follows the page), and every visible piece of text smaller than the minimum.
MEASURE = """(limit) => {
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '');
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.visually-hidden, .mainnav')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit.width + 0.5) wide.push(name(el) + ' to ' + Math.round(box.right) + ' px');
  }
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !el || el.closest('.visually-hidden, script, style, option')) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < limit.font) small.push(name(el) + ' ' + size.toFixed(1) + ' px: ' + walker.currentNode.textContent.trim().slice(0, 30));
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          wide: wide.slice(0, 5), small: [...new Set(small)].slice(0, 8)};
}"""


def add_what_real_shops_have():
    """A reseller with a long name ordering every product by the dozen, with a long address and a map link."""
    lebaran = PreorderPeriod.objects.get(slug="po-lebaran")
    period = PreorderPeriod.objects.create(
        name="PO Hampers Lebaran 1448 H khusus Reseller & Dropshipper Jabodetabek",
        slug="po-hampers-lebaran-reseller",
        opens_at=lebaran.opens_at,
        closes_at=lebaran.closes_at,
        delivery_date=lebaran.delivery_date,
    )
    for product in Product.objects.all():
        PeriodProduct.objects.create(period=period, product=product)
    reseller = Customer.objects.create(
        name="Ibu Hajjah Raden Ayu Sri Wulandari Kusumawardhani (Reseller Bekasi Timur)",
        whatsapp="0812-9876-5432",
        address="Perumahan Taman Kebalen Indah Blok AA-17 No. 23, RT.005/RW.012, Kel. Kebalen, Kec. Babelan, Kab. Bekasi 17610",
    )
    products = Product.objects.filter(offers__period=period)
    order = place_order(
        period=period,
        customer=reseller,
        lines={product: 120 + 15 * index for index, product in enumerate(products)},
        channel=Channel.WHATSAPP,
        delivery_method=DeliveryMethod.COURIER,
        delivery_address=reseller.address,
        notes="Kirim via JNE YES. Patokan: https://maps.app.goo.gl/Xk2b9QvTfLmN3pRs7 (rumah pagar hijau) — tolong dus dobel",
    )
    return {"slug": period.slug, "code": order.code, "customer": reseller.pk, "product": products.first().pk}


def routes(patterns=None, prefix=""):
    """(namespaced name, its converters) of every URL in the URLconf, the admin left out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from routes(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, list(pattern.pattern.converters)


def every_url(shop):
    """Each page of the URLconf filled in with the shop's own period, order, customer, product and a date."""
    values = {"slug": shop["slug"], "code": shop["code"], "day": (timezone.localdate() + timedelta(days=3)).isoformat(), "step": "siap"}
    urls = []
    for name, params in routes():
        kwargs = {param: values.get(param) for param in params}
        if "pk" in kwargs:
            kwargs["pk"] = shop["customer"] if name.startswith("customers:") else shop["product"]
        if None in kwargs.values():
            continue
        urls.append(reverse(name, kwargs=kwargs))
    return urls


@pytest.fixture
def shop():
    call_command("demo", stdout=StringIO())
    return add_what_real_shops_have()


@pytest.fixture
def phone_360(browser):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **PHONE_360)
    yield context
    context.close()


def problems_on(page, url):
    measured = page.evaluate(MEASURE, {"width": PHONE_360["viewport"]["width"], "font": MIN_FONT_PX})
    found = []
    # A mobile browser widens its layout to fit a too-wide page, so innerWidth grows too: compare with the screen.
    if measured["scrollWidth"] > measured["innerWidth"] or measured["innerWidth"] > PHONE_360["viewport"]["width"]:
        found.append(f"{url} is {measured['scrollWidth']} px wide: {measured['wide']}")
    if measured["small"]:
        found.append(f"{url} has text under {MIN_FONT_PX} px: {measured['small']}")
    return found


def html_pages(page, live_server, urls):
    """The URLs this visitor gets as an HTML page (not a download, a refusal, a redirect or POST-only)."""
    for url in urls:
        answer = page.request.get(live_server.url + url, max_redirects=0)
        if answer.status == 200 and answer.headers.get("content-type", "").startswith("text/html"):
            yield url


def test_no_page_of_any_role_is_wider_than_a_360_px_phone_or_has_tiny_text(live_server, shop, phone_360):
    urls = every_url(shop)
    problems, seen = [], {}
    for role in [None, *ROLES]:
        page = phone_360.new_page()
        page.context.clear_cookies()
        if role:
            log_in(page, live_server, role, password="prapesan-demo")
        seen[role] = 0
        for url in html_pages(page, live_server, urls):
            page.goto(live_server.url + url)
            problems += problems_on(page, f"{role or 'visitor'} {url}")
            seen[role] += 1
        if role is None:  # the confirmation a customer sees after ordering
            page.goto(live_server.url + reverse("public_period", args=[shop["slug"]]))
            page.fill("form .qtyrow input", "2")
            page.fill("input[name=name]", "Ibu Hajjah Raden Ayu Sri Wulandari Kusumawardhani")
            page.fill("input[name=whatsapp]", "0812-1111-2222")
            page.click("form button.primary[type=submit]")
            page.wait_for_url("**/pesanan/**")
            problems += problems_on(page, f"visitor {page.url}")
            seen[role] += 1
        page.close()
    assert not problems, "\n".join(problems)
    # The walk really reached the pages: the public ones, and most pages for the owner.
    assert seen[None] >= 3 and seen["pemilik"] >= 25 and all(seen[role] >= 5 for role in ROLES), seen


def test_the_top_bar_stays_on_one_line_for_every_role(live_server, shop, phone_360):
    page = phone_360.new_page()
    for role in ROLES:
        page.context.clear_cookies()
        log_in(page, live_server, role, password="prapesan-demo")
        page.goto(live_server.url + reverse("home"))
        boxes = page.eval_on_selector_all(
            ".topbar > *", "els => els.map(el => el.getBoundingClientRect()).filter(box => box.height).map(box => [box.top, box.bottom])"
        )
        # One line: every visible piece of the bar shares a horizontal band.
        assert max(top for top, _bottom in boxes) < min(bottom for _top, bottom in boxes), f"{role}: the top bar wraps ({boxes})"
        assert page.evaluate("document.querySelector('.topbar').scrollWidth <= document.querySelector('.topbar').clientWidth")
