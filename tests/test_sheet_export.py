import io
import shutil
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from tests.conftest import make_customer, make_product
from openpyxl import load_workbook
from tests.sheet_helpers import article_orders, make_past_order

from orders import export
from orders.models import Order, PaymentStatus

pytestmark = pytest.mark.django_db

ARTICLE = [
    ["No", "Tanggal Order", "Nama Pelanggan", "Produk Dipesan", "Jumlah", "Total Harga", "Tanggal Kirim", "Status Bayar", "Status Kirim"],
    [1, datetime(2025, 6, 5), "Ibu Ani", "Kue Nastar", 3, 75000, datetime(2025, 6, 8), "Lunas", "Belum Dikirim"],
    [2, datetime(2025, 6, 5), "Bapak Budi", "Brownies Kukus", 2, 50000, datetime(2025, 6, 8), "Belum Bayar", "Belum Dikirim"],
    [3, datetime(2025, 6, 6), "Mbak Sinta", "Kue Lapis", 1, 25000, datetime(2025, 6, 9), "Lunas", "Sudah Dikirim"],
]


def exported(orders, title="PO Juni 2025"):
    buffer = io.BytesIO()
    export.write_workbook(orders, buffer, title=title)
    buffer.seek(0)
    return load_workbook(buffer)


def test_the_articles_three_rows_give_exactly_the_articles_table():
    article_orders()
    book = exported(export.month_orders(2025, 6))
    sheet = book["PO Juni 2025"]
    values = [[cell.value for cell in row[:9]] for row in sheet.iter_rows()]
    assert values == ARTICLE
    assert [cell.value for cell in sheet[1]] == export.HEADERS


def test_dates_money_and_units_are_numbers_shown_like_the_article():
    article_orders()
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    ani, budi = sheet[2], sheet[3]
    assert ani[1].number_format == "[$-421]d mmmm yyyy" and ani[1].is_date
    assert ani[6].number_format == "[$-421]d mmmm yyyy" and ani[6].is_date
    assert ani[4].number_format == '0 "Box"'
    assert budi[4].number_format == '0 "Loyang"'
    assert ani[5].number_format == '[$-421]"Rp"#,##0' and ani[5].data_type == "n"


def test_the_extra_columns_hold_whatsapp_address_payment_channel_and_code():
    orders = article_orders()
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    row = [cell.value for cell in sheet[2]]
    assert row[9:] == ["0812-3456-7890", "Ambil sendiri", None, "WhatsApp", orders[0].code, None, None, None, None]


def test_the_courier_and_the_resi_are_in_the_sheet_as_text():
    orders = article_orders()
    Order.objects.filter(pk=orders[0].pk).update(courier="jnt", tracking_number="=HYPERLINK(1)")
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    assert (sheet["Q1"].value, sheet["R1"].value) == ("Kurir", "No. Resi")
    assert (sheet["Q2"].value, sheet["R2"].value, sheet["R2"].data_type) == ("J&T", "=HYPERLINK(1)", "s")


def test_a_deposit_shows_its_amount_under_payment_method():
    nastar = make_product(price=25_000)
    make_past_order(make_customer(), [(nastar, 4)], placed=date(2025, 6, 2), delivery=date(2025, 6, 8), payment="deposit", paid=20_000)
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    assert sheet["H2"].value == "DP"
    assert sheet["L2"].value == "DP Rp20.000"


def test_the_header_is_bold_frozen_filtered_and_prints_landscape_on_a4():
    article_orders()
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R4"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["C"].width >= 20


def test_one_row_per_order_line_so_the_total_column_sums_to_the_omzet():
    nastar, lapis = make_product("Kue Nastar", price=25_000), make_product("Kue Lapis", unit="loyang", price=40_000)
    make_past_order(make_customer(), [(nastar, 2), (lapis, 1)], placed=date(2025, 6, 3), delivery=date(2025, 6, 8))
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[3], row[4], row[5]) for row in rows] == [("Kue Nastar", 2, 50_000), ("Kue Lapis", 1, 40_000)]
    assert sum(row[5] for row in rows) == 90_000


def test_the_month_is_taken_in_jakarta_time():
    nastar = make_product()
    order = make_past_order(make_customer(), [(nastar, 1)], placed=date(2025, 7, 1), delivery=date(2025, 7, 3))
    # 00:30 on 1 July in Jakarta is still 30 June in UTC.
    Order.objects.filter(pk=order.pk).update(placed_at=datetime.fromisoformat("2025-06-30T17:30:00+00:00"))
    assert list(export.month_orders(2025, 7)) == [order]
    assert not export.month_orders(2025, 6).exists()


def recalculated(book):
    """The workbook as LibreOffice computes it (formulas → values), or skip without LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "PO_Juni_2025.xlsx"
        book.save(source)
        out = Path(folder) / "out"
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "xlsx",
                        "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=120)
        return load_workbook(out / "PO_Juni_2025.xlsx", data_only=True)


def summary_rows(book):
    return {row[0]: row[1:] for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0]}


def test_the_summary_sheet_counts_units_omzet_payments_statuses_and_channels():
    article_orders()
    rows = summary_rows(recalculated(exported(export.month_orders(2025, 6))))
    assert rows["Kue Nastar"][:2] == (3, 75_000)
    assert rows["Brownies Kukus"][:2] == (2, 50_000)
    assert rows["Total (tanpa pesanan dibatalkan)"][:2] == (6, 150_000)
    assert rows["Sudah dibayar"][1] == 100_000
    assert rows["Belum dibayar"][1] == 50_000
    assert rows["Lunas"][0] == 2 and rows["Belum Bayar"][0] == 1
    assert rows["Sudah Dikirim"][0] == 1 and rows["Belum Dikirim"][0] == 2
    assert rows["WhatsApp"][0] == 3


def test_a_cancelled_order_carries_zero_so_the_total_column_sums_to_the_omzet():
    orders = article_orders()
    Order.objects.filter(pk=orders[1].pk).update(fulfilment_status="cancelled")
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    budi = [cell.value for cell in sheet[3]]
    assert budi[2] == "Bapak Budi" and budi[8] == "Dibatalkan"
    assert budi[5] == 0 and budi[15] == 50_000  # Total Harga 0; the amount under Total Dibatalkan
    assert sheet["P1"].value == "Total Dibatalkan"
    assert sum(row[5] for row in sheet.iter_rows(min_row=2, values_only=True)) == 100_000


def test_the_summary_totals_are_formulas_that_follow_the_owners_edits():
    article_orders()
    book = exported(export.month_orders(2025, 6))
    summary = book["Ringkasan"]
    nastar = next(row for row in summary.iter_rows() if row[0].value == "Kue Nastar")
    assert nastar[0].data_type == "s" and nastar[1].data_type == "f" and nastar[2].data_type == "f"
    sheet = book["PO Juni 2025"]
    sheet["E2"].value, sheet["F2"].value = 5, 125_000  # the owner changes Ibu Ani's 3 boxes to 5
    sheet["I3"].value, sheet["F3"].value = "Dibatalkan", 0  # and cancels Bapak Budi's order
    rows = summary_rows(recalculated(book))
    assert rows["Kue Nastar"][:2] == (5, 125_000)
    assert rows["Brownies Kukus"][:2] == (0, 0)
    assert rows["Total (tanpa pesanan dibatalkan)"][:2] == (6, 150_000)


def test_the_sheets_words_do_not_need_a_compiled_catalogue(settings, tmp_path):
    from django.utils import translation

    settings.LOCALE_PATHS = [tmp_path]  # no .mo anywhere: gettext gives the English msgids
    with translation.override("id"):
        assert str(PaymentStatus.PAID.label) == "Paid"
        orders = article_orders()
        Order.objects.filter(pk=orders[1].pk).update(fulfilment_status="cancelled", channel="form")
        book = exported(export.month_orders(2025, 6))
    assert book.sheetnames == ["PO Juni 2025", "Ringkasan"]
    rows = list(book["PO Juni 2025"].iter_rows(values_only=True))
    assert rows[0][:9] == tuple(ARTICLE[0])
    assert rows[1][7:9] == ("Lunas", "Belum Dikirim") and rows[1][10] == "Ambil sendiri"
    assert rows[2][7:9] == ("Belum Bayar", "Dibatalkan") and rows[2][12] == "Form online"
    assert "Total (tanpa pesanan dibatalkan)" in summary_rows(book)


def test_order_notes_are_exported():
    orders = article_orders()
    Order.objects.filter(pk=orders[0].pk).update(notes="Pakai pita merah, kirim sore")
    sheet = exported(export.month_orders(2025, 6))["PO Juni 2025"]
    assert sheet["O1"].value == "Catatan" and sheet["O2"].value == "Pakai pita merah, kirim sore"


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x","klik")', "+62 812 000", "@SUM(1)", "-1+2", "=1+1"])
def test_what_a_user_typed_never_becomes_a_formula(typed):
    product = make_product(typed)
    make_past_order(make_customer(typed, whatsapp=""), [(product, 1)], placed=date(2025, 6, 2), delivery=date(2025, 6, 8), delivery_address=typed, delivery_method="delivery")
    buffer = io.BytesIO()
    export.write_workbook(export.month_orders(2025, 6), buffer, title="PO Juni 2025")
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["PO Juni 2025"]
    for column in ("C", "D", "K"):
        assert sheet[f"{column}2"].value == typed
        assert sheet[f"{column}2"].data_type == "s"
    raw = buffer.getvalue()
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_the_file_name_uses_the_indonesian_month_whatever_the_language(settings):
    from django.utils import translation

    with translation.override("en"):
        assert export.file_name(2025, 6) == "PO_Juni_2025.xlsx"
        article_orders()
        assert export.name_for(Order.objects.all()) == ("PO_Juni_2025.xlsx", "PO Juni 2025")
        book = exported(Order.objects.all())
    assert book.sheetnames == ["PO Juni 2025", "Ringkasan"]
    assert book["PO Juni 2025"]["H2"].value == "Lunas"
