"""The monthly sheet pages: download a month or the current filter, import an old sheet, the archive."""
import hashlib
import secrets
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orders import export, imports
from orders.filters import filtered_orders
from orders.roles import allowed

SESSION_KEY = "sheet_import"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "prapesan-impor"


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
    """Upload → preview (nothing saved) → confirm (all or nothing)."""
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    error = plan = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose the .xlsx file of your sheet.")
        elif upload.size > imports.MAX_BYTES:
            error = _("The file is too large (%(size)s MB). The limit is %(max)s MB.") % {
                "size": round(upload.size / 1024 / 1024, 1),
                "max": imports.MAX_BYTES // 1024 // 1024,
            }
        else:
            data = upload.read()
            try:
                plan = imports.read_sheet(data)
            except imports.SheetRefused as refused:
                error = refused.message
            else:
                _keep(request, data, upload.name)
    return render(request, "orders/sheet_import.html", {"plan": plan, "error": error})


def _keep(request, data, name):
    """Keep the uploaded bytes until the owner confirms: a temp file named by a random token in the session."""
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    _forget(request)
    token = secrets.token_urlsafe(24)
    (UPLOAD_DIR / f"{token}.xlsx").write_bytes(data)
    request.session[SESSION_KEY] = {"token": token, "sha256": hashlib.sha256(data).hexdigest(), "name": name[:100]}


def _forget(request):
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        (UPLOAD_DIR / f"{kept['token']}.xlsx").unlink(missing_ok=True)


def _confirm(request):
    kept = request.session.get(SESSION_KEY)
    path = UPLOAD_DIR / f"{kept['token']}.xlsx" if kept else None
    data = path.read_bytes() if path and path.is_file() else None
    if not kept or request.POST.get("token") != kept["token"] or data is None or hashlib.sha256(data).hexdigest() != kept["sha256"]:
        messages.error(request, _("That upload has expired. Please choose the file again."))
        return redirect("orders:import_sheet")
    try:
        plan = imports.import_sheet(data, by=request.user)
    except imports.SheetRefused as refused:
        messages.error(request, refused.message)
        return redirect("orders:import_sheet")
    if plan.problems:
        return render(request, "orders/sheet_import.html", {"plan": plan, "error": None})
    _forget(request)
    messages.success(request, _("Imported %(count)s orders.") % {"count": len(plan.new_orders)})
    return redirect("orders:sheet_archive")


