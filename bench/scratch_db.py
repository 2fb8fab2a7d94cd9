"""Scratch databases for the benchmarks (never the shop's): one fresh database per run.

    use_scratch("place_orders", postgres_url=None)   # SQLite file bench/out/place_orders.sqlite3
    use_scratch("place_orders", postgres_url=URL)    # that PostgreSQL database, dropped and recreated

`python bench/scratch_db.py postgres://.../name` recreates one PostgreSQL database by hand.
PostgreSQL names that do not contain 'bench' are refused, so it can never wipe the shop's database.
"""
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

OUT = Path(__file__).resolve().parent / "out"


def fresh_sqlite(path):
    """Delete the SQLite file at `path` with its WAL and shared-memory files; return its DATABASE_URL."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def recreate(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to recreate '{name}': a scratch database name must contain 'bench'")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def use_scratch(name, *, postgres_url=None):
    """Point DATABASE_URL (and bench settings) at a fresh scratch database: `postgres_url`, else
    the SQLite file bench/out/<name>.sqlite3. Call before django.setup()."""
    if postgres_url:
        recreate(postgres_url)
        os.environ["DATABASE_URL"] = postgres_url
    else:
        os.environ["DATABASE_URL"] = fresh_sqlite(OUT / f"{name}.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


if __name__ == "__main__":
    recreate(sys.argv[1])
