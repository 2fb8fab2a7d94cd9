"""A per-address limit on public form submissions.

Counted in Django's cache alias "ratelimit". Its default backend is a file cache: LocMemCache
lives in one process and gunicorn runs several, so each worker would allow the limit again, while
files in one folder are seen by every worker on the server. A database counter would be shared
too, but on SQLite it costs a second turn at the write lock for every order in the busiest minute.
A shop on several servers points the alias at a shared cache (Redis, or Django's DatabaseCache).
Counting is approximate under exact races (a bot gets one or two extra tries), which is enough for
a brake on bots; the caps themselves are enforced by the order service under its lock.
"""
import time

from django.conf import settings
from django.core.cache import caches

WINDOW_SECONDS = 60


def client_address(request):
    # REMOTE_ADDR only: X-Forwarded-For is typed by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(address, *, scope="order", limit=None, now=None):
    """Count one submission from `address`; False when it is over the limit for this minute."""
    limit = settings.PUBLIC_SUBMITS_PER_MINUTE if limit is None else limit
    if not limit:
        return True
    window = int((now or time.time()) // WINDOW_SECONDS)
    key = f"rl:{scope}:{address}:{window}"
    cache = caches["ratelimit"]
    if cache.add(key, 1, timeout=WINDOW_SECONDS * 2):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count <= limit
