from django.urls import path

from stock import views

app_name = "stock"
urlpatterns = [
    path("", views.stock_list, name="stock_list"),
    path("opname/", views.stock_count, name="stock_count"),
]
