"""Settings read from the environment: a value that cannot be read stops the start."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage_check(**environment):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env |= environment
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = manage_check(DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY is not set" in result.stderr


def test_a_mistyped_debug_refuses_to_start_instead_of_meaning_false():
    result = manage_check(DEBUG="ture", SECRET_KEY="a-long-random-key-for-this-test")
    assert result.returncode != 0
    assert "DEBUG='ture' is not a yes/no value" in result.stderr


def test_a_mistyped_number_refuses_to_start():
    result = manage_check(SECRET_KEY="a-long-random-key-for-this-test", CONN_MAX_AGE="sixty")
    assert result.returncode != 0 and "CONN_MAX_AGE='sixty' is not a whole number" in result.stderr


def test_with_a_key_or_on_your_own_computer_it_starts():
    assert manage_check(DEBUG="false", SECRET_KEY="a-long-random-key-for-this-test").returncode == 0
    assert manage_check(DEBUG="true").returncode == 0
    assert manage_check(DEBUG="off", SECRET_KEY="a-long-random-key-for-this-test").returncode == 0


def test_the_benchmarks_bare_insert_is_not_part_of_the_product(client, settings):
    assert not hasattr(settings, "BENCH_BARE_VIEW")
    assert "bench" not in settings.INSTALLED_APPS
    assert client.post("/bench/bare/", {"n": "1"}).status_code == 404
