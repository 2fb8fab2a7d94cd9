"""Hostile and huge files: refused quickly, in bounded memory, with a clear Indonesian message."""
import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from orders import imports
from orders.models import Order

pytestmark = pytest.mark.django_db

HEADER = ["No", "Tanggal Order", "Nama Pelanggan", "Produk Dipesan", "Jumlah", "Total Harga", "Tanggal Kirim", "Status Bayar", "Status Kirim"]
ROW = [1, "5 Juni 2025", "Ibu Ani", "Kue Nastar", "3 Box", "Rp75.000", "8 Juni 2025", "Lunas", "Belum Dikirim"]


def small_sheet():
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(ROW)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rebuilt(data, replace=None, extra=()):
    """The same .xlsx with some parts replaced by (name, writer) and extra parts added."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replace:
                with target.open(info.filename, "w", force_zip64=True) as part:
                    replace[info.filename](part)
            else:
                target.writestr(info.filename, source.read(info.filename))
        for name, writer in extra:
            with target.open(name, "w", force_zip64=True) as part:
                writer(part)
    return out.getvalue()


def bounded(function):
    """Run function(); return (seconds, peak traced MB, the SheetRefused it raised)."""
    tracemalloc.start()
    began = time.perf_counter()
    try:
        with pytest.raises(imports.SheetRefused) as refused:
            function()
    finally:
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return seconds, peak, refused.value.message


def test_a_zip_bomb_in_the_shared_strings_is_refused_before_it_is_unpacked():
    def bomb(part):
        part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
        chunk = b"A" * (1024 * 1024)
        for _ in range(300):  # 300 MB of text, a few hundred KB packed
            part.write(chunk)
        part.write(b"</t></si></sst>")

    data = rebuilt(small_sheet(), extra=[("xl/sharedStrings.xml", bomb)])
    assert len(data) < 2 * 1024 * 1024
    seconds, peak, message = bounded(lambda: imports.read_sheet(data))
    assert "xl/sharedStrings.xml" in message and "Simpan" in message
    assert seconds < 5 and peak < 20  # unbounded: minutes and gigabytes
    assert not Order.objects.exists()


def test_a_million_rows_in_columns_nobody_reads_are_refused_after_the_row_limit():
    def million_rows(part):
        part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        cells = "".join(f'<c r="{letter}1" t="inlineStr"><is><t>{name}</t></is></c>' for letter, name in zip("ABCDEFGHI", HEADER))
        part.write(f'<row r="1">{cells}</row>'.encode())
        part.write(b"".join(b'<row r="%d"><c r="Z%d"><v>1</v></c></row>' % (n, n) for n in range(2, 1_000_002)))
        part.write(b"</sheetData></worksheet>")

    data = rebuilt(small_sheet(), replace={"xl/worksheets/sheet1.xml": million_rows})
    assert len(data) < imports.MAX_BYTES
    seconds, peak, message = bounded(lambda: imports.read_sheet(data))
    assert "lebih dari 20000 baris" in message.replace(".", "")
    assert seconds < 10 and peak < 40  # before the row count held before parsing: 40 s and more


def test_a_sheet_that_claims_a_million_rows_but_holds_one_is_read_quickly():
    def claims(part):
        part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>')
        for number, values in ((1, HEADER), (2, ROW)):
            cells = "".join(f'<c r="{letter}{number}" t="inlineStr"><is><t>{value}</t></is></c>' for letter, value in zip("ABCDEFGHI", values))
            part.write(f'<row r="{number}">{cells}</row>'.encode())
        part.write(b"</sheetData></worksheet>")

    data = rebuilt(small_sheet(), replace={"xl/worksheets/sheet1.xml": claims})
    began = time.perf_counter()
    plan = imports.read_sheet(data)
    assert time.perf_counter() - began < 2
    assert plan.problems == [] and len(plan.new_orders) == 1


def test_an_archive_of_thousands_of_parts_is_refused():
    data = rebuilt(small_sheet(), extra=[(f"xl/media/kosong{n}.xml", lambda part: part.write(b"x")) for n in range(imports.workbook.MAX_MEMBERS)])
    seconds, peak, message = bounded(lambda: imports.read_sheet(data))
    assert "bagian" in message and seconds < 2


def test_a_part_that_lies_about_its_size_is_refused_as_not_a_sheet():
    data = bytearray(small_sheet())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    # The central directory's "uncompressed size" of the sheet, written as 10 bytes: zipfile then
    # unpacks only 10 bytes, the checksum fails, and nothing big is ever held.
    central = data.rfind(b"PK\x01\x02", 0, len(data))
    while central != -1:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == sheet.filename.encode():
            data[central + 24:central + 28] = (10).to_bytes(4, "little")
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    with pytest.raises(imports.SheetRefused) as refused:
        imports.read_sheet(bytes(data))
    assert "bukan file Excel" in refused.value.message
