"""The month view of the work calendar, pure: which dates a month grid shows."""
import calendar
from datetime import date


def parse_month(text, today):
    """(year, month) from '2026-12', or today's month when the text is missing or wrong."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1).year, month
    except ValueError:
        return today.year, today.month


def month_weeks(year, month):
    """Weeks (Monday first) of date objects covering the month, padded with the neighbours' days."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def neighbours(year, month):
    """('YYYY-MM' of the previous month, 'YYYY-MM' of the next)."""
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return "%04d-%02d" % previous, "%04d-%02d" % following


def parse_day(text):
    """A date from '2026-12-24', or None."""
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None
