"""The app's URLs plus the bare insert of bench/war_po.py and the bare page of bench/pages.py (before /<slug>/)."""
from django.urls import path

from bench.views import bare_insert, bare_page
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/bare/", bare_insert, name="bench_bare"),
    path("bench/bare-page/", bare_page, name="bench_bare_page"),
    *app_urlpatterns,
]
