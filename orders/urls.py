from django.urls import path

from orders.views import home as views
from orders.views import sheets

app_name = "orders"
urlpatterns = [
    path("arsip/", sheets.sheet_archive, name="sheet_archive"),
    path("unduh/bulan/", sheets.export_month, name="export_month"),
    path("unduh/", sheets.export_filtered, name="export_filtered"),
    path("impor/", sheets.import_sheet, name="import_sheet"),
    path("periode/<slug:slug>/", views.period_detail, name="period_detail"),
    path("<str:code>/", views.order_detail, name="order_detail"),
]
