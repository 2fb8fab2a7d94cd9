"""What a phone downloads to open the order table and the public page for the first time.

    .venv/bin/python bench/first_load.py [--port 8107]

Serves the bench seed of bench/pages.py (20,000 orders in bench/out/pages.sqlite3; run pages.py
once first) with gunicorn and production settings (DEBUG=false, collected static files, WhiteNoise,
GZipMiddleware), then opens the pages in Debian's Chromium with an empty cache and counts every
request the page makes and the bytes it transfers (bodies as sent, plus headers):

- compressed: as a phone's browser asks (Accept-Encoding: gzip, deflate, br), no service worker yet;
- uncompressed: the same with Accept-Encoding: identity (what a server without compression sends);
- installed app: after the home page registered the service worker, the order table again in a
  fresh tab — the shell now comes from the worker's cache, only the page from the network.
"""
import argparse
import os
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.stack import HOST, ROOT, manage, start_gunicorn, stop, wait_until_answering  # noqa: E402

DATABASE = ROOT / "bench" / "out" / "pages.sqlite3"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "id-ID"}


def load(context, url, encoding=None):
    """(requests made over the network, bytes transferred) while `url` loads in a new tab of `context`."""
    page = context.new_page()
    if encoding:
        page.set_extra_http_headers({"Accept-Encoding": encoding})
    seen = []
    page.on("requestfinished", lambda request: seen.append(request))
    # What the service worker itself fetches from the network (a page it lets through) is reported on the context.
    by_worker = []
    context.on("requestfinished", lambda request: by_worker.append(request) if request.service_worker else None)
    answer = page.goto(url, wait_until="load")
    assert answer.status == 200, (url, answer.status)
    page.wait_for_timeout(500)  # late requests (icons, the manifest) count too
    rows = []
    for request in seen + by_worker:
        response = request.response()
        if response is None or response.from_service_worker:
            continue  # answered by the worker: from its cache, or counted as the worker's own fetch
        sizes = request.sizes()
        rows.append((request.url.removeprefix(url.split("/", 3)[0] + "//" + url.split("/", 3)[2]), sizes["responseBodySize"] + sizes["responseHeadersSize"], response.headers.get("content-encoding", "-")))
    page.close()
    return rows


def log_in(context, base):
    """Sign in through the login form with the context's own cookies but outside its pages, so the
    browser's cache stays empty for the page measured next."""
    form = context.request.get(base + "/masuk/").text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    answer = context.request.post(
        base + "/masuk/", form={"csrfmiddlewaretoken": token, "username": "bench", "password": "x"}, headers={"Referer": base + "/masuk/"}, max_redirects=0
    )
    assert answer.status == 302, answer.status


def report(label, rows):
    total = sum(size for _url, size, _encoding in rows)
    print(f"{label}: {len(rows)} requests, {total / 1000:.1f} KB transferred")
    for url, size, encoding in rows:
        print(f"    {size / 1000:6.1f} KB  {encoding:5}  {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8107)
    args = parser.parse_args()
    if not DATABASE.exists():
        raise SystemExit(f"{DATABASE} is missing: run .venv/bin/python bench/pages.py once (it seeds it)")
    with sqlite3.connect(DATABASE) as db:
        slug = db.execute("SELECT slug FROM orders_preorderperiod ORDER BY opens_at DESC LIMIT 1").fetchone()[0]
    env = os.environ | {
        "DEBUG": "false", "SECRET_KEY": "bench-only-" + os.urandom(16).hex(), "ALLOWED_HOSTS": HOST, "HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{DATABASE}", "STATIC_ROOT": tempfile.mkdtemp(prefix="prapesan-static-"),
        "DJANGO_SETTINGS_MODULE": "bench.settings", "CACHE_DIR": tempfile.mkdtemp(prefix="prapesan-cache-"),
    }
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "compile_catalogue", "-v0")
    log = ROOT / "bench" / "out" / "first_load_gunicorn.log"
    gunicorn = start_gunicorn(env, args.port, log, workers=2)
    base = f"http://{HOST}:{args.port}"
    try:
        wait_until_answering(args.port, "/masuk/", seconds=30, process=gunicorn, log=log)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for label, encoding in (("compressed", None), ("uncompressed", "identity")):
                for page_label, path, staff in (("order table", "/pesanan/", True), ("public page", f"/{slug}/", False)):
                    context = browser.new_context(service_workers="block", **PHONE)
                    if staff:
                        log_in(context, base)
                    report(f"{page_label}, first load, {label}", load(context, base + path, encoding))
                    context.close()
            context = browser.new_context(**PHONE)
            log_in(context, base)
            page = context.new_page()  # the home page registers the service worker
            page.goto(base + "/")
            page.evaluate("async () => { await navigator.serviceWorker.ready; }")
            page.close()
            report("order table, installed app (shell from the service worker)", load(context, base + "/pesanan/"))
            context.close()
            browser.close()
    finally:
        stop(gunicorn)
    print("command: .venv/bin/python bench/first_load.py")


if __name__ == "__main__":
    main()
