"""The sheet as the family's book: an edited export comes back in as changes to the same orders."""
import io

import pytest
from openpyxl import load_workbook

from orders import export, imports
from orders.models import Order, StatusChange
from tests.conftest import make_customer, make_period, make_product, make_user
from tests.sheet_helpers import article_orders, make_past_order
from orders.roles import OWNER

pytestmark = pytest.mark.django_db


def exported_book(orders=None):
    buffer = io.BytesIO()
    export.write_workbook(orders if orders is not None else export.month_orders(2025, 6), buffer, title="PO Juni 2025")
    buffer.seek(0)
    return load_workbook(buffer)


def saved(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(sheet, name):
    return next(row[0].row for row in sheet.iter_rows(min_row=2) if row[2].value == name)


def test_an_edited_sheet_shows_each_change_per_order_and_applies_them_through_the_services():
    owner = make_user("pemilik", role=OWNER)
    article_orders()
    book = exported_book()
    sheet = book["PO Juni 2025"]
    budi, sinta = row_of(sheet, "Bapak Budi"), row_of(sheet, "Mbak Sinta")
    sheet[f"H{budi}"] = "Lunas"  # Budi paid
    sheet[f"E{sinta}"], sheet[f"F{sinta}"] = 2, 50_000  # Sinta wants two
    sheet[f"G{sinta}"] = sheet[f"G{budi}"].value  # and on Budi's date
    sheet[f"K{sinta}"] = "Jl. Melati 5"
    data = saved(book)

    plan = imports.read_sheet(data)
    changes = {item.code: {change.kind: (change.before, change.after) for change in item.changes} for item in plan.changed_orders}
    budi_code = Order.objects.get(customer__name="Bapak Budi").code
    sinta_code = Order.objects.get(customer__name="Mbak Sinta").code
    assert changes[budi_code] == {"payment": ("Belum Bayar", "Lunas")}
    assert changes[sinta_code]["lines"] == ("1 × Kue Lapis", "2 × Kue Lapis")
    assert changes[sinta_code]["date"] == ("9 Juni 2025", "8 Juni 2025")
    assert changes[sinta_code]["address"] == ("Ambil sendiri", "Jl. Melati 5")
    assert plan.new_orders == [] and plan.can_import

    result = imports.import_sheet(data, by=owner)
    assert result.finished and result.refused == []
    budi_order = Order.objects.get(code=budi_code)
    assert (budi_order.payment_status, budi_order.amount_paid) == ("paid", 50_000)
    sinta_order = Order.objects.with_totals().get(code=sinta_code)
    assert (sinta_order.total_units, sinta_order.total_amount, str(sinta_order.delivery_date)) == (2, 50_000, "2025-06-08")
    assert (sinta_order.delivery_method, sinta_order.delivery_address) == ("delivery", "Jl. Melati 5")
    kinds = set(StatusChange.objects.filter(order__code__in=[budi_code, sinta_code], by=owner).values_list("kind", flat=True))
    assert kinds == {"payment", "lines", "schedule", "details"}
    assert imports.read_sheet(data).changed_orders == []  # imported again: nothing left to change


def test_a_line_added_under_the_same_code_is_added_to_the_order():
    orders = article_orders()
    book = exported_book()
    sheet = book["PO Juni 2025"]
    ani = [cell.value for cell in sheet[row_of(sheet, "Ibu Ani")]]
    ani[3], ani[4], ani[5] = "Kue Lapis", 1, 25_000
    sheet.append(ani)
    imports.import_sheet(saved(book))
    order = Order.objects.with_totals().get(pk=orders[0].pk)
    assert sorted(order.lines.values_list("product__name", "quantity")) == [("Kue Lapis", 1), ("Kue Nastar", 3)]
    assert order.total_amount == 100_000


def test_a_change_that_breaks_a_cap_is_refused_with_the_reason_and_the_rest_is_saved():
    nastar = make_product("Kue Nastar", price=25_000)
    period = make_period(products=[(nastar, 5)])
    order = make_past_order(make_customer(), [(nastar, 3)], placed=period.opens_at.date(), delivery=period.delivery_date)
    Order.objects.filter(pk=order.pk).update(period=period)
    book = exported_book(Order.objects.all())
    sheet = book.worksheets[0]
    sheet["E2"], sheet["F2"], sheet["H2"] = 9, 225_000, "Lunas"
    plan = imports.import_sheet(saved(book))
    assert plan.finished
    assert [(code, column) for _row, code, column, _reason in plan.refused] == [(order.code, "Produk Dipesan, Jumlah")]
    assert plan.refused[0][3] == "Kuota Kue Nastar tinggal 2 box."
    order.refresh_from_db()
    assert order.lines.get().quantity == 3
    assert order.payment_status == "paid"  # the payment change went through


def test_a_row_deleted_from_the_sheet_is_listed_and_cancelled_only_when_ticked():
    orders = article_orders()
    book = exported_book()
    book["PO Juni 2025"].delete_rows(row_of(book["PO Juni 2025"], "Bapak Budi"))
    data = saved(book)
    plan = imports.read_sheet(data)
    assert [order.code for order in plan.missing] == [orders[1].code]
    imports.import_sheet(data)
    assert Order.objects.get(pk=orders[1].pk).fulfilment_status == "pending"
    imports.import_sheet(data, cancel_codes={orders[1].code})
    assert Order.objects.get(pk=orders[1].pk).fulfilment_status == "cancelled"


def test_the_preview_page_lists_changes_and_orders_missing_from_the_sheet(client):
    client.force_login(make_user("pemilik", role=OWNER))
    orders = article_orders()
    book = exported_book()
    sheet = book["PO Juni 2025"]
    sheet[f"H{row_of(sheet, 'Bapak Budi')}"] = "Lunas"
    sheet.delete_rows(row_of(sheet, "Mbak Sinta"))
    upload = io.BytesIO(saved(book))
    upload.name = "PO_Juni_2025.xlsx"
    page = client.post("/pesanan/impor/", {"file": upload}).content.decode()
    assert "Status Bayar" in page and "Belum Bayar" in page and "Lunas" in page
    assert "tidak ada di sheet" in page and orders[2].code in page
    assert f'name="cancel_code" value="{orders[2].code}"' in page and "checked" not in page.split(orders[2].code)[-1].split("</li>")[0]
    token = client.session["sheet_import"]
    client.post("/pesanan/impor/", {"confirm": "1", "token": token, "shown_change": orders[1].code, "apply_change": orders[1].code})
    assert Order.objects.get(pk=orders[1].pk).payment_status == "paid"
    assert Order.objects.get(pk=orders[2].pk).fulfilment_status == "sent"
