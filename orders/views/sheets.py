"""The monthly sheet pages: download a month or the current filter, import an old sheet, the archive."""
import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orders import export, imports
from orders.filters import filtered_orders
from orders.imports.uploads import kept_upload, keep_upload
from orders.models import SheetUpload
from orders.roles import allowed

SESSION_KEY = "sheet_import"
PREVIEW_ROWS = 200  # orders listed on the preview; the rest are counted
SECONDS_PER_REQUEST = 8  # well under gunicorn's 30 s timeout; the page asks for the next part


def _send(orders, name, title):
    # Spooled: a small month stays in memory, a big one goes to a temporary file, never both.
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    export.write_workbook(orders, spool, title=title)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=name, content_type=export.CONTENT_TYPE)


@allowed("export_orders")
def export_month(request):
    """?bulan=2025-06: that month's orders by order date (Jakarta time)."""
    try:
        year, month = (int(part) for part in request.GET.get("bulan", "").split("-"))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError
    except ValueError:
        raise Http404(_("Unknown month.")) from None
    return _send(export.month_orders(year, month), export.file_name(year, month), "PO " + export.month_label(year, month))


@allowed("export_orders")
def export_filtered(request):
    """The order table's current filter (its GET parameters) as the sheet."""
    orders, _form = filtered_orders(request.GET)
    name, title = export.name_for(orders)
    return _send(orders, name, title)


@allowed("export_orders")
def sheet_archive(request):
    return render(request, "orders/sheet_archive.html", {"months": export.monthly_totals()})


@allowed("import_orders")
@require_http_methods(["GET", "POST"])
def import_sheet(request):
    """Upload → preview (nothing saved) → import in batches, a few seconds per request, with progress."""
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    error = plan = upload = None
    if request.method == "POST":
        file = request.FILES.get("file")
        if file is None:
            error = _("Choose the .xlsx file of your sheet.")
        elif file.size > imports.MAX_BYTES:
            error = _("The file is too large (%(size)s MB). The limit is %(max)s MB.") % {
                "size": round(file.size / 1024 / 1024, 1),
                "max": imports.MAX_BYTES // 1024 // 1024,
            }
        else:
            data = file.read()
            try:
                plan = imports.read_sheet(data)
            except imports.SheetRefused as refused:
                error = refused.message
            else:
                upload = keep_upload(data, name=file.name, by=request.user)
                request.session[SESSION_KEY] = upload.token
    return render(request, "orders/sheet_import.html", {"plan": plan, "error": error, "upload": upload, "shown": PREVIEW_ROWS})


def _confirm(request):
    token = request.POST.get("token", "")
    upload = kept_upload(token, by=request.user) if token == request.session.get(SESSION_KEY) else None
    if upload is None:
        messages.error(request, _("That upload has expired. Please choose the file again."))
        return redirect("orders:import_sheet")
    choices = {
        "also_rows": {int(row) for row in request.POST.getlist("also_row") if row.isdigit()},
        # Changes are made unless unticked: the preview lists each shown order once as "shown_change".
        "skip_changes": set(request.POST.getlist("shown_change")) - set(request.POST.getlist("apply_change"))
        | set(request.POST.getlist("skip_change")),
        "cancel_codes": set(request.POST.getlist("cancel_code")),
    }
    done_before = upload.orders_done
    try:
        plan = imports.import_sheet(bytes(upload.data), by=request.user, upload=upload, seconds=SECONDS_PER_REQUEST, **choices)
    except imports.SheetRefused as refused:
        messages.error(request, refused.message)
        return redirect("orders:import_sheet")
    if plan.problems:
        return render(request, "orders/sheet_import.html", {"plan": plan, "error": None, "upload": upload, "shown": PREVIEW_ROWS})
    upload.refresh_from_db()
    if plan.finished and not upload.refused:
        upload.delete()
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Imported %(count)s orders.") % {"count": upload.orders_done})
        if request.htmx:
            return HttpResponseClientRedirect(reverse("orders:sheet_archive"))
        return redirect("orders:sheet_archive")
    if plan.finished:
        upload.delete()  # done: what was refused is listed once more below, the file is no longer needed
        request.session.pop(SESSION_KEY, None)
    if not upload.orders_total:
        upload.orders_total = done_before + plan.pending
        upload.save(update_fields=["orders_total"])
    if plan.stopped_at:
        SheetUpload.objects.filter(pk=upload.pk).update(stopped_at_row=plan.stopped_at, stop_reason=plan.stop_reason[:500])
    context = {"upload": upload, "plan": plan, **{name: sorted(values) for name, values in choices.items()}}
    template = "orders/sheet_import_progress.html"
    return render(request, template + "#progress" if request.htmx else template, context)
