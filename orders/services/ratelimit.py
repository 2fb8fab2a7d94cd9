"""A per-address limit on public form submissions, shared by every gunicorn worker.

Django's LocMemCache lives in one process and gunicorn runs several, so each worker would allow
the limit again. A database counter is shared, but on SQLite it costs a second turn at the write
lock for every order in the busiest minute; Django's file cache lists its whole folder on every
write. So: one small file per address per minute, to which each submission appends one byte.
Appends with O_APPEND are atomic between processes, so the file's size is an exact count; old
minutes are removed as new ones start. (A shop on several servers would point RATELIMIT_DIR at
shared storage or swap this for a shared cache; SQLite means one server.)
"""
import hashlib
import os
import shutil
import time
from pathlib import Path

from django.conf import settings

WINDOW_SECONDS = 60


def client_address(request):
    # REMOTE_ADDR only: X-Forwarded-For is typed by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(address, *, scope="order", limit=None, now=None):
    """Count one submission from `address`; False when it is over the limit for this minute."""
    limit = settings.PUBLIC_SUBMITS_PER_MINUTE if limit is None else limit
    if not limit:
        return True
    window = int((now if now is not None else time.time()) // WINDOW_SECONDS)
    base = Path(settings.RATELIMIT_DIR)
    folder = base / str(window)
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        pass
    else:
        _sweep(base, window)
    name = hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()[:32]
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, b".")
        count = os.fstat(fd).st_size
    finally:
        os.close(fd)
    return count <= limit


def _sweep(base, window):
    """Remove the folders of minutes before the previous one."""
    for entry in os.scandir(base):
        if entry.name.isdigit() and int(entry.name) < window - 1:
            shutil.rmtree(entry.path, ignore_errors=True)
