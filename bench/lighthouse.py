"""Google Lighthouse (mobile preset) on the pages people use most, against gunicorn with the demo data.

    .venv/bin/python bench/lighthouse.py [--runs 1]

Installs Lighthouse 12.2.3 from the npm registry into bench/out/lighthouse/ the first time (it runs
on the machine's Node 20; 13.x wants Node 22), builds a fresh demo site in bench/out/lighthouse/
(SQLite, DEBUG=false, collected static files), starts gunicorn behind nginx (which serves the product
photos at /media/, as in production), logs in as the owner
and runs Lighthouse with Debian's Chromium on: the public page, login, home, order table, quick
entry, an order page and "Hari ini". Prints one row per page: performance, accessibility and best
practices (0-100, the median of --runs), and every accessibility or best-practice audit that failed.
"""
import argparse
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.scratch_db import fresh_sqlite  # noqa: E402
from bench.stack import HOST, ROOT, free_port, manage, start_gunicorn, start_nginx, stop, wait_until_answering  # noqa: E402

OUT = ROOT / "bench" / "out" / "lighthouse"
LIGHTHOUSE_VERSION = "12.2.3"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")


def lighthouse_binary():
    binary = OUT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(OUT), "--no-audit", "--no-fund", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


def site_env():
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": fresh_sqlite(OUT / "site.sqlite3"),
        "SECRET_KEY": "lighthouse-bench-only-" + "x" * 40,
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(OUT / "static"),
        "CACHE_DIR": str(OUT / "cache"),
        "MEDIA_ROOT": str(OUT / "media"),
        "GUNICORN_WORKERS": "2",
        "TRUSTED_PROXY_COUNT": "1",
    }


def build_site(env):
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "compile_catalogue", "-v0")
    manage(env, "demo", stdout=subprocess.DEVNULL)
    found = manage(env, "shell", "-c", (
        "from orders.models import Order, PreorderPeriod\n"
        "period = next(p for p in PreorderPeriod.objects.order_by('closes_at') if p.is_open)\n"
        "print('found', period.slug, Order.objects.order_by('-placed_at').first().code)"
    ), capture_output=True, text=True)
    return found.stdout.split("found ")[-1].split()


def session_cookie(base):
    """The owner's session cookie, by logging in through the login form like a browser."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/masuk/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "pemilik", "password": "prapesan-demo"}).encode()
    opener.open(urllib.request.Request(base + "/masuk/", data=form, headers={"Referer": base + "/masuk/"}))
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def audit(binary, url, cookie, report):
    command = [
        str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env=os.environ | {"CHROME_PATH": CHROMIUM})
    result = json.loads(Path(report).read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = sorted({
        ref["id"]
        for name in ("accessibility", "best-practices")
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] and result["audits"][ref["id"]]["score"] is not None and result["audits"][ref["id"]]["score"] < 1
    })
    return scores, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is shown)")
    args = parser.parse_args()
    binary = lighthouse_binary()
    env = site_env()
    slug, code = build_site(env)
    app_port, port = free_port(), free_port()
    server = start_gunicorn(env, app_port, OUT / "gunicorn.log")
    proxy = start_nginx(port, [app_port], OUT / "nginx", media_root=OUT / "media")
    try:
        wait_until_answering(app_port, "/masuk/", process=server, log=OUT / "gunicorn.log")
        wait_until_answering(port, "/masuk/", process=proxy, log=OUT / "nginx" / "error.log")
        base = f"http://{HOST}:{port}"
        cookie = session_cookie(base)
        pages = [
            ("public page", f"/{slug}/", None), ("login", "/masuk/", None), ("home", "/", cookie),
            ("order table", "/pesanan/", cookie), ("quick entry", "/pesanan/baru/", cookie),
            ("order page", f"/pesanan/{code}/", cookie), ("Hari ini", "/produksi/hari-ini/", cookie),
        ]
        print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile preset, {CHROMIUM}, gunicorn on SQLite with the demo data; "
              f"median of {args.runs} run(s)\n")
        print(f"| page | path | performance | accessibility | best practices | failed audits |\n|---|---|---|---|---|---|")
        for name, path, page_cookie in pages:
            runs = [audit(binary, base + path, page_cookie, OUT / f"report-{name.replace(' ', '-')}.json") for _ in range(args.runs)]
            median = {category: statistics.median(scores[category] for scores, _ in runs) for category in CATEGORIES}
            failed = sorted({audit_id for _, ids in runs for audit_id in ids})
            print(f"| {name} | {path} | {median['performance']:g} | {median['accessibility']:g} | {median['best-practices']:g} | {', '.join(failed) or '—'} |", flush=True)
    finally:
        stop(proxy)
        stop(server)
    print(f"\ncommand: {sys.executable} bench/lighthouse.py --runs {args.runs}")


if __name__ == "__main__":
    main()
