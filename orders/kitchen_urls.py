"""The kitchen pages that show orders, mounted under /produksi/ in the `production` namespace.

config/urls.py joins these to production.urls, so the pages keep their addresses and names
(`production:plan`, `production:today`, ...) while their code lives above both apps.
"""
from django.urls import path

from orders.views import kitchen, today

urlpatterns = [
    path("kapasitas/", kitchen.capacity_page, name="capacity"),
    path("rencana/", kitchen.plan_page, name="plan"),
    path("hari-ini/", today.today_page, name="today"),
    path("hari-ini/dibuat/", today.mark_made, name="today_made"),
    path("hari-ini/<str:code>/<str:step>/", today.mark_order, name="today_order"),
    path("belanja/", kitchen.shopping_page, name="shopping"),
]
