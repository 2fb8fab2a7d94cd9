"""Taking an old monthly sheet in: read it, show what it will create, then save it all or nothing.

Rules (tested in tests/test_sheet_import.py):
- The header row is found by its names (case and spaces ignored, in the first 30 rows); extra
  columns are ignored. Needed: Tanggal Order, Nama Pelanggan, Produk Dipesan, Jumlah, Total Harga,
  Tanggal Kirim. Status Bayar / Status Kirim (default Belum Bayar / Belum Dikirim), No. WhatsApp,
  Alamat Kirim, Metode Pembayaran, Saluran and Kode Pesanan are read when present.
- Rows with the same Kode Pesanan are one order with several lines; a row without a code is one
  order. An order whose code already exists is skipped; an order without a code is matched by a
  stable key (customer, order date, delivery date, products, quantities and totals) kept in the
  order's idempotency key, so importing the same sheet twice creates nothing the second time.
- Unit price = Total Harga / Jumlah, which must be whole Rupiah; the order's total stays the sheet's.
- Customers are matched by WhatsApp number, else by name (case ignored); new ones are created.
- Products are matched by name (case ignored); new ones are created INACTIVE (they are history,
  not for sale until the owner sets them up), with the sheet's unit and unit price.
- Each order goes into a period with its delivery date, or into "Impor <Bulan> <Tahun>" of the
  delivery month. Caps are not checked: these orders already happened.
- Statuses are set directly; Lunas means paid in full, DP needs its amount in Metode Pembayaran
  ("DP Rp20.000"); each order gets a payment and a delivery StatusChange with the note "Impor".

The package follows the steps: `cells` reads one cell, `workbook` opens the file and finds the
rows, `planning` turns rows into a Plan against the database, `saving` writes a Plan.
"""
from orders.imports.cells import parse_date, parse_money, parse_quantity
from orders.imports.planning import Plan, SheetLine, SheetOrder, read_sheet
from orders.imports.saving import import_sheet
from orders.imports.workbook import MAX_BYTES, MAX_ROWS, SheetRefused, open_sheet

__all__ = [
    "MAX_BYTES", "MAX_ROWS", "Plan", "SheetLine", "SheetOrder", "SheetRefused",
    "import_sheet", "open_sheet", "parse_date", "parse_money", "parse_quantity", "read_sheet",
]
