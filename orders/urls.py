from django.urls import path

from orders.views import home as views
from orders.views import messaging, rescheduling

app_name = "orders"
urlpatterns = [
    path("periode/<slug:slug>/", views.period_detail, name="period_detail"),
    path("toko/", messaging.shop_settings, name="shop_settings"),
    path("template-pesan/", messaging.message_templates, name="message_templates"),
    path("belum-bayar/", messaging.unpaid, name="unpaid"),
    path("belum-bayar/kedaluwarsa/", messaging.expire_unpaid, name="expire_unpaid"),
    path("daftar-tunggu/", messaging.waitlist, name="waitlist"),
    path("<str:code>/jadwal/", rescheduling.order_reschedule, name="order_reschedule"),
    path("<str:code>/", views.order_detail, name="order_detail"),
]
