"""One writer at a time, queued by the kernel instead of by SQLite's sleeping busy handler.

On SQLite a writer that finds the database locked sleeps and retries (1, 2, 5 … 100 ms), so in
the busiest minute a waiting order can sleep long after the lock was freed. Taking an exclusive
`flock` on a file next to the database before BEGIN IMMEDIATE makes writers (threads and gunicorn
processes alike) wait in a queue and wake the moment the previous one commits. PostgreSQL needs
none of this: its row lock on the period already queues the orders of one period.
"""
import fcntl
import os
from contextlib import contextmanager

from django.db import connections, transaction


def _lock_path(connection):
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return name + ".writelock"


@contextmanager
def write_transaction(using="default"):
    """transaction.atomic(), entered only after this process holds the database's write queue."""
    connection = connections[using]
    path = None if connection.in_atomic_block else _lock_path(connection)
    if path is None:
        with transaction.atomic(using=using):
            yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with transaction.atomic(using=using):
            yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
