"""The public form's rate limit: a buyer is an address and a WhatsApp number, read through our proxies only."""
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.test import Client

from bench import stack
from orders.models import Order
from tests.conftest import make_period, make_product

NAT = "36.80.1.1"  # one carrier-grade NAT address in front of many phones


def order_form(client, slug="po-lebaran", **fields):
    html = client.get(f"/{slug}/").content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', html).group(1)
    product = re.search(r'name="(qty_\d+)"', html).group(1)
    return {"name": "Ibu Ani", "whatsapp": "0812-3456-7890", "delivery_method": "pickup", "key": key, product: "1"} | fields


def number(n):
    return f"0813-{n // 10000:04d}-{n % 10000:04d}"


@pytest.fixture
def period(db):
    return make_period("PO Lebaran", products=[(make_product("Kue Nastar"), 500)])


def test_two_hundred_customers_behind_one_address_can_all_order(period):
    for n in range(200):
        client = Client(REMOTE_ADDR=NAT)
        answer = client.post("/po-lebaran/", order_form(client, name=f"Pembeli {n}", whatsapp=number(n)))
        assert answer.status_code == 302, f"customer {n} got {answer.status_code}"
    assert Order.objects.count() == 200


def test_one_bot_repeating_one_number_is_stopped_after_the_buyer_limit(period, settings):
    settings.PUBLIC_SUBMITS_PER_MINUTE = 5
    bot = Client(REMOTE_ADDR=NAT)
    statuses = [bot.post("/po-lebaran/", order_form(bot)).status_code for _ in range(8)]
    assert statuses == [302] * 5 + [429] * 3
    assert "Terlalu banyak pesanan" in bot.post("/po-lebaran/", order_form(bot)).content.decode()
    assert Order.objects.count() == 5
    # The same number from another address is another buyer.
    phone = Client(REMOTE_ADDR="36.80.9.9")
    assert phone.post("/po-lebaran/", order_form(phone)).status_code == 302


def test_a_bot_changing_its_number_meets_the_looser_cap_of_its_address(period, settings):
    settings.PUBLIC_SUBMITS_PER_ADDRESS_PER_MINUTE = 12
    bot = Client(REMOTE_ADDR=NAT)
    statuses = [bot.post("/po-lebaran/", order_form(bot, whatsapp=number(n))).status_code for n in range(15)]
    assert statuses.count(302) == 12 and statuses[12:] == [429] * 3


def test_a_typed_forwarded_for_header_does_not_escape_the_limit_without_a_trusted_proxy(period, settings):
    settings.PUBLIC_SUBMITS_PER_MINUTE = 3
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = []
    for n in range(6):
        bot = Client(REMOTE_ADDR=NAT, HTTP_X_FORWARDED_FOR=f"10.9.{n}.1")
        statuses.append(bot.post("/po-lebaran/", order_form(bot)).status_code)
    assert statuses == [302] * 3 + [429] * 3


def test_behind_one_trusted_proxy_the_address_the_proxy_saw_is_the_client(period, settings):
    settings.PUBLIC_SUBMITS_PER_MINUTE = 2
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = []
    for n in range(4):  # the bot types a new address each time; our proxy appends the real one
        bot = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, {NAT}")
        statuses.append(bot.post("/po-lebaran/", order_form(bot)).status_code)
    assert statuses == [302, 302, 429, 429]
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="36.80.2.2")
    assert other.post("/po-lebaran/", order_form(other)).status_code == 302


def test_the_waitlist_has_its_own_count(period, settings):
    settings.PUBLIC_SUBMITS_PER_MINUTE = 2
    client = Client(REMOTE_ADDR=NAT)
    statuses = [client.post("/po-lebaran/tunggu/", {"name": "Bu Sari", "whatsapp": "0813 1111 2222"}).status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert client.post("/po-lebaran/", order_form(client, whatsapp="0813 1111 2222")).status_code == 302


# --- through a real nginx and gunicorn with several workers -------------------------------------

SEED = """
from datetime import timedelta
from django.utils import timezone
from orders.models import PreorderPeriod, PeriodProduct
from production.models import Product
now = timezone.now()
nastar = Product.objects.create(name="Kue Nastar", unit="box", price=75000, units_per_batch=10, minutes_per_batch=120)
period = PreorderPeriod.objects.create(name="PO Lebaran", slug="po-lebaran", opens_at=now - timedelta(hours=1),
    closes_at=now + timedelta(days=2), delivery_date=timezone.localdate() + timedelta(days=5))
PeriodProduct.objects.create(period=period, product=nastar, unit_cap=1000)
"""


@pytest.fixture(scope="module")
def proxied_app():
    """gunicorn (2 workers, production settings, one trusted proxy) behind nginx, on a fresh SQLite file."""
    if not stack.NGINX:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed; scripts/test installs it (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx); the proxy test needs a real one")
    folder = Path(tempfile.mkdtemp(prefix="prapesan-proxy-"))
    folder.chmod(0o755)  # nginx's worker (nobody, when started as root) reaches its temp folders
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))} | {
        "DEBUG": "false",
        "SECRET_KEY": "proxy-test-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "CACHE_URL": "",
        "REDIS_URL": "",
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_ROOT": str(folder / "static"),
        "PLAIN_STATIC": "true",
        "TRUSTED_PROXY_COUNT": "1",
        "PUBLIC_SUBMITS_PER_MINUTE": "5",
    }
    manage = [sys.executable, str(stack.ROOT / "manage.py")]
    subprocess.run(manage + ["migrate", "-v0"], env=env, check=True, cwd=stack.ROOT)
    subprocess.run(manage + ["shell", "-c", SEED], env=env, check=True, cwd=stack.ROOT)
    app_port, proxy_port = stack.free_port(), stack.free_port()
    gunicorn = stack.start_gunicorn(env, app_port, folder / "gunicorn.log", workers=2)
    nginx = None
    try:
        stack.wait_until_answering(app_port, "/po-lebaran/", process=gunicorn, log=folder / "gunicorn.log")
        nginx = stack.start_nginx(proxy_port, [app_port], folder / "nginx")
        stack.wait_until_answering(proxy_port, "/po-lebaran/", process=nginx, log=folder / "nginx" / "error.log")
        yield proxy_port, folder
    finally:
        stack.stop(nginx)
        stack.stop(gunicorn)


class Browser:
    """One phone: keeps its cookies, talks to nginx from 127.0.0.1 (everyone shares that address)."""

    def __init__(self, port, headers=None):
        self.port, self.cookies, self.headers = port, {}, dict(headers or {})

    def request(self, method, path, body=None):
        import http.client
        from urllib.parse import urlencode

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        html = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        conn.close()
        return response.status, html

    def order(self, whatsapp, name="Pembeli"):
        status, html = self.request("GET", "/po-lebaran/")
        assert status == 200, html[-500:]
        data = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
            "key": re.search(r'name="key" value="([^"]+)"', html).group(1),
            re.search(r'name="(qty_\d+)"', html).group(1): "1",
            "name": name, "whatsapp": whatsapp, "delivery_method": "pickup", "website": "",
        }
        return self.request("POST", "/po-lebaran/", data)[0]


def test_through_nginx_two_hundred_phones_on_one_address_all_order_and_a_bot_does_not(proxied_app):
    port, _folder = proxied_app
    started = time.time()
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda n: Browser(port).order(number(n), f"Pembeli {n}"), range(200)))
    assert statuses.count(302) == 200, f"{statuses.count(429)} of 200 refused by the rate limit"
    assert time.time() - started < 60  # all inside one window, so the address cap really was tested
    # One bot, one number, a new typed X-Forwarded-For each time, one request after another:
    # nginx appends the real address, so the bot stays one buyer across both gunicorn workers.
    bot = [Browser(port, {"X-Forwarded-For": f"10.66.{n}.1"}).order("0899-0000-1111", "Bot") for n in range(9)]
    assert bot == [302] * 5 + [429] * 4


# --- the cache the counts live in -----------------------------------------------------------------

def settings_with(**env):
    """config.settings as a fresh process reads it from `env`."""
    code = "import json; from django.conf import settings as s; print(json.dumps(s.CACHES['default']))"
    clean = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL", "CACHE_DIR")}
    out = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); " + code],
        env=clean | env, cwd=stack.ROOT, capture_output=True, text=True,
    )
    return out


def test_redis_url_switches_the_cache_to_redis_and_the_default_is_a_shared_folder():
    import json

    assert json.loads(settings_with(REDIS_URL="redis://127.0.0.1:6379/2").stdout)["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert json.loads(settings_with(CACHE_URL="redis://10.0.0.5:6379/0").stdout)["LOCATION"] == "redis://10.0.0.5:6379/0"
    default = json.loads(settings_with(CACHE_DIR="/srv/prapesan/cache").stdout)
    assert default["BACKEND"] == "common.cache.FolderCache" and default["LOCATION"] == "/srv/prapesan/cache"
    refused = settings_with(CACHE_URL="memcached://127.0.0.1")
    assert refused.returncode != 0 and "CACHE_URL must start with" in refused.stderr


def redis_cache_settings():
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", 6379)) != 0:
            if os.environ.get("CI") == "true":
                pytest.fail("Redis is not running at 127.0.0.1:6379")
            pytest.skip("Redis is not running at 127.0.0.1:6379")
    return {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": f"prapesan-test-{os.getpid()}-{time.time_ns()}",
    }}


def test_on_redis_the_counts_hold_across_app_servers(period, settings):
    settings.CACHES = redis_cache_settings()
    settings.PUBLIC_SUBMITS_PER_MINUTE = 3
    statuses = []
    for _ in range(5):  # each request may land on another machine; Redis holds one count
        bot = Client(REMOTE_ADDR=NAT)
        statuses.append(bot.post("/po-lebaran/", order_form(bot)).status_code)
    assert statuses == [302] * 3 + [429] * 2  # (its keys expire by themselves: no flush of a shared Redis)
