from django.urls import path

from orders.views import home as views

app_name = "orders"
urlpatterns = [
    path("periode/<slug:slug>/", views.period_detail, name="period_detail"),
    path("<str:code>/", views.order_detail, name="order_detail"),
]
