from django.urls import path

from customers import views

app_name = "customers"
urlpatterns = [
    path("baru/", views.customer_create, name="customer_create"),
    path("<int:pk>/ubah/", views.customer_edit, name="customer_edit"),
]
