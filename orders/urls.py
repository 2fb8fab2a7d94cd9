from django.urls import path

from orders.views import entry, home, order_page, orders

app_name = "orders"
urlpatterns = [
    path("", orders.order_list, name="order_list"),
    path("baru/", entry.order_create, name="order_create"),
    path("periode/<slug:slug>/", home.period_detail, name="period_detail"),
    path("<str:code>/", order_page.order_detail, name="order_detail"),
    path("<str:code>/lunas/", orders.order_mark_paid, name="order_mark_paid"),
    path("<str:code>/status/", orders.order_set_status, name="order_set_status"),
    path("<str:code>/bayar/", order_page.order_payment, name="order_payment"),
    path("<str:code>/koreksi-bayar/", order_page.order_correct_payment, name="order_correct_payment"),
    path("<str:code>/refund/", order_page.order_refund, name="order_refund"),
    path("<str:code>/batal/", order_page.order_cancel, name="order_cancel"),
]
