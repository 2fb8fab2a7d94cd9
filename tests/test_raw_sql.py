"""The ORM is the way to the database: raw SQL only where it has no equivalent.

That is the write lock and the order-code counter's UPDATE … RETURNING on the order path, and the
backup's database snapshot (pg_export_snapshot), which is not a query of the shop's rows at all.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ["config", "common", "customers", "production", "orders", "stock", "suppliers", "insights", "team"]
# The ORM has no equivalent for these: the lock, the counter's UPDATE … RETURNING, the backup's snapshot.
ALLOWED = {Path("orders/services/locking.py"), Path("orders/services/codes.py"), Path("common/backups.py")}
RAW = re.compile(r"\.raw\(|cursor\(|RawSQL|\.extra\(")


def product_files():
    for app in PRODUCT:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative


def test_no_raw_sql_outside_the_lock_and_the_counter():
    found = [
        f"{path}:{number}: {line.strip()}"
        for path in product_files()
        if path not in ALLOWED
        for number, line in enumerate((ROOT / path).read_text().splitlines(), start=1)
        if RAW.search(line)
    ]
    assert found == []


def test_the_guard_finds_what_it_looks_for():
    for line in ("Order.objects.raw('SELECT 1')", "with connection.cursor() as c:", "RawSQL('1', [])", "qs.extra(where=[])"):
        assert RAW.search(line), line
    assert RAW.search((ROOT / "orders/services/codes.py").read_text())
    assert sum(1 for _path in product_files()) > 20
