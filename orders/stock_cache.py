"""The cache of the public page's "sisa" (units left per period), and the one way to forget it.

Kept in Django's cache framework, so that every worker sees the same figures when a shared cache
(Redis) is configured. Each service that places, edits, cancels or moves an order calls
`public_stock_changed()`; the short lifetime covers what changes without an order (the clock passing
midnight for orders per day, a production day going by, a worker-local cache).
"""
import time

from django.core.cache import cache
from django.db import transaction

STOCK_SECONDS = 15
STOCK_KEY = "public-stock:{pk}:{kitchen}"
# Bumped on every change: a capacity-capped period's free minutes depend on every period's orders.
KITCHEN_KEY = "public-stock:kitchen"


def stock_key(period):
    shares_kitchen = period.capacity_capped and not period.is_rolling
    return STOCK_KEY.format(pk=period.pk, kitchen=cache.get(KITCHEN_KEY, 0) if shares_kitchen else "-")


def cached_stock(period, compute):
    """The period's cached figures, or `compute()`'s result, kept for STOCK_SECONDS."""
    key = stock_key(period)
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, STOCK_SECONDS)
    return figures


def public_stock_changed(period):
    """Forget the cached "sisa" of `period` (and of every period sharing the kitchen).

    Inside a transaction it forgets now and again once the transaction commits, so that a page
    read in between cannot keep the old figures.
    """

    def forget():
        cache.delete(STOCK_KEY.format(pk=period.pk, kitchen="-"))
        try:
            cache.incr(KITCHEN_KEY)
        except ValueError:  # not set yet (or evicted): start from a number no earlier key used
            cache.add(KITCHEN_KEY, time.time_ns(), None)

    forget()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(forget)
