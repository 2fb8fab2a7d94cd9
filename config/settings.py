"""Prapesan settings, read from the environment with safe defaults.

With nothing set, the app runs in development mode on SQLite in the project folder.
Production sets SECRET_KEY, DEBUG=false, ALLOWED_HOSTS and (optionally) DATABASE_URL.
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    """A yes/no setting; a value that is neither (DEBUG=ture) stops the start instead of meaning False."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value; use true or false.")


def env_int(name, default):
    """A whole-number setting; anything else stops the start."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Signed links (an order's confirmation) would be forgeable with a known key.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string (python -c \"import secrets; "
            "print(secrets.token_urlsafe(50))\"), or set DEBUG=true on your own computer "
            "(also for build steps there, e.g. DEBUG=true python manage.py compilemessages)."
        )
    # A throwaway key is fine on your own computer (DEBUG=true) only.
    SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SHOP_NAME = os.environ.get("SHOP_NAME", "Prapesan")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    "template_partials",
    "customers",
    "production",
    "stock",
    "suppliers",  # before orders: its permissions exist when orders' post_migrate fills the role groups
    "orders",
    "insights",
    "team",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out gzip'd to browsers that accept it (a 130 KB order table is ~8 KB); static files
    # are already compressed by WhiteNoise above. BREACH: see README, "Compression".
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "orders.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "orders.middleware.SmallFormMiddleware",  # before CSRF, which reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "common.middleware.RefuseNulCharactersMiddleware",  # after the user and messages: its page has the layout
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orders.context_processors.shop",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Databases: SQLite in the project folder unless DATABASE_URL says otherwise.
# SQLite runs in WAL mode with BEGIN IMMEDIATE transactions, so the order service's
# transaction takes the write lock at its start and two writers queue instead of failing.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
}
# Connections are kept between requests (and checked before reuse) on every setup, the default
# SQLite one included: opening a connection and running the PRAGMAs on every request is work the
# busiest minute does not need.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            # A file, not memory: the concurrency tests need many connections to one database.
            "TEST": {"NAME": BASE_DIR / ".test-db.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair is locked for LOGIN_LOCKOUT_MINUTES, on /masuk/ and /admin/login/ alike. The
# failures are rows in the database (shared by every app server); the owner unlocks in the admin
# ("Percobaan akses": delete the rows).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.clientip.login_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # failures are what the lock needs; a row per successful login would only grow

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Indonesian first, English second; Jakarta time.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Product photos (small thumbnails) go to MEDIA_ROOT. Django serves them only with DEBUG=true;
# in production the proxy serves MEDIA_URL from MEDIA_ROOT (README, "Running in production").
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Supplier QC photos and payment proofs: never under MEDIA_ROOT (the proxy serves that to anyone);
# the suppliers app serves them to staff through a view (common/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# The largest payment proof (a transfer screenshot) the order page accepts.
PROOF_MAX_KB = env_int("PROOF_MAX_KB", 5 * 1024)
# `manage.py backup` writes prapesan-YYYYMMDD-HHMMSS.tar.gz here and keeps the newest BACKUP_KEEP.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("PLAIN_STATIC", DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded spreadsheets are read in memory; refuse anything bigger than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from our own static files (style="" attributes allowed; no <style>, no
# inline <script>, no eval); no framing; forms post only here (common/middleware.py).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The public order form and waitlist are small forms: a bigger body is refused before it is read.
PUBLIC_FORM_MAX_BYTES = env_int("PUBLIC_FORM_MAX_BYTES", 32 * 1024)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_bool("HTTPS", True):
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    # Opt-in: subdomains and the browsers' preload list bind every other site of the domain to HTTPS
    # for a year, which a shop on a shared or family domain may not want.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # `check --deploy` would warn that these two are off; they are off on purpose until the owner opts in.
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The cache: rate limits and login throttling count here, so every worker (and every machine) must
# see the same one. REDIS_URL or CACHE_URL (redis://host:6379/0) shares it between machines; with
# neither, it is a folder of files that every gunicorn worker on this box shares (common/cache.py).
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
CACHE_DIR = os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache" / "django"))
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("file://"):
    CACHES = {"default": {"BACKEND": "common.cache.FolderCache", "LOCATION": CACHE_URL.removeprefix("file://")}}
elif not CACHE_URL:
    CACHES = {"default": {"BACKEND": "common.cache.FolderCache", "LOCATION": CACHE_DIR}}
else:
    raise ImproperlyConfigured(f"CACHE_URL must start with redis://, rediss://, unix:// or file://, not {CACHE_URL!r}")
# Several shops (or a bench) on one Redis keep apart by their prefix.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "prapesan")
if CACHES["default"]["BACKEND"] == "common.cache.FolderCache":
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 20_000}
# Sessions stay in the database, which every app server shares.

# How many reverse proxies of ours stand in front of gunicorn (Caddy or nginx on the box: 1; a load
# balancer and nginx: 2). The client's address is read from X-Forwarded-For through exactly that
# many; 0 uses REMOTE_ADDR and ignores the header (which a client can type).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Public order form and waitlist, per minute (0 = no limit): submissions of one buyer (address and
# WhatsApp number together), and of one address whatever the number (a NAT hides many buyers).
PUBLIC_SUBMITS_PER_MINUTE = env_int("PUBLIC_SUBMITS_PER_MINUTE", 10)
PUBLIC_SUBMITS_PER_ADDRESS_PER_MINUTE = env_int("PUBLIC_SUBMITS_PER_ADDRESS_PER_MINUTE", 600)
