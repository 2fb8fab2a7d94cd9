"""War PO: the busiest minute, measured against gunicorn on 127.0.0.1 with production settings.

    .venv/bin/python bench/war_po.py            # 500 customers, 300 units, arrivals over 30 s

What it does (loopback only, bounded in count and time):
1. a fresh SQLite file under bench/out/, migrate, collectstatic into a temp STATIC_ROOT, one PO
   period with 300 units (plus an uncapped one for the throughput comparison);
2. gunicorn with gunicorn.conf.py, DEBUG=false, on 127.0.0.1:PORT;
3. the page weight of a first visit (HTML + CSS + htmx, compressed as served / as a proxy would);
4. the war: N customers arrive spread over SPREAD seconds; each one loads the public page,
   presses "Pesan" for one box and opens the confirmation — from its own loopback address
   (127.0.x.y), so the per-address rate limit stays on as in production;
5. throughput, closed loop at the same concurrency: order POSTs on the uncapped period versus a
   bare view that inserts one row (bench/urls.py), as a ratio (in alternating rounds, so that the machine's other load hits both alike).
`--capacity` caps the war period by production capacity too; `--waiting 5000` first puts 5,000
orders in another capacity-capped period (delivered in 45 days), all in the same kitchen.
Prints p50/p95/max answer times, errors, units sold, and the ratio; exits 1 if a target is missed.
"""
import argparse
import gzip
import http.client
import os
import re
import sqlite3
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import stack  # noqa: E402
from bench.scratch_db import OUT, fresh_sqlite  # noqa: E402

HOST = stack.HOST

SEED = """
from datetime import timedelta
from django.utils import timezone
from orders.models import PreorderPeriod, PeriodProduct, ShopSettings
from production.models import Product
now = timezone.now()
nastar = Product.objects.create(name="Kue Nastar", unit="box", price=75000, units_per_batch=10, minutes_per_batch=120)
bolu = Product.objects.create(name="Bolu Pandan", unit="loyang", price=60000, units_per_batch=4, minutes_per_batch=90)
for slug, cap in (("po-lebaran", {SOLD}), ("po-bebas", None)):
    period = PreorderPeriod.objects.create(name=slug.replace("-", " ").title(), slug=slug, opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=2), delivery_date=timezone.localdate() + timedelta(days=5))
    PeriodProduct.objects.create(period=period, product=nastar, unit_cap=cap)
    PeriodProduct.objects.create(period=period, product=bolu, unit_cap=None)
if {CAPACITY}:
    # The capacity cap on as well: every order checks and adds to the kept kitchen plan under the lock.
    # 8 hours x 5 workers on each of the 2 production days: 400 boxes, so the 300-box cap binds.
    from production.models import WorkCalendar
    calendar = WorkCalendar.load()
    calendar.default_hours, calendar.default_workers, calendar.weekly_days_off = 8, 5, ""
    calendar.save()
    PreorderPeriod.objects.filter(slug="po-lebaran").update(capacity_capped=True)
if {WAITING}:
    # Orders already waiting in another capacity-capped period, delivered later: the kitchen's
    # queue the war's orders come after (the kept plan is rebuilt once, after this seed).
    from customers.models import Customer
    from orders.models import Order, OrderLine
    natal = PreorderPeriod.objects.create(name="PO Natal", slug="po-natal", opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=10), delivery_date=timezone.localdate() + timedelta(days=45), capacity_capped=True)
    PeriodProduct.objects.create(period=natal, product=nastar, unit_cap=None)
    people = Customer.objects.bulk_create(Customer(name=f"Pelanggan lama {n}", whatsapp=f"+62857{n:08d}") for n in range(min({WAITING}, 2000)))
    waiting = Order.objects.bulk_create((Order(code=f"PO-0001-{n:05d}", customer=people[n % len(people)], period=natal,
        delivery_date=natal.delivery_date, placed_at=now - timedelta(days=2)) for n in range({WAITING})), batch_size=2000)
    OrderLine.objects.bulk_create((OrderLine(order=order, product=nastar, quantity=1, unit_price=75000) for order in waiting), batch_size=2000)
shop = ShopSettings(shop_name="Dapur Bunda", whatsapp="+6281122223333", payment_instructions="BCA 1234567890 a.n. Bunda")
shop.save()
"""


def source(n):
    """A distinct loopback source address per simulated customer: 127.0.1.1, 127.0.1.2, ..."""
    return (f"127.0.{1 + n // 250}.{1 + n % 250}", 0)


class Customer:
    def __init__(self, port, n):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=source(n))
        self.cookies = {}
        self.times = []

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        self.times.append((method, time.perf_counter() - started))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response, data

    def form(self, path):
        response, html = self.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status}")
        html = html.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        key = re.search(r'name="key" value="([^"]+)"', html).group(1)
        product = re.search(r'for="id_(qty_\d+)">Kue Nastar', html).group(1)
        return {"csrfmiddlewaretoken": token, "key": key, product: "1"}


def order_payload(form, n):
    return form | {
        "name": f"Pembeli {n}",
        "whatsapp": f"0812-{5000 + n // 10000:04d}-{n % 10000:04d}",
        "delivery_method": "pickup",
        "website": "",
    }


def buy_once(customer, slug, n):
    """One customer's visit: load the form, order one box, open the confirmation; the outcome's name.

    "ordered", "sold out" (409, the reason on screen), "rate limited" (429); anything else is an error.
    """
    outcome = "error"
    try:
        response, _body = customer.request("POST", f"/{slug}/", order_payload(customer.form(f"/{slug}/"), n))
        if response.status == 302:
            confirmation, _page = customer.request("GET", response.headers["Location"])
            outcome = "ordered" if confirmation.status == 200 else f"confirmation {confirmation.status}"
        else:
            outcome = {409: "sold out", 429: "rate limited"}.get(response.status, f"status {response.status}")
    except Exception as error:  # noqa: BLE001 - any failure counts as an error in the report
        outcome = f"exception {type(error).__name__}: {error}"
    finally:
        customer.conn.close()
    return outcome


def run_customer(port, n, start_at, slug, results):
    time.sleep(max(0.0, start_at - time.time()))
    customer = Customer(port, n)
    results.append((buy_once(customer, slug, n), customer.times))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


def page_weight(port, slug):
    """Bytes of a first visit: HTML (gzip, as any proxy sends it) + each CSS/JS as WhiteNoise serves it."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", f"/{slug}/", headers={"Accept-Encoding": "br, gzip"})
    response = conn.getresponse()
    html = response.read()
    html_raw = len(html) if response.headers.get("Content-Encoding") is None else None
    html_gz = len(gzip.compress(html, 9)) if html_raw is not None else len(html)
    parts = [("HTML", html_raw or len(html), html_gz, response.headers.get("Content-Encoding") or "gzip -9")]
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        path = asset.decode()
        conn.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
        response = conn.getresponse()
        body = response.read()
        conn.request("GET", path)
        plain = conn.getresponse().read()
        parts.append((path.rsplit("/", 1)[-1], len(plain), len(body), response.headers.get("Content-Encoding") or "none"))
    conn.close()
    return parts


def throughput(port, count, concurrency, post):
    """Requests per second of `post(i)` run `count` times by `concurrency` threads."""
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(post, range(count)))
    elapsed = time.perf_counter() - started
    return count / elapsed, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--spread", type=float, default=30.0, help="seconds over which customers arrive (max 60)")
    parser.add_argument("--concurrency", type=int, default=64, help="at most this many customers at once")
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--capacity", action="store_true", help="cap the war period by production capacity too")
    parser.add_argument("--waiting", type=int, default=0, help="orders already waiting in another capacity-capped period")
    parser.add_argument("--compare", type=int, default=1200, help="requests per side of the throughput comparison")
    parser.add_argument("--rounds", type=int, default=12, help="alternating rounds the comparison is split into")
    args = parser.parse_args()
    args.customers = min(args.customers, 2000)
    args.spread = min(max(args.spread, 0.0), 60.0)

    import socket

    with socket.socket() as probe:
        if probe.connect_ex((HOST, args.port)) == 0:
            raise SystemExit(f"Something already listens on {HOST}:{args.port}; stop it or pass --port.")
    db = OUT / "war.sqlite3"
    static_root = tempfile.mkdtemp(prefix="prapesan-static-")
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": HOST,
        "HTTPS": "false",
        "DATABASE_URL": fresh_sqlite(db),
        "STATIC_ROOT": static_root,
        "DJANGO_SETTINGS_MODULE": "bench.settings",  # the app plus /bench/bare/
        "CACHE_DIR": tempfile.mkdtemp(prefix="prapesan-cache-"),
    }
    seed = SEED.replace("{SOLD}", str(args.units)).replace("{CAPACITY}", str(args.capacity)).replace("{WAITING}", str(args.waiting))
    stack.prepare_site(env, seed)
    stack.manage(env, "rebuild_kitchen_plan")

    gunicorn = stack.start_gunicorn(env, args.port, OUT / "gunicorn.log")
    try:
        stack.wait_until_answering(args.port, "/po-lebaran/", seconds=20, process=gunicorn, log=OUT / "gunicorn.log")

        print("Page weight of a first visit to /po-lebaran/ (bytes):")
        total = 0
        for name, raw, sent, how in page_weight(args.port, "po-lebaran"):
            print(f"  {name:<28} {raw:>8} raw  {sent:>7} sent ({how})")
            total += sent
        print(f"  {'total compressed':<28} {total:>23}  ({total / 1024:.1f} KB; target <= 60 KB)")

        # The war.
        results = []
        begin = time.time() + 0.5
        print(f"\nWar PO: {args.customers} customers over {args.spread:.0f} s on {args.units} units ...")
        with ThreadPoolExecutor(args.concurrency) as pool:
            for n in range(args.customers):
                start_at = begin + args.spread * n / max(args.customers - 1, 1)
                pool.submit(run_customer, args.port, n, start_at, "po-lebaran", results)
        wall = time.time() - begin
        times = [t for _outcome, ts in results for _m, t in ts]
        posts = [t for _outcome, ts in results for m, t in ts if m == "POST"]
        outcomes = [outcome for outcome, _ts in results]
        errors = [o for o in outcomes if o not in ("ordered", "sold out")]
        with sqlite3.connect(db) as con:
            sold = con.execute(
                "SELECT COALESCE(SUM(l.quantity), 0) FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id "
                "JOIN orders_preorderperiod p ON p.id = o.period_id WHERE p.slug = 'po-lebaran' AND o.fulfilment_status != 'cancelled'"
            ).fetchone()[0]
        print(f"  finished in {wall:.1f} s; {len(times)} requests")
        print(f"  answer time, all requests: p50 {percentile(times, 50) * 1000:.0f} ms, "
              f"p95 {percentile(times, 95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
        print(f"  answer time, order POSTs:  p50 {percentile(posts, 50) * 1000:.0f} ms, "
              f"p95 {percentile(posts, 95) * 1000:.0f} ms, max {max(posts) * 1000:.0f} ms")
        print(f"  ordered {outcomes.count('ordered')}, refused (sold out) {outcomes.count('sold out')}, errors {len(errors)}")
        for error in sorted(set(errors))[:5]:
            print(f"    e.g. {error}")
        print(f"  units sold: {sold} of {args.units}")

        # Throughput: the order form versus a bare one-row insert, same concurrency, closed loop.
        concurrency = 16
        base = args.customers + 10
        prepared = {}

        def prepare(i):
            # The form is loaded and the request built beforehand, so that the timed part is the
            # same for both sides: connect, send one POST, read the answer, close.
            customer = Customer(args.port, base + i)
            form = customer.form("/po-bebas/")
            customer.conn.close()
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "Cookie": "; ".join(f"{k}={v}" for k, v in customer.cookies.items())}
            prepared[i] = (urlencode(order_payload(form, base + i)), headers)

        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(prepare, range(args.compare)))

        def post(i, path, body, headers):
            conn = http.client.HTTPConnection(HOST, args.port, timeout=30, source_address=source(base + i))
            conn.request("POST", path, body=body, headers=headers)
            status = conn.getresponse().status
            conn.close()
            return status

        def post_order(i):
            return post(i, "/po-bebas/", *prepared[i])

        def post_bare(i):
            return post(i, "/bench/bare/", f"n={i}", {"Content-Type": "application/x-www-form-urlencoded"})

        # In alternating rounds, so that a change in the machine's other load (2 shared cores)
        # hits both sides alike instead of whichever happened to run second.
        rounds = max(1, min(args.rounds, args.compare))
        bare_time = order_time = 0.0
        bare_statuses, order_statuses, round_ratios = [], [], []
        for r in range(rounds):
            chunk = range(r * args.compare // rounds, (r + 1) * args.compare // rounds)
            bare, statuses = throughput(args.port, len(chunk), concurrency, lambda i, c=chunk: post_bare(c[i]))
            bare_time += len(chunk) / bare
            bare_statuses += statuses
            order, statuses = throughput(args.port, len(chunk), concurrency, lambda i, c=chunk: post_order(c[i]))
            order_time += len(chunk) / order
            order_statuses += statuses
            round_ratios.append(order / bare)
        bare_rate, order_rate = args.compare / bare_time, args.compare / order_time
        ratio = order_rate / bare_rate
        print(f"\nThroughput ({args.compare} POSTs each, {concurrency} at once):")
        print(f"  bare one-row insert: {bare_rate:.0f}/s (non-200: {sum(s != 200 for s in bare_statuses)})")
        print(f"  public order form:   {order_rate:.0f}/s (non-302: {sum(s != 302 for s in order_statuses)})")
        print(f"  ratio {ratio:.2f} (target >= 0.4); round by round: lowest {min(round_ratios):.2f}, "
              f"median {percentile(round_ratios, 50):.2f}, highest {max(round_ratios):.2f} of {rounds}")

        p95 = percentile(times, 95)
        missed = []
        if p95 > 0.5:
            missed.append("p95")
        if errors:
            missed.append("errors")
        if sold != args.units and args.customers >= args.units:
            missed.append("units sold")
        if ratio < 0.4:
            missed.append("ratio")
        if total > 60 * 1024:
            missed.append("page weight")
        print("\nTargets: " + ("all met" if not missed else "MISSED: " + ", ".join(missed)))
        return 1 if missed else 0
    finally:
        stack.stop(gunicorn, seconds=15)


if __name__ == "__main__":
    sys.exit(main())
