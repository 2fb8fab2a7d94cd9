"""The month view of the work calendar, pure: which dates a month grid shows."""
import calendar


def month_weeks(year, month):
    """Weeks (Monday first) of date objects covering the month, padded with the neighbours' days."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def neighbours(year, month):
    """('YYYY-MM' of the previous month, 'YYYY-MM' of the next)."""
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return "%04d-%02d" % previous, "%04d-%02d" % following
