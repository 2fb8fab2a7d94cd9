"""Server time of the busiest staff pages at 20,000 orders, side by side with a bare page.

    .venv/bin/python bench/pages.py [--orders 20000] [--customers 2000] [--rounds 15] [--profile /pesanan/]

Seeds bench/out/pages.sqlite3 once with `manage.py bench_seed` (the bench seed: 8 monthly periods,
the last one running now, so the plan and "Hari ini" have work), then times each page with
Django's test Client, logged in as an owner, alternating with /bench/bare-page/ — the app's layout
(top bar, menu) with only a heading, through the same middleware and the same session and user
lookups — so that the machine's other load hits both alike. Prints each page's median, the bare page's median, and their ratio, in
wall-clock time and in this process's CPU time (steadier when other jobs share the cores).
`--profile URL` prints a cProfile of that page instead (find where the time goes first).
"""
import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATABASE = OUT / "pages.sqlite3"
PAGES = [
    ("order table", "/pesanan/"),
    ("home", "/"),
    ("production plan", "/produksi/rencana/"),
    ("Hari ini", "/produksi/hari-ini/"),
]
BARE = "/bench/bare-page/"


def setup_django():
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Timing the views, not collectstatic: read static files from the source folders.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES=storages).enable()


def seed(orders, customers):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from orders.models import Order
    from orders.roles import OWNER, ensure_roles

    call_command("migrate", verbosity=0)
    if Order.objects.count() != orders:
        call_command("bench_seed", orders=orders, customers=customers, verbosity=0)
    ensure_roles()
    User = get_user_model()
    user = User.objects.filter(username="bench").first()
    if user is None:
        user = User.objects.create_user("bench", password="x")
        user.groups.add(Group.objects.get(name=OWNER))
    return user


def timed(client, url, headers):
    """(wall-clock ms, this process's CPU ms) of one GET: on shared cores the CPU time is the steadier figure."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, headers=headers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code == 200, (url, response.status_code)
    return wall * 1000, cpu * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profile", metavar="URL")
    parser.add_argument("--only", default="", help="Time only the pages whose label contains this.")
    args = parser.parse_args()
    setup_django()
    started = time.perf_counter()
    user = seed(args.orders, args.customers)
    print(f"seed ready in {time.perf_counter() - started:.1f} s ({DATABASE.name})")

    from django.db import connection
    from django.test import Client

    from orders.models import Order

    client = Client()
    client.force_login(user)
    if args.profile:
        client.get(args.profile)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.rounds):
            client.get(args.profile)
        profile.disable()
        stats = pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "tottime"))
        stats.print_stats(*([os.environ["BENCH_FILTER"]] if os.environ.get("BENCH_FILTER") else []), 30)
        return

    print(f"orders: {Order.objects.count()}; {args.rounds} rounds, each page timed right after the bare page")
    for label, url in [(label, url) for label, url in PAGES if args.only in label]:
        headers = {"HX-Request": "true"} if "HTMX" in label else {}
        timed(client, url, headers)  # warm up templates and caches
        timed(client, BARE, {})
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            response = client.get(url, headers=headers)
        page, bare = [], []
        for _ in range(args.rounds):
            bare.append(timed(client, BARE, {}))
            page.append(timed(client, url, headers))
        wall = [statistics.median(ms[0] for ms in side) for side in (page, bare)]
        cpu = [statistics.median(ms[1] for ms in side) for side in (page, bare)]
        print(
            f"{label:16} {url:20} wall: median {wall[0]:6.1f} ms, bare {wall[1]:4.1f} ms, ratio {wall[0] / wall[1]:4.1f}"
            f" | CPU: {cpu[0]:6.1f} ms, bare {cpu[1]:4.1f} ms, ratio {cpu[0] / cpu[1]:4.1f}"
            f"  ({len(queries)} queries, {len(response.content) / 1000:.0f} KB HTML)"
        )
    print("command: .venv/bin/python bench/pages.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
