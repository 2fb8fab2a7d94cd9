"""Capture every page of a running Prapesan at 390 px (phone) and 1280 px (desktop).

Usage (against a server with the demo data, `manage.py demo`):

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 --lang en --out /tmp/shots-en
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 --only orders-
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 --only settings- --widths 360,390,1280

Logs in as the owner (pemilik / prapesan-demo) and writes
docs/screenshots/<area>-<page>-<width>.png. The public confirmation page needs an order, so the
script places one through the public form of the first open PO, and cancels it at the end.
"""
import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {
    360: {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1280: {"viewport": {"width": 1280, "height": 900}},
}
USERNAME, PASSWORD = "pemilik", "prapesan-demo"
PENDING = []  # the demo order the script marks "Siap" and puts back


def log_in(page, base):
    page.goto(f"{base}/masuk/")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state()


def all_hrefs(page, base, url, pattern):
    """The links on `url` whose path matches `pattern`, in page order, without repeats."""
    page.goto(base + url)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(href for href in hrefs if re.fullmatch(pattern, href)))


def first_href(page, base, url, pattern):
    """The first link on `url` whose path matches `pattern` (to find a real order, period...)."""
    found = all_hrefs(page, base, url, pattern)
    if not found:
        raise SystemExit(f"No link matching {pattern} on {url}")
    return found[0]


def submit_empty_public_form(page, base, path):
    """The public form sent with nothing filled in: the page with its error messages."""
    page.goto(base + path)
    page.click("form button.primary[type=submit]")
    page.wait_for_load_state()


def fill_public_quantities(page, base, path):
    """The public form with two units of each of the first two products: the running total."""
    page.goto(base + path)
    for quantity in page.query_selector_all("form .qtyrow input")[:2]:
        quantity.fill("2")
    page.locator("#total strong").filter(has_not_text="Rp0").wait_for()


def place_public_order(page, base, period_url):
    """Order one unit of the first product through the public form; return the confirmation URL."""
    page.goto(base + period_url)
    quantity = page.query_selector("form .qtyrow input")
    quantity.fill("1")
    page.fill("input[name=name]", "Rina Screenshot")
    page.fill("input[name=whatsapp]", "0899 0000 1234")
    pickup = page.query_selector("input[name=delivery_method][value=pickup]")
    if pickup:
        pickup.check()
    page.click("form button.primary[type=submit]")
    page.wait_for_load_state()
    if "/pesanan/" not in page.url:
        raise SystemExit(f"The public order was refused: {page.url}")
    return page.url.removeprefix(base)


def tap_in_row(page, base, code, button):
    """One tap on a row's button in the order table (htmx swaps the row: the undo offer or the confirmation)."""
    page.goto(f"{base}/pesanan/?q={code}")
    page.locator(f"#order-{code}").get_by_role("button", name=button).click()
    page.wait_for_selector(f"#order-{code} .undo-offer, #order-{code} .row-confirm")


def put_back_to_pending(page, base, code):
    """Undo the script's own "Siap" on the order page, so running it again finds the demo as it was."""
    page.goto(f"{base}/pesanan/{code}/")
    button = page.query_selector("form[action$='/status/'] button[value=pending]")
    if button:
        button.click()
        page.wait_for_load_state()


def cancel_order(page, base, confirmation):
    """Cancel the order the script placed, so running it again does not fill the PO."""
    code = re.search(r"/pesanan/([^/]+)/", confirmation).group(1)
    page.goto(f"{base}/pesanan/{code}/")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.fill("form[action$='/batal/'] textarea, form[action$='/batal/'] input[name=reason]", "Pesanan contoh dari skrip screenshot")
    page.click("form[action$='/batal/'] button[type=submit]")
    page.wait_for_load_state()


def shoot(page, path, width, max_height):
    clip = None
    if max_height:
        height = page.evaluate("document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, max_height)}
    page.screenshot(path=path, full_page=True, clip=clip)


def pages(page, base):
    """(name, path) of every page, found by following links in the demo data."""
    order = first_href(page, base, "/pesanan/?payment=deposit&fulfilment=pending", r"/pesanan/[A-Z]+-[0-9-]+/")
    period = first_href(page, base, "/", r"/pesanan/periode/(?!baru/)[\w-]+/")  # an open one
    customer = first_href(page, base, "/pelanggan/", r"/pelanggan/\d+/")
    product_edit = first_href(page, base, "/produksi/produk/", r"/produksi/produk/\d+/ubah/")
    public_pattern = r"/(?!pesanan/|produksi/|pelanggan/|admin/)[\w-]+/"
    public = first_href(page, base, period, public_pattern)
    periods = all_hrefs(page, base, "/pesanan/periode/", r"/pesanan/periode/(?!baru/)[\w-]+/")
    closed = first_href(page, base, periods[-1], public_pattern)  # the list ends with closed periods
    admin_order = first_href(page, base, "/admin/orders/order/", r"/admin/orders/order/\d+/change/")
    confirmation = place_public_order(page, base, public)
    pending = first_href(page, base, "/pesanan/?fulfilment=pending&sort=-delivery", r"/pesanan/[A-Z]+-[0-9-]+/").strip("/").split("/")[-1]
    PENDING[:] = [pending]
    return [
        ("settings-hub", "/pesanan/pengaturan/"),
        ("orders-undo", lambda page: (put_back_to_pending(page, base, pending), tap_in_row(page, base, pending, "Siap"))),
        ("orders-confirm-send", lambda page: (put_back_to_pending(page, base, pending), tap_in_row(page, base, pending, re.compile("^Sudah Di")))),
        ("home-dashboard", "/"),
        ("orders-table", "/pesanan/"),
        ("orders-entry", "/pesanan/baru/"),
        ("orders-page", order),
        ("orders-reschedule", order + "jadwal/"),
        ("periods-list", "/pesanan/periode/"),
        ("periods-detail", period),
        ("periods-form", period + "ubah/"),
        ("products-list", "/produksi/produk/"),
        ("products-form", product_edit),
        ("customers-list", "/pelanggan/"),
        ("customers-detail", customer),
        ("production-calendar", "/produksi/kalender/"),
        ("production-capacity", "/produksi/kapasitas/"),
        ("production-plan", "/produksi/rencana/"),
        ("production-today", "/produksi/hari-ini/"),
        ("production-recipes", "/produksi/resep/"),
        ("production-shopping", "/produksi/belanja/"),
        ("public-unpaid", "/pesanan/belum-bayar/"),
        ("public-message-templates", "/pesanan/template-pesan/"),
        ("public-shop-settings", "/pesanan/toko/"),
        ("public-waitlist", "/pesanan/daftar-tunggu/"),
        ("public-period", public),
        ("public-period-errors", lambda page: submit_empty_public_form(page, base, public)),
        ("public-period-total", lambda page: fill_public_quantities(page, base, public)),
        ("public-full-waitlist", closed),
        ("public-confirmation", confirmation),
        ("foundation-admin-orders", "/admin/orders/order/"),
        ("foundation-admin-order", admin_order),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="base URL of a running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNG files")
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    parser.add_argument("--max-height", type=int, default=0, help="cut each picture at this height (previews)")
    parser.add_argument("--only", default="", help="only pages whose name starts with this")
    parser.add_argument("--widths", default="390,1280", help="comma-separated, from 360, 390, 1280")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    host = re.sub(r"^https?://([^/:]+).*", r"\1", base)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        finder = browser.new_page()
        log_in(finder, base)
        targets = [("foundation-login", "/masuk/")] + pages(finder, base)
        confirmation = dict(targets)["public-confirmation"]
        for width in [int(width) for width in args.widths.split(",")]:
            options = WIDTHS[width]
            context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **options)
            context.add_cookies([{"name": "django_language", "value": args.lang, "domain": host, "path": "/"}])
            page = context.new_page()
            for name, path in targets:
                if name == "foundation-login":
                    page.goto(base + path)
                    if name.startswith(args.only):
                        shoot(page, out / f"{name}-{width}.png", width, args.max_height)
                    log_in(page, base)
                    continue
                if not name.startswith(args.only):
                    continue
                if callable(path):
                    path(page)
                else:
                    response = page.goto(base + path)
                    if response.status >= 400:
                        print(f"{response.status} {path}", file=sys.stderr)
                shoot(page, out / f"{name}-{width}.png", width, args.max_height)
                print(out / f"{name}-{width}.png")
            context.close()
        cancel_order(finder, base, confirmation)
        if any(name.startswith(args.only) for name in ("orders-undo", "orders-confirm-send")):
            put_back_to_pending(finder, base, PENDING[0])
        browser.close()


if __name__ == "__main__":
    main()
