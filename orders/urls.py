from django.urls import path

from orders.views import home as views
from orders.views import messaging, periods, rescheduling

app_name = "orders"
urlpatterns = [
    path("periode/", periods.period_list, name="period_list"),
    path("periode/baru/", periods.period_create, name="period_create"),
    path("periode/<slug:slug>/", periods.period_detail, name="period_detail"),
    path("periode/<slug:slug>/ubah/", periods.period_edit, name="period_edit"),
    path("periode/<slug:slug>/buka-tutup/", periods.period_toggle, name="period_toggle"),
    path("periode/<slug:slug>/duplikat/", periods.period_duplicate, name="period_duplicate"),
    path("toko/", messaging.shop_settings, name="shop_settings"),
    path("template-pesan/", messaging.message_templates, name="message_templates"),
    path("belum-bayar/", messaging.unpaid, name="unpaid"),
    path("belum-bayar/kedaluwarsa/", messaging.expire_unpaid, name="expire_unpaid"),
    path("daftar-tunggu/", messaging.waitlist, name="waitlist"),
    path("<str:code>/jadwal/", rescheduling.order_reschedule, name="order_reschedule"),
    path("<str:code>/", views.order_detail, name="order_detail"),
]
