"""Backups that restore: the database (a consistent copy while the shop takes orders) and the uploaded files.

One backup is one file, `prapesan-YYYYMMDD-HHMMSS.tar.gz`, holding:
- `database.sqlite3`: SQLite's online backup API copies pages under SQLite's own locking, so the copy
  is one committed state even while orders are written (a plain `cp` of a WAL database misses the
  commits still in the -wal file); or `database.pgdump`: `pg_dump --format=custom` of PostgreSQL,
  one snapshot of the whole database;
- `media/`: the uploaded files (product photos) under MEDIA_ROOT; `private-media/`: supplier QC photos and proofs;
- `backup.json`: when, which engine, and how many rows the main tables had.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

PREFIX = "prapesan-"
SUFFIX = ".tar.gz"
COUNTED_TABLES = ("orders_order", "orders_orderline", "customers_customer")


class BackupError(Exception):
    pass


def make_backup(folder, *, keep, now=None):
    """Write a new backup into `folder`, remove all but the newest `keep`; return the new file's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}{SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="prapesan-backup-") as work:
        work = Path(work)
        engine = connection.vendor
        if engine == "sqlite":
            database = work / "database.sqlite3"
            _sqlite_copy(connection.settings_dict["NAME"], database)
            counts = _sqlite_counts(database)
        elif engine == "postgresql":
            database = work / "database.pgdump"
            # pg_dump reads the snapshot this transaction exported, so the counts and the dump agree.
            # (A connection of its own: Django's may be inside a transaction already.)
            snapshot_holder = connection.get_new_connection(connection.get_connection_params())
            try:
                snapshot_holder.autocommit = False
                with snapshot_holder.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                    counts = _pg_counts(cursor)
                _run(["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(database)], connection.settings_dict)
            finally:
                snapshot_holder.close()
        else:
            raise BackupError(f"No backup for the {engine} database engine.")
        manifest = {"created": stamp, "engine": engine, "counts": counts}
        (work / "backup.json").write_text(json.dumps(manifest, indent=2))
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "backup.json", "backup.json")
            archive.add(database, database.name)
            for folder, name in ((settings.MEDIA_ROOT, "media"), (settings.PRIVATE_MEDIA_ROOT, "private-media")):
                if Path(folder).is_dir():
                    archive.add(Path(folder), name)
        os.replace(partial, target)  # a half-written backup never carries a backup's name
    prune(folder, keep=keep)
    return target


def prune(folder, *, keep):
    """Delete the oldest backups in `folder` beyond the newest `keep`; return the removed paths."""
    backups = sorted(Path(folder).glob(f"{PREFIX}*{SUFFIX}"))
    removed = backups[: max(len(backups) - keep, 0)] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def restore_backup(path, *, media_root=None, private_media_root=None):
    """Put the database and uploaded files of backup `path` in place; return the manifest and the check.

    The database restored is the configured one, which must be empty (a fresh database): restoring
    over a shop's live data is a step to take by hand, after moving the old database aside.
    """
    with tempfile.TemporaryDirectory(prefix="prapesan-restore-") as work:
        work = Path(work)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / "backup.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"This backup is of {manifest['engine']}; the configured database is {connection.vendor}.")
        if connection.introspection.table_names():
            raise BackupError("The configured database is not empty. Restore into a fresh database.")
        if connection.vendor == "sqlite":
            name = connection.settings_dict["NAME"]
            connection.close()
            _sqlite_copy(work / "database.sqlite3", name)
            check = _sqlite_integrity(name)
        else:
            connection.close()
            _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", "{dbname}", str(work / "database.pgdump")], connection.settings_dict)
            check = "ok"
        for name, folder in (("media", media_root or settings.MEDIA_ROOT), ("private-media", private_media_root or settings.PRIVATE_MEDIA_ROOT)):
            if (work / name).is_dir():
                shutil.copytree(work / name, Path(folder), dirs_exist_ok=True)
    counts = _pg_counts() if connection.vendor == "postgresql" else _sqlite_counts(connection.settings_dict["NAME"])
    if counts != manifest["counts"]:
        raise BackupError(f"The restored database holds {counts}, the backup said {manifest['counts']}.")
    return manifest, check


def _sqlite_copy(source, target):
    """Copy SQLite database `source` into `target` with the online backup API (one consistent state)."""
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # all pages in one step: other writers wait for it, not the other way round
        dst.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
    finally:
        dst.close()
        src.close()


def _sqlite_integrity(path):
    with sqlite3.connect(path) as con:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"The restored database fails SQLite's integrity check: {result}")
    return result


def _sqlite_counts(path):
    with sqlite3.connect(path) as con:
        return {table: con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in COUNTED_TABLES}  # noqa: S608 - fixed names


def _pg_counts(cursor=None):
    if cursor is None:
        with connection.cursor() as cursor:
            return _pg_counts(cursor)
    counts = {}
    for table in COUNTED_TABLES:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - fixed names
        counts[table] = cursor.fetchone()[0]
    return counts


def _run(command, db):
    """Run a PostgreSQL client tool against the database `db` (a Django settings dict)."""
    env = os.environ | {"PGPASSWORD": db.get("PASSWORD") or ""}
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432), "--username", db.get("USER") or "postgres"]
    command = [part.replace("{dbname}", db["NAME"]) for part in command]
    if "--dbname" not in command:
        command += [db["NAME"]]
    result = subprocess.run(command[:1] + args + command[1:], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")
