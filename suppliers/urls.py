from django.urls import path

from suppliers import views

app_name = "suppliers"
urlpatterns = [
    path("", views.supplier_list, name="supplier_list"),
    path("baru/", views.supplier_create, name="supplier_create"),
    path("<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("<int:pk>/ubah/", views.supplier_edit, name="supplier_edit"),
    path("<int:pk>/sampel/baru/", views.sample_create, name="sample_create"),
    path("<int:pk>/massal/baru/", views.mass_create, name="mass_create"),
    path("pesanan/<int:pk>/", views.order_detail, name="order_detail"),
    path("pesanan/<int:pk>/status/", views.order_status, name="order_status"),
    path("pesanan/<int:pk>/qc/", views.order_qc, name="order_qc"),
    path("pesanan/<int:pk>/bayar/", views.order_payment, name="order_payment"),
    path("pesanan/<int:pk>/geser/", views.order_move, name="order_move"),
    path("pesanan/<int:pk>/tiba/", views.order_arrival, name="order_arrival"),
    path("pesanan/<int:pk>/cek/", views.order_check, name="order_check"),
    path("pesanan/<int:pk>/foto/", views.order_photos, name="order_photos"),
    path("foto/<int:pk>/", views.photo, name="photo"),
]
