"""Opening the uploaded file: refuse what is not a sheet, find the header, hand out the data rows."""
import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from orders.imports.cells import COLUMNS, REQUIRED, cell_text, normal_key

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 30
MAX_COLUMNS = 60  # the header must sit in the first 60 columns; cells further right are not read
MAX_SHEETS = 20
# An export of 20,000 rows unpacks to about 16 MB of XML at a ratio of about 13.
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 60 * 1024 * 1024
MAX_UNPACKED_BYTES = 120 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024
MAX_CELLS = MAX_ROWS * 50


class SheetRefused(Exception):
    """The file cannot be read as a sheet at all; `message` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_archive(data):
    """Refuse a file whose zip members would unpack too big (a zip bomb) before anything is unpacked.

    An .xlsx is a zip archive of XML parts. The central directory lists each part's packed and
    unpacked size; zipfile never unpacks more than the listed size (a part that lies fails its
    checksum), so checking the listed sizes bounds the work and memory of everything after.
    """
    not_a_sheet = SheetRefused(_("This file is not an Excel sheet (.xlsx). Save it as .xlsx and try again."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_a_sheet from None
    with archive:
        members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise SheetRefused(
            _("The file holds %(count)s parts; an Excel sheet has at most %(max)s. Save it again as a plain .xlsx.")
            % {"count": len(members), "max": MAX_MEMBERS}
        )
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or unpacked > MAX_UNPACKED_BYTES or (
            member.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO
        ):
            raise SheetRefused(
                _("The file unpacks to more than an order sheet can hold (%(size)s MB in %(part)s). "
                  "Save only the sheet's rows in a new .xlsx and try again.")
                % {"size": round(member.file_size / 1024 / 1024, 1), "part": member.filename[:60]}
            )
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise not_a_sheet
    for member in members:
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            _count_rows_and_cells(data, member)


ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")


def _count_rows_and_cells(data, member):
    """Count a sheet's rows and cells in its raw XML, before openpyxl parses any of it.

    openpyxl reads a sheet without a <dimension> once through just to size it, so the row limit
    has to hold before the workbook is opened: a million rows in columns nobody reads took 40 s.
    """
    rows = cells = 0
    tail = b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as part:
            while chunk := part.read(1024 * 1024):
                text = tail + chunk
                cut = max(len(text) - 32, 0)  # a tag cut at the chunk's end is counted with the next chunk
                rows += len(ROW_TAG.findall(text, 0, cut))
                cells += len(CELL_TAG.findall(text, 0, cut))
                tail = text[cut:]
                if rows > MAX_ROWS + HEADER_SEARCH_ROWS or cells > MAX_CELLS:
                    raise SheetRefused(
                        _("The sheet has more than %(max)s rows (empty rows count too); split it per month.") % {"max": MAX_ROWS}
                    )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise SheetRefused(_("This file is not an Excel sheet (.xlsx). Save it as .xlsx and try again.")) from None


def open_sheet(data):
    """The workbook's rows as (row number, {column: (value, number_format)}) from the header down; refuse bad files.

    Bounded whatever the file claims: the archive is checked first, the workbook is read in
    read-only (streaming) mode with the sheet's stated dimensions ignored (a sheet that claims a
    million rows would otherwise be padded to them), and every row counts toward MAX_ROWS.
    """
    if not data:
        raise SheetRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise SheetRefused(
            _("The file is too large (%(size)s MB). The limit is %(max)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a broken or foreign file makes openpyxl/zipfile raise many kinds of errors
        raise SheetRefused(_("This file is not an Excel sheet (.xlsx). Save it as .xlsx and try again.")) from None
    best_missing = None
    try:
        for sheet in workbook.worksheets[:MAX_SHEETS]:
            sheet.reset_dimensions()
            rows = sheet.iter_rows(max_col=MAX_COLUMNS)
            for number, row in enumerate(rows, start=1):
                if number > HEADER_SEARCH_ROWS:
                    break
                names = {normal_key(cell.value): index for index, cell in enumerate(row) if cell.value is not None}
                columns = {name: names[normal_key(title)] for name, title in COLUMNS.items() if normal_key(title) in names}
                missing = [COLUMNS[name] for name in REQUIRED if name not in columns]
                if not missing:
                    return list(_data_rows(rows, number, columns))
                if best_missing is None or len(missing) < len(best_missing):
                    best_missing = missing
    except SheetRefused:
        raise
    except Exception:  # a part that fails its checksum or is not XML
        raise SheetRefused(_("This file is not an Excel sheet (.xlsx). Save it as .xlsx and try again.")) from None
    finally:
        workbook.close()
    raise SheetRefused(
        _("No header row with the sheet's columns was found. Missing: %(columns)s.")
        % {"columns": ", ".join(best_missing or [COLUMNS[name] for name in REQUIRED])}
    )


def _data_rows(rows, header_number, columns):
    """The rows under the header that hold something; every row, empty or not, counts toward MAX_ROWS."""
    too_many = SheetRefused(
        _("The sheet has more than %(max)s rows (empty rows count too); split it per month.") % {"max": MAX_ROWS}
    )
    for number, row in enumerate(rows, start=header_number + 1):
        if number - header_number > MAX_ROWS:
            raise too_many
        cells = {}
        for name, index in columns.items():
            cell = row[index] if index < len(row) else None
            value = getattr(cell, "value", None)
            cells[name] = (value, getattr(cell, "number_format", "") or "")
        if all(value is None or cell_text(value) == "" for value, _format in cells.values()):
            continue
        yield number, cells
