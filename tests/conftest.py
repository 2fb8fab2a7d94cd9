"""Small factories shared by every test file."""
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from customers.models import Customer
from orders.models import PeriodProduct, PreorderPeriod
from orders.roles import ensure_roles
from production.models import Product, WorkCalendar


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Each test counts public submissions (and anything else cached) from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures (the public page's "sisa") never leak from one test into the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_a_temp_folder(settings, tmp_path):
    # Product photos (the demo draws some) go to the test's own folder, never the project's media/.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs collectstatic; tests read static files from the source folders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_product(name="Kue Nastar", *, unit="box", price=25_000, units_per_batch=10, minutes_per_batch=120, is_active=True):
    return Product.objects.create(
        name=name,
        unit=unit,
        price=price,
        units_per_batch=units_per_batch,
        minutes_per_batch=minutes_per_batch,
        is_active=is_active,
    )


def clear_of_local_midnight(seconds=180):
    """Wait out local midnight when it is less than `seconds` away.

    A test whose period closes in a minute and is delivered in N days counts on the close falling on
    today's date in Jakarta; one minute before midnight the close falls on tomorrow, the period loses
    a production day, and the test would see a refusal a shop would rightly get (CI once ran at 16:59 UTC).
    """
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    left = (midnight - now).total_seconds()
    if left < seconds:
        time.sleep(left + 1)


def make_period(
    name="PO Lebaran",
    *,
    slug=None,
    products=(),
    opens_in_days=-1,
    closes_in_days=3,
    delivery_in_days=6,
    **caps,
):
    """A period open now (by default); `products` holds Products or (Product, unit_cap) pairs."""
    now = timezone.now()
    period = PreorderPeriod.objects.create(
        name=name,
        slug=slug or name.lower().replace(" ", "-"),
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
        delivery_date=timezone.localdate() + timedelta(days=delivery_in_days),
        **caps,
    )
    for item in products:
        product, cap = item if isinstance(item, tuple) else (item, None)
        PeriodProduct.objects.create(period=period, product=product, unit_cap=cap)
    return period


def make_customer(name="Ibu Ani", whatsapp="0812-3456-7890", **fields):
    customer = Customer(name=name, whatsapp=whatsapp, **fields)
    customer.full_clean()
    customer.save()
    return customer


def make_user(username="helper", *, role=None, superuser=False, password="rahasia-123"):
    ensure_roles()
    user = get_user_model().objects.create_user(
        username=username, password=password, is_superuser=superuser, is_staff=superuser
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def set_calendar(*, hours=6, workers=1, days_off=""):
    calendar = WorkCalendar.load()
    calendar.default_hours = hours
    calendar.default_workers = workers
    calendar.weekly_days_off = days_off
    calendar.save()
    return calendar


# Test modules that start real servers or subprocesses, or walk every URL with many inputs: they run
# on the default Python against both databases; scripts/test's quick run on the other Pythons skips them.
SLOW_MODULES = {
    "test_backups",
    "test_concurrency",
    "test_demo",
    "test_kept_kitchen_plan",
    "test_login_throttling",
    "test_odd_staff_input",
    "test_permissions_matrix",
    "test_rate_limit",
    "test_sheet_hostile",
    "test_sheet_import_batches",
    "test_stock_race",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
