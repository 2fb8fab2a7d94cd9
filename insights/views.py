"""The growth page (Pertumbuhan): per month and per PO period, the cohort table and two charts."""
from django.shortcuts import render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from insights.charts import bar_chart
from insights.growth import cohorts, monthly, per_period
from orders.money import rupiah
from orders.roles import allowed


def short_rupiah(amount):
    """A chart's label: 1.250.000 → "1,3 jt", 85.000 → "85 rb" (Indonesian); "1.3 M", "85 k" in English."""
    if amount >= 1_000_000:
        return _("%(amount)s M") % {"amount": number_format(round(amount / 1_000_000, 1), decimal_pos=1)}
    if amount >= 1_000:
        return _("%(amount)s k") % {"amount": number_format(amount // 1_000)}
    return number_format(amount)


@require_GET
@allowed("view_growth")
def growth(request):
    months = monthly()
    periods = per_period()
    labels = [date_format(row.label, "M y") for row in months]
    charts = [
        bar_chart(
            _("Omzet per month"), labels, [(_("Omzet"), [row.omzet for row in months])],
            chart_id="omzet", describe=rupiah, short=short_rupiah,
        ),
        bar_chart(
            _("Customers per month"), labels,
            [(_("New"), [row.new for row in months]), (_("Returning"), [row.returning for row in months])],
            chart_id="customers", describe=number_format,
        ),
    ]
    context = {
        "months": list(reversed(months)),
        "periods": list(reversed(periods)),
        "cohorts": list(reversed(cohorts())),
        "charts": charts,
    }
    return render(request, "insights/growth.html", context)
