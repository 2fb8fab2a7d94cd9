"""The evaluation page (Evaluasi mingguan / bulanan): one week or month, its figures and two charts."""
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.utils import timezone

from common.params import day_param
from insights.charts import bar_chart
from insights.evaluation import MONTH, WEEK, evaluate, span_of
from insights.views import short_rupiah
from orders.money import rupiah
from orders.roles import allowed

KINDS = {"minggu": WEEK, "bulan": MONTH}


@require_GET
@allowed("view_evaluation")
def evaluation(request):
    kind_name = request.GET.get("jenis") if request.GET.get("jenis") in KINDS else "minggu"
    day = day_param(request, "tanggal") or timezone.localdate()
    span = span_of(KINDS[kind_name], day)
    result = evaluate(span)
    charts = []
    if result.channels:
        charts.append(bar_chart(
            _("Omzet per channel"), [line.label for line in result.channels], [(_("Omzet"), [line.omzet for line in result.channels])],
            chart_id="channels", describe=rupiah, short=short_rupiah,
        ))
    if result.products:
        top = result.products[:8]
        charts.append(bar_chart(
            _("Units per product"), [line.label for line in top], [(_("Units"), [line.units for line in top])],
            chart_id="products", describe=number_format,
        ))
    context = {
        "result": result,
        "span": span,
        "kind_name": kind_name,
        "previous": span.previous(),
        "next": span.next() if span.next().first <= timezone.localdate() else None,
        "charts": charts,
    }
    return render(request, "insights/evaluation.html", context)
