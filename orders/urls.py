from django.urls import path

from orders.views import home as views
from orders.views import periods

app_name = "orders"
urlpatterns = [
    path("periode/", periods.period_list, name="period_list"),
    path("periode/baru/", periods.period_create, name="period_create"),
    path("periode/<slug:slug>/", periods.period_detail, name="period_detail"),
    path("periode/<slug:slug>/ubah/", periods.period_edit, name="period_edit"),
    path("periode/<slug:slug>/buka-tutup/", periods.period_toggle, name="period_toggle"),
    path("periode/<slug:slug>/duplikat/", periods.period_duplicate, name="period_duplicate"),
    path("<str:code>/", views.order_detail, name="order_detail"),
]
