import io
from datetime import date

import pytest
from tests.conftest import make_customer, make_product, make_user
from openpyxl import Workbook, load_workbook
from tests.sheet_helpers import article_orders, make_past_order

from orders.models import Order, SheetUpload
from orders.roles import CUSTOMER_SERVICE, FINANCE, OWNER

pytestmark = pytest.mark.django_db

HEADER = ["No", "Tanggal Order", "Nama Pelanggan", "Produk Dipesan", "Jumlah", "Total Harga", "Tanggal Kirim", "Status Bayar", "Status Kirim"]
ROWS = [[1, "5 Juni 2025", "Ibu Ani", "Kue Nastar", "3 Box", "Rp75.000", "8 Juni 2025", "Lunas", "Belum Dikirim"]]


def upload(rows, name="PO_Juni_2025.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.fixture
def owner(client):
    client.force_login(make_user("pemilik", role=OWNER))
    return client


def downloaded(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_owner_downloads_a_month_as_po_juni_2025(owner):
    article_orders()
    response = owner.get("/pesanan/unduh/bulan/?bulan=2025-06")
    assert response.status_code == 200
    assert 'filename="PO_Juni_2025.xlsx"' in response["Content-Disposition"]
    book = downloaded(response)
    assert book["PO Juni 2025"]["C2"].value == "Ibu Ani"


def test_the_file_name_stays_indonesian_when_the_page_is_in_english(owner):
    article_orders()
    owner.cookies["django_language"] = "en"
    response = owner.get("/pesanan/unduh/bulan/?bulan=2025-06")
    assert 'filename="PO_Juni_2025.xlsx"' in response["Content-Disposition"]


def test_an_unknown_month_is_not_found(owner):
    assert owner.get("/pesanan/unduh/bulan/?bulan=2025-13").status_code == 404
    assert owner.get("/pesanan/unduh/bulan/?bulan=juni").status_code == 404


def test_the_filtered_download_follows_the_tables_parameters(owner):
    orders = article_orders()
    response = owner.get("/pesanan/unduh/", {"payment": "paid"})
    rows = list(downloaded(response)["PO Juni 2025"].iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in rows] == ["Ibu Ani", "Mbak Sinta"]
    response = owner.get("/pesanan/unduh/", {"period": orders[2].period.slug})
    assert [row[2] for row in downloaded(response)["PO Juni 2025"].iter_rows(min_row=2, values_only=True)] == ["Mbak Sinta"]


def test_a_cs_helper_cannot_export_or_import_or_see_the_archive(client):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    assert client.get("/pesanan/unduh/bulan/?bulan=2025-06").status_code == 403
    assert client.get("/pesanan/unduh/").status_code == 403
    assert client.get("/pesanan/arsip/").status_code == 403
    assert client.post("/pesanan/impor/", {"file": upload([HEADER, *ROWS])}).status_code == 403
    assert not Order.objects.exists()
    assert "Arsip Bulanan" not in client.get("/").content.decode()


def test_finance_sees_the_archive_link_and_each_month_with_its_totals(client):
    client.force_login(make_user("keuangan", role=FINANCE))
    article_orders()
    nastar = make_product("Kue Kering", price=30_000)
    make_past_order(make_customer("Ibu Rina", ""), [(nastar, 2)], placed=date(2025, 7, 1), delivery=date(2025, 7, 4))
    assert "Arsip Bulanan" in client.get("/").content.decode()
    page = client.get("/pesanan/arsip/").content.decode()
    assert page.index("Juli 2025") < page.index("Juni 2025")
    assert "Rp150.000" in page and "Rp100.000" in page and "Rp50.000" in page
    assert "?bulan=2025-06" in page and "PO_Juni_2025.xlsx" in page


def test_import_shows_a_preview_then_saves_only_on_confirm(owner):
    response = owner.post("/pesanan/impor/", {"file": upload([HEADER, *ROWS])})
    page = response.content.decode()
    assert "Pratinjau" in page and "Ibu Ani" in page and "Kue Nastar" in page
    assert not Order.objects.exists()
    token = owner.session["sheet_import"]
    response = owner.post("/pesanan/impor/", {"confirm": "1", "token": token})
    assert response.status_code == 302 and response["Location"] == "/pesanan/arsip/"
    assert Order.objects.get().customer.name == "Ibu Ani"
    assert "sheet_import" not in owner.session


def test_a_confirm_without_the_upload_saves_nothing(owner):
    response = owner.post("/pesanan/impor/", {"confirm": "1", "token": "tebakan"}, follow=True)
    assert "kedaluwarsa" in response.content.decode()
    assert not Order.objects.exists()


def test_a_changed_file_between_preview_and_confirm_is_refused(owner):
    owner.post("/pesanan/impor/", {"file": upload([HEADER, *ROWS])})
    token = owner.session["sheet_import"]
    SheetUpload.objects.filter(token=token).update(data=upload([HEADER, *ROWS, *ROWS]).getvalue() + b"x")
    owner.post("/pesanan/impor/", {"confirm": "1", "token": token})
    assert not Order.objects.exists()


def test_a_file_that_is_not_a_sheet_gets_a_clear_message(owner):
    bad = io.BytesIO(b"Nama;Produk\n")
    bad.name = "pesanan.csv"
    page = owner.post("/pesanan/impor/", {"file": bad}).content.decode()
    assert "bukan file Excel" in page
    assert "sheet_import" not in owner.session


def test_problems_are_listed_and_there_is_no_import_button(owner):
    rows = [HEADER, [1, "kemarin", "Ibu Ani", "Kue Nastar", "3 Box", "Rp75.000", "8 Juni 2025", "Lunas", ""]]
    page = owner.post("/pesanan/impor/", {"file": upload(rows)}).content.decode()
    assert "Baris 2" in page and "kemarin" in page
    assert 'name="confirm"' not in page


def test_a_file_over_10_mb_is_refused_before_it_is_read(owner):
    big = io.BytesIO(b"PK" + b"\0" * (11 * 1024 * 1024))
    big.name = "PO_besar.xlsx"
    page = owner.post("/pesanan/impor/", {"file": big}).content.decode()
    assert "terlalu besar" in page and "10 MB" in page
    assert "sheet_import" not in owner.session


def test_the_order_tables_download_button_carries_the_filters_on_screen(owner):
    article_orders()
    page = owner.get("/pesanan/", {"payment": "paid", "q": "Sinta"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'href="/pesanan/unduh/?payment=paid&amp;q=Sinta"' in page
    response = owner.get("/pesanan/unduh/", {"payment": "paid", "q": "Sinta"})
    assert [row[2] for row in downloaded(response)["PO Juni 2025"].iter_rows(min_row=2, values_only=True)] == ["Mbak Sinta"]


def test_the_period_page_offers_that_periods_sheet(owner):
    orders = article_orders()
    period = orders[0].period
    page = owner.get(period.get_absolute_url()).content.decode()
    assert f'href="/pesanan/unduh/?period={period.slug}"' in page
