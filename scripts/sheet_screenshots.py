"""Pictures of the monthly sheet: the archive and import pages at 390 and 1280 px, the sheet as LibreOffice prints it.

Usage (against a server with the demo data, `manage.py demo`; needs LibreOffice and poppler-utils:
`apt-get install -y libreoffice-calc-nogui poppler-utils`):

    .venv/bin/python scripts/sheet_screenshots.py http://127.0.0.1:8000

Writes docs/screenshots/sheet-archive-<width>.png, sheet-import-preview-<width>.png (the demo's
busiest month exported, then edited as a family would: a payment marked Lunas, a quantity changed,
a row deleted, a row copied without its code), sheet-import-problems-<width>.png, and
sheet-PO_<Bulan>_<Tahun>.png and its -ringkasan.png (that month's file printed by LibreOffice).
Nothing is imported: the script stops at the preview.
"""
import argparse
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import CHROMIUM, LAUNCH_ARGS, WIDTHS, log_in, shoot  # noqa: E402


def busiest_month(page, base):
    """The archive's month with the most order lines, as (file name without .xlsx, file bytes)."""
    page.goto(f"{base}/pesanan/arsip/")
    months = dict.fromkeys(re.findall(r"bulan=(\d{4}-\d{2})", page.content()))
    files = {}
    for month in months:
        response = page.request.get(f"{base}/pesanan/unduh/bulan/?bulan={month}")
        name = re.search(r'filename="([^"]+)\.xlsx"', response.headers["content-disposition"])[1]
        files[name] = response.body()
    return max(files.items(), key=lambda item: sum(1 for _row in load_workbook(io.BytesIO(item[1]), read_only=True).worksheets[0].iter_rows()))


def edited(data):
    """The exported month as a family edits it before importing it back."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    unpaid = next(row for row in rows if row[7].value in ("Belum Bayar", "DP") and row[8].value == "Belum Dikirim")
    unpaid[7].value = "Lunas"
    other = next(row for row in rows if row[13].value != unpaid[13].value and row[8].value == "Belum Dikirim")
    other[4].value = other[4].value + 1
    other[5].value = other[5].value // (other[4].value - 1) * other[4].value
    copy = [cell.value for cell in rows[0]]
    copy[13] = None  # typed again by hand, without its code
    sheet.append(copy)
    sheet.delete_rows(rows[-1][0].row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_problems(data):
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    sheet["B2"].value = "kemarin"
    sheet["F3"].value = "Rp75.000,5"
    sheet["H4"].value = "Hampir lunas"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(page, base, data):
    page.goto(f"{base}/pesanan/impor/")
    page.set_input_files("input[type=file]", files=[{
        "name": "PO_demo.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "buffer": data,
    }])
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state()


def printed(data, out, name):
    """The file as LibreOffice prints it: the orders sheet's first page and the Ringkasan page."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.xlsx"
        source.write_bytes(data)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                        "--outdir", folder, str(source)], check=True, capture_output=True, timeout=180)
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(Path(folder) / "sheet.pdf"), str(Path(folder) / "page")], check=True)
        pages = sorted(Path(folder).glob("page-*.png"))
        (out / f"sheet-{name}.png").write_bytes(pages[0].read_bytes())
        (out / f"sheet-{name}-ringkasan.png").write_bytes(pages[-1].read_bytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    base, out = args.base.rstrip("/"), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        finder = browser.new_page()
        log_in(finder, base)
        name, data = busiest_month(finder, base)
        printed(data, out, name)
        for width, options in WIDTHS.items():
            context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **options)
            page = context.new_page()
            log_in(page, base)
            page.goto(f"{base}/pesanan/arsip/")
            shoot(page, out / f"sheet-archive-{width}.png", width, 0)
            preview(page, base, edited(data))
            shoot(page, out / f"sheet-import-preview-{width}.png", width, 0)
            preview(page, base, with_problems(data))
            shoot(page, out / f"sheet-import-problems-{width}.png", width, 0)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
