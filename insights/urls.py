"""The insights pages, under /laporan/. Each feature adds its own routes here."""
from django.urls import path

from insights import contact_views, evaluation_views, views

app_name = "insights"
urlpatterns = [
    path("pertumbuhan/", views.growth, name="growth"),
    path("evaluasi/", evaluation_views.evaluation, name="evaluation"),
    path("hubungi/", contact_views.contact_lists, name="contact_lists"),
    path("hubungi/kontak.csv", contact_views.contact_export, {"kind": "csv"}, name="contact_csv"),
    path("hubungi/kontak.vcf", contact_views.contact_export, {"kind": "vcf"}, name="contact_vcf"),
]
