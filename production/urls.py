from django.urls import path

from production.views import products

app_name = "production"
urlpatterns = [
    path("produk/", products.product_list, name="product_list"),
    path("produk/baru/", products.product_create, name="product_create"),
    path("produk/<int:pk>/ubah/", products.product_edit, name="product_edit"),
]
