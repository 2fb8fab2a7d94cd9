"""`manage.py backup` during a war PO keeps every confirmed order; `manage.py restore` brings it back whole."""
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from common.backups import prune
from customers.models import Customer
from orders.models import Channel
from orders.services import place_order
from tests.conftest import make_period, make_product

ROOT = Path(__file__).resolve().parent.parent


def fresh_database(tmp_path):
    """A DATABASE_URL of a new, empty database of the engine the tests run on, and a way to read it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def query(sql):
            with sqlite3.connect(path) as con:
                return con.execute(sql).fetchall()

        return f"sqlite:///{path}", query, lambda: None
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{os.getpid()}"
    admin = dict(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"] or "postgres", password=db["PASSWORD"] or None)
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')

    def query(sql):
        with psycopg.connect(dbname=name, **admin) as con:
            return con.execute(sql).fetchall()

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    password = f":{admin['password']}" if admin["password"] else ""
    return f"postgres://{admin['user']}{password}@{admin['host']}:{admin['port']}/{name}", query, drop


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_customers_order_holds_every_confirmed_order_and_restores_whole(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "products").mkdir(parents=True)
    (tmp_path / "media" / "products" / "nastar.webp").write_bytes(b"RIFF-photo")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    (tmp_path / "private-media" / "suppliers").mkdir(parents=True)
    (tmp_path / "private-media" / "suppliers" / "qc.webp").write_bytes(b"RIFF-qc")
    nastar = make_product("Kue Nastar")
    period = make_period("PO Lebaran", products=[(nastar, 100_000)])
    confirmed, stop, errors = [], threading.Event(), []

    def customer(n):
        try:
            i = 0
            while not stop.is_set():
                order = place_order(
                    period=period, customer=Customer(name=f"Pembeli {n}-{i}", whatsapp=f"0813-{n:04d}-{i:04d}"),
                    lines={nastar: 1}, channel=Channel.ONLINE_FORM,
                )
                confirmed.append((time.monotonic(), order.code))
                i += 1
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    buyers = [threading.Thread(target=customer, args=(n,)) for n in range(4)]
    for thread in buyers:
        thread.start()
    while len(confirmed) < 30 and not errors:
        time.sleep(0.05)
    started = time.monotonic()
    call_command("backup", dir=str(tmp_path / "backups"), keep=3)
    finished = time.monotonic()
    time.sleep(0.3)  # orders go on after the backup too
    stop.set()
    for thread in buyers:
        thread.join()
    assert not errors
    before = {code for at, code in confirmed if at < started}
    after = {code for at, code in confirmed if at > finished}
    assert len(before) >= 30 and after  # the backup really ran in the middle of the ordering

    [backup] = (tmp_path / "backups").glob("prapesan-*.tar.gz")
    with tarfile.open(backup) as archive:
        assert "media/products/nastar.webp" in archive.getnames()
        assert "private-media/suppliers/qc.webp" in archive.getnames()

    url, query, drop = fresh_database(tmp_path)
    try:
        env = os.environ | {"DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "restored-media"),
                            "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"), "SECRET_KEY": "restore-test-" + "x" * 40}
        restored = subprocess.run(
            [sys.executable, "manage.py", "restore", str(backup)], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert restored.returncode == 0, restored.stderr
        assert "integrity ok" in restored.stdout
        codes = {code for (code,) in query("SELECT code FROM orders_order")}
        assert before <= codes  # every order confirmed before the backup started is in it
        if connection.vendor == "sqlite":
            assert query("PRAGMA integrity_check") == [("ok",)]
            assert query("PRAGMA foreign_key_check") == []
        lines = query("SELECT COUNT(*) FROM orders_orderline")[0][0]
        assert lines == len(codes)  # one line per order: no order without its lines
        assert (tmp_path / "restored-media" / "products" / "nastar.webp").read_bytes() == b"RIFF-photo"
        assert (tmp_path / "restored-private" / "suppliers" / "qc.webp").read_bytes() == b"RIFF-qc"
        # Restoring again over the restored shop is refused: it is not a fresh database.
        again = subprocess.run([sys.executable, "manage.py", "restore", str(backup)], env=env, cwd=ROOT, capture_output=True, text=True)
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        drop()


def test_only_the_newest_backups_are_kept(tmp_path):
    for day in range(1, 6):
        (tmp_path / f"prapesan-202612{day:02d}-020000.tar.gz").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = prune(tmp_path, keep=2)
    assert [p.name for p in removed] == [f"prapesan-202612{d:02d}-020000.tar.gz" for d in (1, 2, 3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "prapesan-20261204-020000.tar.gz", "prapesan-20261205-020000.tar.gz"]


@pytest.mark.django_db
def test_the_backup_says_what_it_holds(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "no-media"
    make_period("PO Lebaran", products=[make_product("Kue Nastar")])
    call_command("backup", dir=str(tmp_path), keep=14)
    [backup] = tmp_path.glob("prapesan-*.tar.gz")
    with tarfile.open(backup) as archive:
        manifest = json.load(archive.extractfile("backup.json"))
    assert manifest["engine"] == connection.vendor and manifest["counts"]["orders_order"] == 0
