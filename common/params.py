"""Reading the query and form values that are not a form's fields: dates, months, ids.

A value that cannot be used is refused here, in one place: the page falls back to its default and
tells the user why (an Indonesian message), instead of answering 500. Dates stay within the years
a shop plans in, so that no "a week later" or "the month's grid" steps outside Python's dates.
"""
from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
LARGEST_ID = 2**63 - 1  # the database's largest key


def parse_day(text):
    """A date from '2026-12-24' between EARLIEST and LATEST, or None."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def parse_month(text):
    """(year, month) from '2026-12' between EARLIEST and LATEST, or None."""
    year, _sep, month = (text or "").strip().partition("-")
    if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        return None
    try:
        first = date(int(year), int(month), 1)
    except ValueError:
        return None
    return (first.year, first.month) if EARLIEST <= first <= LATEST else None


def within_planning_years(value):
    """Form validator: a date (or date and time) between EARLIEST and LATEST."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": date_format(EARLIEST, "j F Y"), "last": date_format(LATEST, "j F Y")},
            code="out_of_range",
        )


def parse_id(text):
    """A database id (a positive whole number that fits a key) from text, or None."""
    text = str(text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= LARGEST_ID else None


def _refused(request, message, value):
    bounds = {"value": value.strip()[:40], "first": date_format(EARLIEST, "j F Y"), "last": date_format(LATEST, "j F Y")}
    messages.warning(request, message % bounds)


def day_param(request, name):
    """The date in ?<name>=, or None when it is missing; a refused one is None with a message."""
    text = request.GET.get(name, "")
    day = parse_day(text)
    if day is None and text.strip():
        _refused(request, _("“%(value)s” is not a date this page can use: write a date between %(first)s and %(last)s, like 2026-12-24."), text)
    return day


def month_param(request, name, today):
    """(year, month) from ?<name>=YYYY-MM, else today's month; a refused one also says so."""
    text = request.GET.get(name, "")
    month = parse_month(text)
    if month is None:
        if text.strip():
            _refused(request, _("“%(value)s” is not a month this page can use: write a month between %(first)s and %(last)s, like 2026-12."), text)
        return today.year, today.month
    return month
