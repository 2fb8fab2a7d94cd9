"""The demo bakery: the article's orders with their statuses, and safe to load twice."""
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from customers.models import Customer
from orders.models import Order, OrderLine, ShopSettings, StatusChange, WaitlistEntry
from production.models import Product



@pytest.mark.django_db
def test_the_demo_holds_the_articles_orders_and_loading_it_again_adds_nothing(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    counts = [model.objects.count() for model in (Order, OrderLine, Customer, StatusChange, Product, WaitlistEntry)]
    call_command("demo")
    assert [model.objects.count() for model in (Order, OrderLine, Customer, StatusChange, Product, WaitlistEntry)] == counts
    assert counts[0] >= 40
    assert "pemilik" in first and "prapesan-demo" in first

    rows = {}
    for order in Order.objects.with_totals().filter(period__slug="po-juni-2025", customer__name__in=["Ibu Ani", "Bapak Budi", "Mbak Sinta"]):
        line = order.lines.get()
        rows[order.customer.name] = (
            timezone.localdate(order.placed_at),
            f"{line.product.name} {line.quantity} {line.product.unit}",
            order.total,
            order.get_payment_status_display(),
            order.get_fulfilment_status_display(),
            order.delivery_date,
        )
    assert [rows[name][0].day for name in ("Ibu Ani", "Bapak Budi", "Mbak Sinta")] == [5, 5, 6]
    assert rows["Ibu Ani"][1:] == ("Kue Nastar 3 box", 75_000, "Lunas", "Belum Dikirim", date(2025, 6, 8))
    assert rows["Bapak Budi"][1:] == ("Brownies Kukus 2 loyang", 50_000, "Belum Bayar", "Belum Dikirim", date(2025, 6, 8))
    assert rows["Mbak Sinta"][1:] == ("Kue Lapis 1 loyang", 25_000, "Lunas", "Sudah Dikirim", date(2025, 6, 9))
    sinta = Order.objects.get(customer__name="Mbak Sinta", period__slug="po-juni-2025")
    assert [c.to_label for c in sinta.changes.all()] == ["Lunas", "Siap", "Sudah Dikirim"]
    assert Order.objects.filter(period__slug="po-lebaran").exists()
    # The public pages show a shop name, and the confirmation how to pay.
    shop = ShopSettings.load()
    assert shop.shop_name == "Toko Kue Demo" and "QRIS" in shop.payment_instructions
    # The owner finds people waiting for the next PO on the waitlist page.
    assert sorted(WaitlistEntry.objects.filter(period__slug="po-juni-2025").values_list("name", flat=True)) == ["Bu Sari", "Mbak Dewi"]


@pytest.mark.django_db
def test_the_demo_keeps_shop_details_the_owner_has_set():
    ShopSettings(shop_name="Dapur Ibu", payment_instructions="").save()
    call_command("demo")
    assert ShopSettings.load().shop_name == "Dapur Ibu" and ShopSettings.load().payment_instructions == ""


@pytest.mark.django_db
def test_the_demo_products_have_small_photos(settings):
    call_command("demo")
    nastar = Product.objects.get(name="Kue Nastar")
    assert nastar.photo and max(nastar.photo_width, nastar.photo_height) <= 480
    assert (Path(settings.MEDIA_ROOT) / nastar.photo.name).stat().st_size <= 30 * 1024


# --- First run: a machine with only Python (no GNU gettext) gets the Indonesian demo ----------

PROJECT = Path(settings.BASE_DIR)


def _without_gettext(tmp_path, **extra):
    """The environment of a machine with Python but no msgfmt: PATH keeps only folders without it,
    and settings read the catalogue from a copy in tmp_path (the project's own .mo is left alone)."""
    path = os.pathsep.join(folder for folder in os.environ["PATH"].split(os.pathsep) if not (Path(folder) / "msgfmt").exists())
    assert shutil.which("msgfmt", path=path) is None
    shutil.copytree(PROJECT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    (tmp_path / "firstrun_settings.py").write_text(
        f"from config.settings import *  # noqa\nLOCALE_PATHS = [{str(tmp_path / 'locale')!r}]\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        PATH=path,
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(PROJECT)]),
        DJANGO_SETTINGS_MODULE="firstrun_settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        **extra,
    )
    return env


def _manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)


def test_the_catalogue_compiles_without_gettext_and_django_speaks_indonesian(tmp_path):
    env = _without_gettext(tmp_path)
    assert _manage(env, "compilemessages").returncode != 0  # Django's own command needs msgfmt
    compiled = _manage(env, "compile_catalogue")
    assert compiled.returncode == 0, compiled.stderr
    assert (tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.mo").exists()
    said = _manage(env, "shell", "-c", "from django.utils import translation; translation.activate('id'); print(translation.gettext('Paid'))")
    assert said.stdout.strip().splitlines()[-1] == "Lunas", said.stderr


def test_a_fresh_migrate_and_demo_on_a_new_sqlite_file_gives_an_indonesian_shop(tmp_path):
    env = _without_gettext(tmp_path, DEBUG="true")
    for step in (["compile_catalogue"], ["migrate", "-v0"], ["demo"]):
        done = _manage(env, *step)
        assert done.returncode == 0, f"{step}: {done.stderr}"
    assert "pemilik" in done.stdout and "prapesan-demo" in done.stdout
    page = _manage(
        env, "shell", "-c",
        "from django.test import Client; c = Client(); from django.contrib.auth import get_user_model; owner = get_user_model().objects.get(username='pemilik'); "
        "assert owner.check_password('prapesan-demo'); c.force_login(owner); "
        "print(c.get('/pesanan/').content.decode())",
    )
    assert "Lunas" in page.stdout and "Belum Bayar" in page.stdout and "Ibu Ani" in page.stdout, page.stderr
