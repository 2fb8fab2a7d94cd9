"""Capacity: the article's arithmetic and the work calendar."""
from datetime import date
from fractions import Fraction

import pytest

from production.capacity import daily_capacity, minutes_per_unit, units_that_fit
from production.models import CalendarOverride
from tests.conftest import make_product, set_calendar


def test_the_articles_example_ten_cakes_in_two_hours_six_hours_one_worker_is_thirty_a_day():
    assert daily_capacity(hours=6, workers=1, units_per_batch=10, minutes_per_batch=120) == 30


def test_two_workers_double_the_day_and_half_hours_count():
    assert daily_capacity(hours=6, workers=2, units_per_batch=10, minutes_per_batch=120) == 60
    assert daily_capacity(hours="6.5", workers=1, units_per_batch=10, minutes_per_batch=120) == 32


def test_capacity_rounds_down_and_stays_exact_for_awkward_batches():
    assert minutes_per_unit(units_per_batch=3, minutes_per_batch=50) == Fraction(50, 3)
    assert daily_capacity(hours=1, workers=1, units_per_batch=3, minutes_per_batch=50) == 3
    assert units_that_fit(Fraction(-5), Fraction(12)) == 0


@pytest.mark.django_db
def test_a_product_knows_its_minutes_per_unit():
    assert make_product(units_per_batch=10, minutes_per_batch=120).minutes_per_unit == 12


@pytest.mark.django_db
def test_the_calendar_skips_weekly_days_off_and_applies_overrides():
    calendar = set_calendar(hours=6, workers=1, days_off="6")  # Sundays off
    # Monday 2 June 2025 … Sunday 8 June 2025
    CalendarOverride.objects.create(day=date(2025, 6, 4), closed=True, note="Libur")
    CalendarOverride.objects.create(day=date(2025, 6, 6), hours=8, workers=3, note="Lembur")
    days = {day.day.day: day.minutes for day in calendar.work_days(date(2025, 6, 2), date(2025, 6, 8))}
    assert days == {2: 360, 3: 360, 4: 0, 5: 360, 6: 1440, 7: 360, 8: 0}
    assert calendar.minutes_between(date(2025, 6, 2), date(2025, 6, 8)) == 2880
    assert calendar.minutes_before(date(2025, 6, 2), date(2025, 6, 4)) == 720


@pytest.mark.django_db
def test_an_override_without_hours_must_be_marked_closed():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        CalendarOverride(day=date(2025, 6, 4), hours=0, workers=0).full_clean()
    assert error.value.messages == ["Isi jam kerja dan jumlah pekerja untuk tanggal ini, atau tandai libur."]
