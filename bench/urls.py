"""The app's URLs plus the bare insert of bench/war_po.py (before the public /<slug>/ links)."""
from django.urls import path

from bench.views import bare_insert
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/bare/", bare_insert, name="bench_bare"), *app_urlpatterns]
