"""Capacity arithmetic, pure: plain numbers in, plain numbers out (no models).

The article's rule: daily capacity = (work hours × workers × 60) ÷ minutes per unit, rounded
down. "10 kue dalam 2 jam" is 12 minutes a cake; 6 hours with one worker gives 30 cakes a day.
Fractions keep a batch of 3 in 50 minutes exact instead of 16.666… minutes.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from math import floor


def minutes_per_unit(*, units_per_batch, minutes_per_batch):
    """Minutes of one worker's time per unit, exact."""
    return _per_unit(minutes_per_batch, units_per_batch)


@lru_cache(maxsize=4096)
def _per_unit(minutes, units):
    # Cached: the planner asks once per waiting order line, for a handful of products.
    return Fraction(minutes, units)


def work_minutes(*, hours, workers):
    """Minutes of work a day gives: hours × workers × 60 (hours may be a Decimal like 6.5)."""
    return Fraction(str(hours)) * workers * 60


def daily_capacity(*, hours, workers, units_per_batch, minutes_per_batch):
    """How many units one day allows, rounded down."""
    per_unit = minutes_per_unit(units_per_batch=units_per_batch, minutes_per_batch=minutes_per_batch)
    return units_that_fit(work_minutes(hours=hours, workers=workers), per_unit)


def units_that_fit(minutes, per_unit):
    """Whole units that fit in the given minutes (never negative)."""
    if minutes <= 0:
        return 0
    return floor(Fraction(minutes) / per_unit)


@dataclass(frozen=True)
class WorkDay:
    """One calendar day's work: hours and workers; zero hours means closed."""

    day: date
    hours: Fraction
    workers: int

    @property
    def minutes(self):
        return work_minutes(hours=self.hours, workers=self.workers)


def work_days(*, start, end, default_hours, default_workers, weekly_days_off, overrides):
    """The WorkDay of every date from start to end inclusive.

    weekly_days_off holds weekday numbers (Monday 0 … Sunday 6); overrides maps a date to
    (hours, workers), where hours 0 closes the day whatever the weekday.
    """
    days = []
    current = start
    while current <= end:
        if current in overrides:
            hours, workers = overrides[current]
        elif current.weekday() in weekly_days_off:
            hours, workers = 0, 0
        else:
            hours, workers = default_hours, default_workers
        days.append(WorkDay(day=current, hours=Fraction(str(hours)), workers=int(workers)))
        current += timedelta(days=1)
    return days
