"""The customer pages that show orders; config/urls.py mounts them with customers/urls.py under customers:."""
from django.urls import path

from insights import customer_views

urlpatterns = [
    path("", customer_views.customer_list, name="customer_list"),
    path("<int:pk>/", customer_views.customer_detail, name="customer_detail"),
]
