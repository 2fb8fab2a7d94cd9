"""The insights pages, under /laporan/. Each feature adds its own routes here."""
from django.urls import path  # noqa: F401  (used as features add their routes)

app_name = "insights"
urlpatterns = []
