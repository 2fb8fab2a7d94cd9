"""What makes Prapesan an app on a helper's phone: the web app manifests, the service worker, the
offline page and /favicon.ico.

The service worker (templates/app_shell/sw.js) keeps only the app shell — the stylesheet, htmx, the
scripts, the icons and the offline page, all public files — and answers a page that cannot be
loaded with the offline page. It never stores a page (they hold customers' names and numbers) and
never touches a POST. It is served from the site root so that its scope is the whole app.
"""
import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from orders.models import PreorderPeriod, ShopSettings

THEME_COLOUR = "#a4461c"  # the brand colour of static/css/app.css and the icons
# Every file a staff page loads (templates/base.html, home.html) and the public page's stylesheet.
SHELL_FILES = ("css/app.css", "css/public.css", "django_htmx/htmx-2.min.js", "js/after_swap.js", "js/new_orders.js", "js/install.js", "img/icon-192.png")


def _icons():
    return [
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": static("img/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]


def _short(name):
    """A launcher shows about 12 characters under the icon."""
    return name if len(name) <= 12 else name[:11].rstrip() + "…"


def _manifest_response(manifest):
    return HttpResponse(json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8")


@login_not_required
@require_safe
@cache_control(max_age=3600)
def manifest(request):
    """The staff app: opens on the home page, full screen like an app."""
    name = ShopSettings.load().name
    return _manifest_response({
        "id": reverse("home"),
        "name": _("%(shop)s — orders") % {"shop": name},
        "short_name": _short(name),
        "description": _("Orders, payments and today's kitchen list of %(shop)s.") % {"shop": name},
        "lang": "id",
        "start_url": reverse("home"),
        "scope": reverse("home"),
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": _icons(),
    })


@login_not_required
@require_safe
@cache_control(max_age=3600)
def public_manifest(request, slug):
    """A period's public page, so that a customer can keep the shop's PO page on the home screen too."""
    period = get_object_or_404(PreorderPeriod, slug=slug)
    page = reverse("public_period", args=[period.slug])
    shop = ShopSettings.load().name
    return _manifest_response({
        "id": page,
        "name": f"{shop} — {period.name}",
        "short_name": _short(shop),
        "lang": "id",
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": _icons(),
    })


@login_not_required
@require_safe
@cache_control(no_cache=True)  # the browser asks for a new worker on every visit; a changed one replaces the old
def service_worker(request):
    shell = [static(name) for name in SHELL_FILES] + [reverse("offline")]
    # A new deploy changes the files' hashed names, so the cache's name and the worker change with them.
    version = hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]
    response = render(
        request,
        "app_shell/sw.js",
        {"shell_json": json.dumps(shell), "cache_name": f"prapesan-shell-{version}", "offline_url": reverse("offline")},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_safe
def offline(request):
    """What the service worker shows when a page cannot be loaded: no signal, try again."""
    return render(request, "app_shell/offline.html")


@login_not_required
@require_safe
@cache_control(max_age=86400)
def favicon(request):
    path = finders.find("img/favicon.ico")
    if not path:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
