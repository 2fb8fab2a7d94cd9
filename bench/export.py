"""Benchmark of the monthly sheet export.

    .venv/bin/python bench/export.py            # 10,000 and 40,000 lines

For N order lines in one month (its own SQLite file under bench/out/), each measurement runs in
a fresh subprocess so peak memory is that run's alone:
- "ours": orders.export.write_workbook on the month's queryset (database read + styles + Ringkasan);
- "raw":  openpyxl write-only appending the same 16 values per row, no formats, from a list
          prepared beforehand (only the writing is timed).
Prints the time ratio ours/raw (timed without tracemalloc, best of three, alternating), the same
under tracemalloc, and peak RSS plus tracemalloc peak of the export.
"""
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def setup(lines):
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{OUT / f'bench-{lines}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def fill(lines):
    """Create `lines` orders of one line each in June 2025, once per database file."""
    from datetime import date, datetime, time as clock, timedelta

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from customers.models import Customer
    from orders.models import Order, OrderLine, PreorderPeriod
    from production.models import Product

    if OrderLine.objects.count() == lines:
        return
    products = [
        Product.objects.create(name=f"Produk {i}", unit=unit, price=25_000 + 1000 * i, minutes_per_batch=60)
        for i, unit in enumerate(["box", "loyang", "toples", "pcs"])
    ]
    customers = Customer.objects.bulk_create(
        Customer(name=f"Pelanggan {i}", whatsapp=f"+62812{i:08d}", address=f"Jl. Mawar No. {i}") for i in range(500)
    )
    start = timezone.make_aware(datetime(2025, 6, 1))
    period = PreorderPeriod.objects.create(name="PO Juni", slug="po-juni", opens_at=start, closes_at=start + timedelta(days=20), delivery_date=date(2025, 6, 25))
    orders = Order.objects.bulk_create(
        Order(
            code=f"PO-2506-{i:05d}", customer=customers[i % 500], period=period, delivery_date=date(2025, 6, 25),
            placed_at=timezone.make_aware(datetime.combine(date(2025, 6, 1 + i % 28), clock(10))),
            payment_status=("paid", "unpaid", "deposit")[i % 3], amount_paid=(25_000, 0, 10_000)[i % 3],
        )
        for i in range(lines)
    )
    OrderLine.objects.bulk_create(
        OrderLine(order=order, product=products[i % 4], quantity=1 + i % 5, unit_price=products[i % 4].price)
        for i, order in enumerate(orders)
    )


def run(kind, lines, traced):
    setup(lines)
    from openpyxl import Workbook

    from orders import export

    target = OUT / f"{kind}-{lines}.xlsx"
    if kind == "ours":
        if traced:
            tracemalloc.start()
        began = time.perf_counter()
        export.write_workbook(export.month_orders(2025, 6), target, title="PO Juni 2025")
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
    else:
        rows = list(_same_values())
        if traced:
            tracemalloc.start()
        began = time.perf_counter()
        book = Workbook(write_only=True)
        sheet = book.create_sheet("PO Juni 2025")
        sheet.append(export.HEADERS)
        for row in rows:
            sheet.append(row)
        book.save(target)
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{kind} {seconds:.3f} {peak / 1024 / 1024:.1f} {rss:.1f}")


def _same_values():
    """The 16 values of each row as the export writes them, as plain Python values (no formats)."""
    from django.utils import timezone

    from customers.phone import display_whatsapp
    from orders import export, sheet_words

    for number, line in enumerate(export._lines(export.month_orders(2025, 6)).iterator(chunk_size=2000), start=1):
        (quantity, unit_price, product, unit, order_id, code, placed_at, delivery_date, payment, fulfilment,
         channel, delivery_method, address, notes, paid, refunded, customer_id, customer, whatsapp) = line
        yield [
            number, timezone.localtime(placed_at).date(), customer, product, quantity, quantity * unit_price,
            delivery_date, sheet_words.PAYMENT[payment], sheet_words.FULFILMENT[fulfilment], display_whatsapp(whatsapp),
            export.address_text(delivery_method, address), export.payment_note(payment, paid, refunded),
            sheet_words.CHANNEL[channel], code, notes or None, None,
        ]


def measure(kind, lines, traced=False):
    arguments = [sys.executable, __file__, kind, str(lines)] + (["traced"] if traced else [])
    output = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
    name, seconds, traced, rss = output.split()[-4:]
    return float(seconds), float(traced), float(rss)


def main():
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000, 40_000]
    for lines in sizes:
        subprocess.run([sys.executable, __file__, "fill", str(lines)], check=True)
        # Timed without tracemalloc (it slows every allocation, so it would inflate the ratio),
        # ours and raw alternating, best of three; then one traced run each for peak memory.
        runs = {"ours": [], "raw": []}
        for _ in range(3):
            for kind in runs:
                runs[kind].append(measure(kind, lines)[0])
        ours, raw = min(runs["ours"]), min(runs["raw"])
        traced_ours, traced_raw = measure("ours", lines, traced=True), measure("raw", lines, traced=True)
        print(
            f"{lines:>6} lines: export {ours:.2f} s, raw openpyxl write-only {raw:.2f} s, ratio {ours / raw:.2f} "
            f"(under tracemalloc: {traced_ours[0]:.2f} s vs {traced_raw[0]:.2f} s, ratio {traced_ours[0] / traced_raw[0]:.2f}); "
            f"export peak: tracemalloc {traced_ours[1]:.1f} MB, RSS {traced_ours[2]:.0f} MB"
        )


if __name__ == "__main__":
    if len(sys.argv) in (3, 4) and sys.argv[1] in ("ours", "raw", "fill"):
        kind, lines = sys.argv[1], int(sys.argv[2])
        setup(lines)
        if kind == "fill":
            fill(lines)
        else:
            run(kind, lines, traced=sys.argv[3:] == ["traced"])
    else:
        main()
