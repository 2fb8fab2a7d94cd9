from django.urls import path

from orders.views import entry, messaging, order_page, orders, periods, rescheduling, settings, sheets, supplier_link, undo

app_name = "orders"
urlpatterns = [
    path("", orders.order_list, name="order_list"),
    path("baru/", entry.order_create, name="order_create"),
    path("arsip/", sheets.sheet_archive, name="sheet_archive"),
    path("unduh/bulan/", sheets.export_month, name="export_month"),
    path("unduh/", sheets.export_filtered, name="export_filtered"),
    path("impor/", sheets.import_sheet, name="import_sheet"),
    path("periode/", periods.period_list, name="period_list"),
    path("periode/baru/", periods.period_create, name="period_create"),
    path("periode/<slug:slug>/", periods.period_detail, name="period_detail"),
    path("periode/<slug:slug>/ubah/", periods.period_edit, name="period_edit"),
    path("periode/<slug:slug>/buka-tutup/", periods.period_toggle, name="period_toggle"),
    path("periode/<slug:slug>/duplikat/", periods.period_duplicate, name="period_duplicate"),
    path("periode/<slug:slug>/pemasok/", supplier_link.period_supplier, name="period_supplier"),
    path("pengaturan/", settings.settings_hub, name="settings"),
    path("toko/", messaging.shop_settings, name="shop_settings"),
    path("template-pesan/", messaging.message_templates, name="message_templates"),
    path("belum-bayar/", messaging.unpaid, name="unpaid"),
    path("belum-bayar/kedaluwarsa/", messaging.expire_unpaid, name="expire_unpaid"),
    path("daftar-tunggu/", messaging.waitlist, name="waitlist"),
    path("urungkan/<int:change_id>/", undo.undo, name="undo_change"),
    path("bukti/<int:payment_id>/", order_page.payment_proof, name="payment_proof"),
    path("<str:code>/", order_page.order_detail, name="order_detail"),
    path("<str:code>/ubah/", order_page.order_edit_lines, name="order_edit_lines"),
    path("<str:code>/jadwal/", rescheduling.order_reschedule, name="order_reschedule"),
    path("<str:code>/lunas/", orders.order_mark_paid, name="order_mark_paid"),
    path("<str:code>/status/", orders.order_set_status, name="order_set_status"),
    path("<str:code>/bayar/", order_page.order_payment, name="order_payment"),
    path("<str:code>/koreksi-bayar/", order_page.order_correct_payment, name="order_correct_payment"),
    path("<str:code>/refund/", order_page.order_refund, name="order_refund"),
    path("<str:code>/kas/<int:payment_id>/batal/", order_page.order_void_payment, name="order_void_payment"),
    path("<str:code>/kas/<int:payment_id>/cek/", order_page.order_verify_payment, name="order_verify_payment"),
    path("<str:code>/batal/", order_page.order_cancel, name="order_cancel"),
]
