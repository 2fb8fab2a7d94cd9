"""A per-address limit on public form submissions, counted in the database.

Django's LocMemCache lives in one process, and gunicorn runs several: each worker would allow
the limit again. A row per address per minute in the database is seen by every worker (and every
server), costs one small write, and needs no extra service. Old rows are swept as we go.
"""
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from orders.models import SubmitCounter

WINDOW = timedelta(minutes=1)


def client_address(request):
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(address, *, scope="order", limit=None, now=None):
    """Count one submission from `address`; False when it is over the limit for this minute."""
    limit = settings.PUBLIC_SUBMITS_PER_MINUTE if limit is None else limit
    if not limit:
        return True
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    key = f"{scope}|{address}|{window:%Y%m%d%H%M}"[:80]
    with transaction.atomic():
        updated = SubmitCounter.objects.filter(key=key).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    SubmitCounter.objects.create(key=key, window_start=window, count=1)
            except IntegrityError:
                SubmitCounter.objects.filter(key=key).update(count=F("count") + 1)
            SubmitCounter.objects.filter(window_start__lt=window - WINDOW).delete()
        count = SubmitCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0
    return count <= limit
