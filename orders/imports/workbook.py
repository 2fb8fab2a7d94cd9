"""Opening the uploaded file: refuse what is not a sheet, find the header, hand out the data rows."""
import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from orders.imports.cells import COLUMNS, REQUIRED, cell_text, normal_key

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 30


class SheetRefused(Exception):
    """The file cannot be read as a sheet at all; `message` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message



def open_sheet(data):
    """The workbook's rows as (row number, {column: (value, number_format)}) from the header down; refuse bad files."""
    if not data:
        raise SheetRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise SheetRefused(
            _("The file is too large (%(size)s MB). The limit is %(max)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a broken or foreign file makes openpyxl/zipfile raise many kinds of errors
        raise SheetRefused(_("This file is not an Excel sheet (.xlsx). Save it as .xlsx and try again.")) from None
    best_missing = None
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows()
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
    finally:
        workbook.close()
    raise SheetRefused(
        _("No header row with the sheet's columns was found. Missing: %(columns)s.")
        % {"columns": ", ".join(best_missing or [COLUMNS[name] for name in REQUIRED])}
    )


def _data_rows(rows, header_number, columns):
    count = 0
    for number, row in enumerate(rows, start=header_number + 1):
        cells = {}
        for name, index in columns.items():
            cell = row[index] if index < len(row) else None
            value = getattr(cell, "value", None)
            cells[name] = (value, getattr(cell, "number_format", "") or "")
        if all(value is None or cell_text(value) == "" for value, _format in cells.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise SheetRefused(_("The sheet has more than %(max)s rows; split it per month.") % {"max": MAX_ROWS})
        yield number, cells


