"""The work calendar: the usual day, weekly days off, and dates that differ, in a month view."""
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.params import month_param, parse_day
from production.calendar_grid import month_weeks, neighbours
from production.forms import CalendarOverrideForm, WorkCalendarForm
from production.models import CalendarOverride, WorkCalendar


@permission_required("production.view_workcalendar", raise_exception=True)
def calendar_page(request):
    work_calendar = WorkCalendar.load()
    if request.method == "POST":
        if not request.user.has_perm("production.change_workcalendar"):
            raise PermissionDenied
        form = WorkCalendarForm(request.POST, instance=work_calendar)
        if form.is_valid():
            form.save()
            messages.success(request, _("The work calendar is saved."))
            year, month = month_param(request, "bulan", timezone.localdate())
            return redirect(reverse("production:calendar") + "?bulan=%04d-%02d" % (year, month))
    else:
        form = WorkCalendarForm(instance=work_calendar)
    context = {"form": form, **_month_context(request, work_calendar)}
    if request.htmx and request.method == "GET":
        return render(request, "production/calendar.html#month", context)
    return render(request, "production/calendar.html", context)


def _month_context(request, work_calendar):
    year, month = month_param(request, "bulan", timezone.localdate())
    weeks = month_weeks(year, month)
    days = {day.day: day for day in work_calendar.work_days(weeks[0][0], weeks[-1][-1])}
    notes = {item.day: item.note for item in CalendarOverride.objects.filter(day__gte=weeks[0][0], day__lte=weeks[-1][-1])}
    previous, following = neighbours(year, month)
    return {
        "month": date(year, month, 1),
        "month_key": "%04d-%02d" % (year, month),
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "weeks": [[{"work": days[d], "note": notes.get(d), "outside": d.month != month} for d in week] for week in weeks],
    }


@permission_required("production.view_calendaroverride", raise_exception=True)
def calendar_day(request, day):
    when = parse_day(day)
    if when is None:
        messages.warning(request, _("“%(day)s” is not a date of the work calendar.") % {"day": day[:40]})
        return redirect("production:calendar")
    existing = CalendarOverride.objects.filter(day=when).first()
    back = reverse("production:calendar") + "?bulan=" + when.strftime("%Y-%m")
    if request.method == "POST":
        needed = "production.change_calendaroverride" if existing else "production.add_calendaroverride"
        if "delete" in request.POST:
            needed = "production.delete_calendaroverride"
        if not request.user.has_perm(needed):
            raise PermissionDenied
        if "delete" in request.POST:
            if existing:
                existing.delete()
            messages.success(request, _("%(day)s follows the usual calendar again.") % {"day": _day(when)})
            return redirect(back)
        form = CalendarOverrideForm(request.POST, instance=existing or CalendarOverride(day=when))
        if form.is_valid():
            form.save()
            messages.success(request, _("%(day)s is saved.") % {"day": _day(when)})
            return redirect(back)
    else:
        form = CalendarOverrideForm(instance=existing or _usual_day(when))
    usual = WorkCalendar.load()
    return render(request, "production/calendar_day.html", {"form": form, "day": when, "existing": existing, "back": back, "usual": usual})


def _usual_day(when):
    """An unsaved override that starts from the usual hours and workers of that date."""
    work_day = WorkCalendar.load().work_days(when, when)[0]
    return CalendarOverride(day=when, hours=Decimal(work_day.hours.numerator) / Decimal(work_day.hours.denominator), workers=work_day.workers, closed=not work_day.minutes)


def _day(when):
    return date_format(when, "j F Y")
