"""How often the public forms may be sent, counted in Django's cache so every worker shares the counts.

A buyer is an address *and* a WhatsApp number: a thousand phones behind one carrier-grade NAT (or
behind the shop's own proxy) share an address but not a number, so each gets its own small bucket,
while one bot repeating one number is stopped after a few tries. A looser cap per address bounds a
bot that rotates numbers. Counts live in fixed one-minute windows in the default cache: Redis when
`REDIS_URL`/`CACHE_URL` is set (shared by every machine), otherwise a folder of files on this box
(shared by its gunicorn workers). The file and database caches add without a lock between
processes, so under a burst a count can come out a little low; the limits are a brake, not a quota.
(django-ratelimit supports only caches with an atomic increment, Redis and Memcached, which a
one-box shop without Redis does not have; and it keys on one value, not on a buyer and an address.)
"""
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

from common.clientip import client_address
from customers.phone import normalize_whatsapp

WINDOW_SECONDS = 60


def buyer_number(value):
    """The WhatsApp number as stored, or the typed text when it is not a number (it is counted too)."""
    value = (value or "").strip()[:40]
    try:
        return normalize_whatsapp(value)
    except ValidationError:
        return value


def allow_submit(request, *, scope="order", now=None):
    """Count one submission of a public form; False when its buyer or its address is over the limit.

    Both counts move on every submission, so a flood from one address is stopped by the address
    cap even when each request carries a new number.
    """
    address = client_address(request)
    number = buyer_number(request.POST.get("whatsapp"))
    within_buyer = _count(f"{scope}|buyer|{address}|{number}", settings.PUBLIC_SUBMITS_PER_MINUTE, now)
    within_address = _count(f"{scope}|address|{address}", settings.PUBLIC_SUBMITS_PER_ADDRESS_PER_MINUTE, now)
    return within_buyer and within_address


def _count(name, limit, now):
    """Add one to this minute's count for `name`; False once it passes `limit` (0 = no limit)."""
    if not limit:
        return True
    window = int((now if now is not None else time.time()) // WINDOW_SECONDS)
    key = "ratelimit:" + hashlib.sha256(f"{name}|{window}".encode()).hexdigest()[:40]
    # add() is a no-op when the key exists; incr() is atomic on Redis.
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count <= limit
