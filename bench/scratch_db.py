"""Drop and recreate one scratch PostgreSQL database: `python bench/scratch_db.py postgres://.../name`.

Refuses names that do not contain 'bench', so it can never wipe the shop's database.
"""
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg


def recreate(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to recreate '{name}': a scratch database name must contain 'bench'")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    recreate(sys.argv[1])
