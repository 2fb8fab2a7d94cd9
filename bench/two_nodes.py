"""Two app servers behind one nginx, on one PostgreSQL and one Redis: the several-box setup, measured.

    .venv/bin/python bench/two_nodes.py            # 2,000 customers from 20 addresses, 300 boxes

What it does (loopback only, bounded in count and time):
1. a fresh PostgreSQL database `prapesan_bench_two_nodes` on 127.0.0.1:5432, migrate, one PO period
   with 300 boxes of Kue Nastar, collectstatic into a temp folder;
2. two gunicorns ("nodes") on two loopback ports with production settings (DEBUG=false), both on
   that database and on Redis at 127.0.0.1:6379 (CACHE_URL, a key prefix of this run's own), each
   with TRUSTED_PROXY_COUNT=1;
3. Debian's nginx in front, started from a temp config, balancing over both nodes and appending the
   client's address to X-Forwarded-For;
4. 2,000 customers arrive over SPREAD seconds from 20 loopback addresses (127.0.0.11 to .30, 100
   customers each, as behind 20 mobile-network NATs), each loads the page, orders one box and opens
   the confirmation — every request through nginx, so consecutive requests land on either node;
5. the owner logs in once and opens staff pages through nginx: the session works on both nodes.
Prints p50/p95/max, errors, refusals by the rate limit, units sold; exits 1 if a target is missed.
"""
import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack  # noqa: E402
from bench.scratch_db import recreate  # noqa: E402
from bench.war_po import SEED, Customer, buy_once, percentile  # noqa: E402

HOST = stack.HOST
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "prapesan_bench_two_nodes"
ADDRESSES = [f"127.0.0.{11 + i}" for i in range(20)]


class NatCustomer(Customer):
    """A customer whose phone sits behind one of the 20 shared addresses."""

    def __init__(self, port, address):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=(address, 0))
        self.cookies = {}
        self.times = []


def run_customer(port, n, start_at, results):
    time.sleep(max(0.0, start_at - time.time()))
    customer = NatCustomer(port, ADDRESSES[n % len(ADDRESSES)])
    results.append((buy_once(customer, "po-lebaran", n), customer.times))


def staff_session_pages(port, password, pages=20):
    """Log the owner in once through nginx, then open staff pages: how many answered logged in."""
    owner = NatCustomer(port, ADDRESSES[0])
    response, html = owner.request("GET", "/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html.decode()).group(1)
    response, _ = owner.request("POST", "/masuk/", {"csrfmiddlewaretoken": token, "username": "pemilik", "password": password, "next": "/pesanan/"})
    if response.status != 302:
        return 0, f"login answered {response.status}"
    answered = 0
    for _ in range(pages):
        owner.conn.close()  # a new connection each time, so nginx balances every page
        owner.conn = http.client.HTTPConnection(HOST, port, timeout=30, source_address=(ADDRESSES[0], 0))
        response, _ = owner.request("GET", "/pesanan/")
        answered += response.status == 200
    owner.conn.close()
    return answered, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--spread", type=float, default=40.0, help="seconds over which customers arrive (max 55)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    args = parser.parse_args()
    args.customers = min(args.customers, 2000)
    args.spread = min(max(args.spread, 0.0), 55.0)  # inside one minute: the per-address cap is really tested
    if not stack.NGINX:
        raise SystemExit("nginx is not installed: apt-get install -y nginx")

    recreate(f"{PG}/{DB_NAME}")
    folder = Path(tempfile.mkdtemp(prefix="prapesan-two-nodes-"))
    folder.chmod(0o755)
    password = "bench-" + os.urandom(8).hex()
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": HOST,
        "HTTPS": "false",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": f"bench-two-nodes-{os.getpid()}-{int(time.time())}",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "OWNER_PASSWORD": password,
        "GUNICORN_ACCESSLOG": "-",  # to count which node served each order
    }
    stack.prepare_site(env, SEED.replace("{SOLD}", str(args.units)).replace("{CAPACITY}", "False").replace("{WAITING}", "0"))
    stack.manage(env, "create_owner", stdout=subprocess.DEVNULL)

    nodes, nginx = [], None
    try:
        ports = [stack.free_port(), stack.free_port()]
        for i, port in enumerate(ports):
            nodes.append(stack.start_gunicorn(env, port, folder / f"node{i + 1}.log", workers=args.workers))
        for i, port in enumerate(ports):
            stack.wait_until_answering(port, "/po-lebaran/", process=nodes[i], log=folder / f"node{i + 1}.log")
        proxy = stack.free_port()
        nginx = stack.start_nginx(proxy, ports, folder / "nginx")
        stack.wait_until_answering(proxy, "/po-lebaran/", process=nginx, log=folder / "nginx" / "error.log")
        print(f"nodes: gunicorn on {HOST}:{ports[0]} and {HOST}:{ports[1]} ({args.workers} workers x 4 threads each); "
              f"nginx on {HOST}:{proxy}; PostgreSQL {DB_NAME}; Redis 127.0.0.1:6379")

        results = []
        begin = time.time() + 0.5
        print(f"{args.customers} customers from {len(ADDRESSES)} addresses over {args.spread:.0f} s on {args.units} boxes ...")
        with ThreadPoolExecutor(args.concurrency) as pool:
            for n in range(args.customers):
                pool.submit(run_customer, proxy, n, begin + args.spread * n / max(args.customers - 1, 1), results)
        wall = time.time() - begin
        times = [t for _o, ts in results for _m, t in ts]
        posts = [t for _o, ts in results for m, t in ts if m == "POST"]
        outcomes = Counter(outcome for outcome, _ts in results)
        errors = {o: c for o, c in outcomes.items() if o not in ("ordered", "sold out", "rate limited")}
        with psycopg.connect(f"{PG}/{DB_NAME}") as con:
            sold = con.execute(
                "SELECT COALESCE(SUM(l.quantity), 0) FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id "
                "JOIN orders_preorderperiod p ON p.id = o.period_id WHERE p.slug = 'po-lebaran'"
            ).fetchone()[0]
        served = [sum(1 for line in open(folder / f"node{i + 1}.log") if "POST /po-lebaran/" in line) for i in range(2)]
        print(f"  finished in {wall:.1f} s; {len(times)} requests")
        print(f"  answer time, all requests: p50 {percentile(times, 50) * 1000:.0f} ms, p95 {percentile(times, 95) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms")
        print(f"  answer time, order POSTs:  p50 {percentile(posts, 50) * 1000:.0f} ms, p95 {percentile(posts, 95) * 1000:.0f} ms, "
              f"max {max(posts) * 1000:.0f} ms")
        print(f"  ordered {outcomes['ordered']}, sold out {outcomes['sold out']}, refused by the rate limit {outcomes['rate limited']}, "
              f"errors {sum(errors.values())}")
        for error, count in sorted(errors.items())[:5]:
            print(f"    {count} x {error}")
        print(f"  units sold: {sold} of {args.units}")
        if any(served):
            print(f"  order POSTs per node (access logs): {served[0]} / {served[1]}")
        logged_in, problem = staff_session_pages(proxy, password)
        print(f"  owner's session through nginx: {logged_in} of 20 staff pages answered logged in {problem}")
        ok = sold == args.units and not errors and outcomes["rate limited"] == 0 and logged_in == 20
        print(f"  machine load average (1/5/15 min) at the end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        stack.stop(nginx)
        for node in nodes:
            stack.stop(node)


if __name__ == "__main__":
    sys.exit(main())
