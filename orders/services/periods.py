"""Running PO periods: open or close one by hand, and copy one as the next period."""
import math
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from orders.models import PeriodProduct, PreorderPeriod, is_reserved_slug
from orders.stock_cache import forget_page

WEEK = timedelta(days=7)
SLUG_MAX = PreorderPeriod._meta.get_field("slug").max_length


def unique_slug(text, *, exclude_pk=None):
    """A slug made from `text` that no other period uses yet (po-juni, po-juni-2, ...)."""
    base = (slugify(text) or "po")[: SLUG_MAX - 4].strip("-") or "po"
    taken = PreorderPeriod.objects.exclude(pk=exclude_pk)
    candidate, number = base, 1
    while is_reserved_slug(candidate) or taken.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def set_period_closed(period, *, closed):
    """Close a period by hand (no more orders) or lift that close."""
    period.closed_manually = closed
    period.save(update_fields=["closed_manually"])
    forget_page(period.slug)  # the public page shows the change at once
    return period


def next_period_shift(period):
    """How far the copy moves: the period's own length (opens → delivery) in whole weeks, at least one week."""
    length = timedelta(days=(period.delivery_date - timezone.localdate(period.opens_at)).days + 1)
    return WEEK * max(1, math.ceil(length / WEEK))


@transaction.atomic
def duplicate_period(period, *, name=None):
    """Copy `period` with its offers and caps as the next period, every date shifted; it starts open."""
    shift = next_period_shift(period)
    name = name or _("%(name)s (copy)") % {"name": period.name}
    copy = PreorderPeriod.objects.create(
        name=name[:120],
        slug=unique_slug(name),
        opens_at=period.opens_at + shift,
        closes_at=period.closes_at + shift,
        delivery_date=period.delivery_date + shift,
        max_orders=period.max_orders,
        max_orders_per_day=period.max_orders_per_day,
        capacity_capped=period.capacity_capped,
        mode=period.mode,
        lead_days=period.lead_days,
        payment_deadline_hours=period.payment_deadline_hours,
    )
    PeriodProduct.objects.bulk_create(
        PeriodProduct(period=copy, product_id=offer.product_id, unit_cap=offer.unit_cap) for offer in period.offers.all()
    )
    return copy
