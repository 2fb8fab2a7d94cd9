"""The insights pages, under /laporan/. Each feature adds its own routes here."""
from django.urls import path

from insights import views

app_name = "insights"
urlpatterns = [
    path("pertumbuhan/", views.growth, name="growth"),
]
