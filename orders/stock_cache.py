"""The cache of the public page's "sisa" (units left per period), and the one way to forget it.

Kept in Django's cache framework, so that every worker sees the same figures when a shared cache
(Redis) is configured. Each service that places, edits, cancels or moves an order calls
`public_stock_changed()`; the short lifetime covers what changes without an order (the clock passing
midnight for orders per day, a production day going by, a worker-local cache).

A period capped by production capacity shares the kitchen with every other period, so any order
changes its figures: those periods are kept together under one key that every change deletes.
Forgetting is two deletes, whatever the number of periods.
"""
from django.core.cache import cache
from django.db import transaction

STOCK_SECONDS = 15
PAGE_KEY = "public-page:{slug}"  # the period and its offers, as the public page shows them
PERIOD_KEY = "public-stock:{pk}"
KITCHEN_KEY = "public-stock:kitchen"  # {period pk: figures} of the capacity-capped periods


def _shares_kitchen(period):
    return period.capped_by_kitchen


def cached_page(slug, compute):
    """The period with this link and its offers, or `compute()`'s result, kept for STOCK_SECONDS.

    Only what the page shows and the form is built from: the order service re-reads the period,
    its offers and their prices under its lock, so a price or cap changed meanwhile is never
    charged or exceeded, only shown for a few seconds longer.
    """
    key = PAGE_KEY.format(slug=slug)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, STOCK_SECONDS)
    return found


def cached_stock(period, compute):
    """The period's cached figures, or `compute()`'s result, kept for STOCK_SECONDS."""
    if not _shares_kitchen(period):
        key = PERIOD_KEY.format(pk=period.pk)
        figures = cache.get(key)
        if figures is None:
            figures = compute()
            cache.set(key, figures, STOCK_SECONDS)
        return figures
    kitchen = cache.get(KITCHEN_KEY) or {}
    figures = kitchen.get(period.pk)
    if figures is None:
        figures = compute()
        cache.set(KITCHEN_KEY, kitchen | {period.pk: figures}, STOCK_SECONDS)
    return figures


def forget_stock(period):
    """Drop the cached figures of `period` and of every period sharing the kitchen, now."""
    cache.delete_many([PERIOD_KEY.format(pk=period.pk), KITCHEN_KEY])


def forget_page(*slugs):
    """Drop the cached period and offers of these links (the period or its offers were edited)."""
    cache.delete_many([PAGE_KEY.format(slug=slug) for slug in slugs if slug])


def public_stock_changed(period):
    """Forget the cached "sisa" of `period` (and of every period sharing the kitchen).

    Inside a transaction it forgets now and again once the transaction commits, so that a page
    read in between cannot keep the old figures.
    """
    forget_stock(period)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: forget_stock(period))
