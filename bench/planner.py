"""Time the pure production planner: 2,000 orders over 30 days, demand built in memory.

Run: .venv/bin/python bench/planner.py [orders] [days]
"""
import random
import sys
import time
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from production.capacity import WorkDay  # noqa: E402
from production.planning import DemandItem, make_plan  # noqa: E402

PRODUCTS = {  # minutes per unit, as the demo bakery's batches give them
    "Kue Nastar": Fraction(120, 10),
    "Bolu Pandan": Fraction(60, 2),
    "Brownies": Fraction(50, 3),
    "Kastengel": Fraction(90, 12),
    "Putri Salju": Fraction(75, 15),
}


def build(orders, days, seed=7):
    rng = random.Random(seed)
    start = date(2026, 12, 1)
    work = [
        WorkDay(day=start + timedelta(days=i), hours=Fraction(0 if (start + timedelta(days=i)).weekday() == 6 else 10), workers=12)
        for i in range(days)
    ]
    demand = []
    for ref in range(orders):
        due = start + timedelta(days=rng.randint(1, days))
        for product in rng.sample(list(PRODUCTS), rng.randint(1, 3)):
            demand.append(DemandItem(ref=ref, rank=ref, due=due, product=product, quantity=rng.randint(1, 6), minutes_per_unit=PRODUCTS[product]))
    return demand, work


def main():
    orders = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    demand, work = build(orders, days)
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        plan = make_plan(demand, work)
        timings.append(time.perf_counter() - began)
    planned = len({entry.ref for day in plan.days for entry in day.entries})
    print(f"planner: {orders} orders ({len(demand)} lines) over {days} days")
    print(f"  best {min(timings) * 1000:.0f} ms, median {sorted(timings)[2] * 1000:.0f} ms of 5 runs")
    print(f"  planned {planned} orders, {len(plan.late)} cannot be made in time")
    print("  command: .venv/bin/python bench/planner.py 2000 30")


if __name__ == "__main__":
    main()
