"""Settings for the benchmarks: the product's settings plus what only a benchmark needs.

    DJANGO_SETTINGS_MODULE=bench.settings

- the `bench` app, for `manage.py bench_seed` (a large order book in a scratch database);
- bench/urls.py: the app's URLs plus /bench/bare/, the one-row insert that bench/war_po.py
  compares the order form against;
- a fixed throwaway SECRET_KEY when none is set (benchmarks run on loopback only).
"""
import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

from config.settings import *  # noqa: E402, F403
from config.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
