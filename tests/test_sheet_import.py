import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from tests.sheet_helpers import article_orders

from customers.models import Customer
from orders import export, imports
from orders.models import Order, OrderLine, PreorderPeriod, StatusChange
from production.models import Product

pytestmark = pytest.mark.django_db

HEADER = ["No", "Tanggal Order", "Nama Pelanggan", "Produk Dipesan", "Jumlah", "Total Harga", "Tanggal Kirim", "Status Bayar", "Status Kirim"]
ARTICLE_ROWS = [
    [1, "5 Juni 2025", "Ibu Ani", "Kue Nastar", "3 Box", "Rp75.000", "8 Juni 2025", "Lunas", "Belum Dikirim"],
    [2, "5 Juni 2025", "Bapak Budi", "Brownies Kukus", "2 Loyang", "Rp50.000", "8 Juni 2025", "Belum Bayar", "Belum Dikirim"],
    [3, "6 Juni 2025", "Mbak Sinta", "Kue Lapis", "1 Loyang", "Rp25.000", "9 Juni 2025", "Lunas", "Sudah Dikirim"],
]


def xlsx(rows, before=()):
    book = Workbook()
    sheet = book.active
    for row in before:
        sheet.append(row)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def exported(orders):
    buffer = io.BytesIO()
    export.write_workbook(orders, buffer, title="PO Juni 2025")
    return buffer.getvalue()


def sheet_values(data):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_articles_sheet_is_previewed_without_saving_anything():
    plan = imports.read_sheet(xlsx([HEADER, *ARTICLE_ROWS]))
    assert plan.problems == []
    assert plan.new_customers == ["Ibu Ani", "Bapak Budi", "Mbak Sinta"]
    assert plan.new_products == ["Kue Nastar", "Brownies Kukus", "Kue Lapis"]
    assert plan.new_periods == ["Impor Juni 2025"]
    assert len(plan.new_orders) == 3
    assert not Order.objects.exists() and not Customer.objects.exists() and not Product.objects.exists()


def test_importing_the_articles_sheet_creates_the_orders_with_right_totals_and_statuses():
    imports.import_sheet(xlsx([HEADER, *ARTICLE_ROWS]))
    ani = Order.objects.with_totals().get(customer__name="Ibu Ani")
    assert (ani.total_amount, ani.total_units, ani.payment_status, ani.amount_paid) == (75_000, 3, "paid", 75_000)
    assert ani.lines.get().unit_price == 25_000
    assert ani.delivery_date == date(2025, 6, 8)
    sinta = Order.objects.get(customer__name="Mbak Sinta")
    assert sinta.fulfilment_status == "sent"
    nastar = Product.objects.get(name="Kue Nastar")
    assert (nastar.unit, nastar.price, nastar.is_active) == ("box", 25_000, False)
    assert Product.objects.get(name="Brownies Kukus").unit == "loyang"
    assert PreorderPeriod.objects.get().name == "Impor Juni 2025"
    assert set(StatusChange.objects.values_list("note", flat=True)) == {"Impor"}
    assert StatusChange.objects.filter(order=sinta, kind="fulfilment", to_status="sent").exists()


def test_importing_the_same_sheet_twice_creates_no_duplicates():
    data = xlsx([HEADER, *ARTICLE_ROWS])
    imports.import_sheet(data)
    again = imports.read_sheet(data)
    assert again.new_orders == [] and len(again.existing_orders) == 3
    assert not again.can_import
    imports.import_sheet(data)
    assert Order.objects.count() == 3 and Customer.objects.count() == 3 and Product.objects.count() == 3


def test_the_header_may_sit_lower_with_other_case_spacing_and_extra_columns():
    header = ["no", "  TANGGAL order", "Catatan", "nama pelanggan", "Produk dipesan", "JUMLAH", "total harga", "tanggal kirim", "Status bayar", "status KIRIM"]
    rows = [[1, "5 June 2025", "pakai pita", "Ibu Ani", "Kue Nastar", 3, 75000, "08/06/2025", "lunas", "belum dikirim"]]
    plan = imports.read_sheet(xlsx([header, *rows], before=[["PO Juni 2025 — Dapur Bu Ani"], []]))
    assert plan.problems == []
    order = plan.new_orders[0]
    assert (order.placed_on, order.delivery_date, order.total, order.payment_status) == (date(2025, 6, 5), date(2025, 6, 8), 75_000, "paid")


@pytest.mark.parametrize(
    "cell, expected",
    [("5 Juni 2025", date(2025, 6, 5)), ("5 June 2025", date(2025, 6, 5)), ("05/06/2025", date(2025, 6, 5)),
     (datetime(2025, 6, 5), date(2025, 6, 5)), ("17 Agustus 2025", date(2025, 8, 17)), ("1 Des 2025", date(2025, 12, 1))],
)
def test_dates_are_read_in_indonesian_english_and_as_date_cells(cell, expected):
    assert imports.parse_date(cell) == expected


@pytest.mark.parametrize("cell, expected", [("Rp75.000", 75_000), ("75000", 75_000), ("75.000", 75_000), (75000, 75_000), (75000.0, 75_000), ("Rp 1.250.000", 1_250_000), ("Rp75.000,00", 75_000)])
def test_money_is_read_with_or_without_rp_and_dots(cell, expected):
    assert imports.parse_money(cell) == expected


def test_every_problem_is_listed_by_row_in_indonesian_and_nothing_is_saved():
    rows = [
        HEADER,
        [1, "31 Juni 2025", "Ibu Ani", "Kue Nastar", "3 Box", "Rp75.000", "8 Juni 2025", "Lunas", "Belum Dikirim"],
        [2, "5 Juni 2025", "Bapak Budi", "Brownies Kukus", "2 Loyang", "-50000", "8 Juni 2025", "Belum Bayar", "Belum Dikirim"],
        [3, "6 Juni 2025", "Mbak Sinta", "Kue Lapis", "1 Loyang", "Rp25.000", "9 Juni 2025", "Hampir", "Sudah Dikirim"],
        [4, "6 Juni 2025", "Ibu Ani", "Kue Nastar", "1 Box", "Rp25.000", "9 Juni 2025", "Lunas", "Belum Dikirim"],
    ]
    data = xlsx(rows)
    plan = imports.import_sheet(data)
    messages = dict(plan.problems)
    assert set(messages) == {2, 3, 4}
    assert "bukan tanggal" in messages[2]
    assert "tidak boleh negatif" in messages[3]
    assert "Status Bayar" in messages[4] and "Hampir" in messages[4]
    assert not Order.objects.exists() and not Customer.objects.exists() and not Product.objects.exists()


def test_a_deposit_needs_its_amount_and_keeps_it():
    rows = [HEADER + ["Metode Pembayaran"], [1, "5 Juni 2025", "Ibu Ani", "Kue Nastar", "4 Box", "Rp100.000", "8 Juni 2025", "DP", "Belum Dikirim", "DP Rp40.000"],
            [2, "5 Juni 2025", "Ibu Rina", "Kue Nastar", "4 Box", "Rp100.000", "8 Juni 2025", "DP", "Belum Dikirim", ""]]
    plan = imports.read_sheet(xlsx(rows))
    assert [row for row, _message in plan.problems] == [3]
    assert plan.orders[0].amount_paid == 40_000


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "kosong"),
        (b"Nama,Produk\nIbu Ani,Nastar\n", "bukan file Excel"),
        (b"PK\x03\x04 broken zip", "bukan file Excel"),
        (b"\0" * (20 * 1024 * 1024), "terlalu besar"),
    ],
    ids=["empty", "csv", "broken-zip", "20-mb"],
)
def test_files_that_are_not_a_sheet_are_refused_in_indonesian(data, words):
    with pytest.raises(imports.SheetRefused) as refused:
        imports.import_sheet(data)
    assert words in refused.value.message
    assert not Order.objects.exists()


def test_a_sheet_with_other_columns_says_which_are_missing():
    with pytest.raises(imports.SheetRefused) as refused:
        imports.read_sheet(xlsx([["Nama", "Barang", "Harga"], ["Ibu Ani", "Nastar", 75000]]))
    assert "Tanggal Order" in refused.value.message and "Jumlah" in refused.value.message


def test_a_header_without_rows_is_a_problem_not_an_import():
    plan = imports.read_sheet(xlsx([HEADER]))
    assert plan.problems and not plan.can_import


def test_known_customers_are_matched_by_whatsapp_and_known_products_by_name():
    from tests.conftest import make_customer, make_product

    make_customer("Ani (pelanggan lama)", "0812-3456-7890")
    make_product("kue nastar", price=20_000)
    rows = [HEADER + ["No. WhatsApp"], [1, "5 Juni 2025", "Ibu Ani", "Kue Nastar", "3 Box", "Rp75.000", "8 Juni 2025", "Lunas", "Belum Dikirim", "+62 812 3456 7890"]]
    plan = imports.import_sheet(xlsx(rows))
    assert plan.new_customers == [] and plan.new_products == []
    order = Order.objects.get()
    assert order.customer.name == "Ani (pelanggan lama)"
    line = order.lines.get()
    assert (line.product.name, line.unit_price) == ("kue nastar", 25_000)


def test_a_total_that_does_not_split_into_whole_rupiah_is_a_problem():
    plan = imports.read_sheet(xlsx([HEADER, [1, "5 Juni 2025", "Ibu Ani", "Kue Nastar", "3 Box", "Rp100.000", "8 Juni 2025", "Lunas", ""]]))
    assert plan.problems and plan.problems[0][0] == 2


def test_round_trip_export_import_into_an_empty_database_export_gives_the_same_values(django_db_blocker):
    article_orders()
    first = exported(export.month_orders(2025, 6))
    OrderLine.objects.all().delete()
    StatusChange.objects.all().delete()
    Order.objects.all().delete()
    PreorderPeriod.objects.all().delete()
    Customer.objects.all().delete()
    Product.objects.all().delete()
    plan = imports.import_sheet(first)
    assert plan.problems == [] and len(plan.new_orders) == 3
    second = exported(export.month_orders(2025, 6))
    assert sheet_values(second) == sheet_values(first)


def test_formula_like_text_imports_as_plain_text_and_exports_as_text_again():
    typed = '=HYPERLINK("http://x","klik")'
    header = HEADER + ["Alamat Kirim"]
    imports.import_sheet(xlsx([header, [1, "5 Juni 2025", "x", "Kue Nastar", "1 Box", "25000", "8 Juni 2025", "Lunas", "", "@SUM(1)"]]))
    Customer.objects.update(name=typed)
    values = sheet_values(exported(export.month_orders(2025, 6)))
    assert values[1][2] == typed and values[1][10] == "@SUM(1)"


def test_two_identical_rows_without_a_code_become_two_orders_and_a_reimport_finds_both():
    data = xlsx([HEADER, ARTICLE_ROWS[0], ARTICLE_ROWS[0]])
    plan = imports.import_sheet(data)
    assert plan.finished and plan.saved == 2
    assert Order.objects.filter(customer__name="Ibu Ani").count() == 2
    again = imports.read_sheet(data)
    assert again.new_orders == [] and len(again.existing_orders) == 2
    more = imports.read_sheet(xlsx([HEADER, ARTICLE_ROWS[0], ARTICLE_ROWS[0], ARTICLE_ROWS[0]]))
    assert len(more.new_orders) == 1  # a third identical row is a third order


def test_the_articles_rows_without_codes_over_orders_already_in_the_book_are_flagged_and_left_out():
    article_orders()
    plan = imports.read_sheet(xlsx([HEADER, *ARTICLE_ROWS]))
    assert [order.customer_name for order in plan.likely_duplicates] == ["Ibu Ani", "Bapak Budi", "Mbak Sinta"]
    assert plan.likely_duplicates[0].duplicate_of == Order.objects.get(customer__name="Ibu Ani").code
    imports.import_sheet(xlsx([HEADER, *ARTICLE_ROWS]))
    assert Order.objects.count() == 3
    imports.import_sheet(xlsx([HEADER, *ARTICLE_ROWS]), also_rows={2})
    assert Order.objects.filter(customer__name="Ibu Ani").count() == 2


@pytest.mark.parametrize("cell, expected", [("Rp150.000,-", 150_000), ("IDR 150.000", 150_000), ("150,5", None), ("1.50", None)])
def test_money_cells_typed_as_text_use_the_apps_number_parser(cell, expected):
    assert imports.parse_money(cell) == expected


def test_a_quantity_typed_with_a_thousands_dot_is_read_whole():
    assert imports.parse_quantity("1.000 pcs") == (1000, "pcs")


def test_the_sheets_words_are_read_without_a_compiled_catalogue(settings, tmp_path):
    from django.utils import translation

    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("id"):
        plan = imports.read_sheet(xlsx([HEADER, *ARTICLE_ROWS]))
    assert plan.problems == []
    assert [order.payment_status for order in plan.new_orders] == ["paid", "unpaid", "paid"]


def test_a_cancelled_order_and_notes_come_back_in_a_round_trip():
    orders = article_orders()
    Order.objects.filter(pk=orders[1].pk).update(fulfilment_status="cancelled", notes="Tidak jadi")
    first = exported(export.month_orders(2025, 6))
    OrderLine.objects.all().delete()
    StatusChange.objects.all().delete()
    Order.objects.all().delete()
    plan = imports.import_sheet(first)
    assert plan.problems == [] and plan.finished
    budi = Order.objects.with_totals().get(customer__name="Bapak Budi")
    assert (budi.fulfilment_status, budi.notes, budi.total_amount) == ("cancelled", "Tidak jadi", 50_000)
    assert sheet_values(exported(export.month_orders(2025, 6))) == sheet_values(first)
