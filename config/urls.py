from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from common.forms import LoginForm
from customers import urls as customers_urls
from insights import customer_urls
from orders import kitchen_urls
from orders.views import app_shell, counter, public
from orders.views.home import home
from production import urls as production_urls

urlpatterns = [
    path("", home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch works on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("pesanan/", include("orders.urls")),
    # The kitchen pages that show orders live in orders but keep their production: names.
    path("produksi/", include((production_urls.urlpatterns + kitchen_urls.urlpatterns, "production"))),
    # The list and a customer's page show orders, so they live in insights but keep their customers: names.
    path("pelanggan/", include((customer_urls.urlpatterns + customers_urls.urlpatterns, "customers"))),
    path("laporan/", include("insights.urls")),
    path("stok/", include("stock.urls")),
    path("kasir/", counter.counter, name="counter"),
    path("kasir/struk/<str:code>/", counter.receipt, name="counter_receipt"),
    path("pemasok/", include("suppliers.urls")),
    path("tim/", include("team.urls")),
]

if settings.DEBUG:  # product photos on a development machine; in production the proxy serves /media/
    from django.views.static import serve

    urlpatterns.append(
        path("media/<path:path>", login_not_required(serve), {"document_root": settings.MEDIA_ROOT}, name="media")
    )

# The app on a phone: manifest, service worker (at the root, so its scope is the whole app), offline page.
urlpatterns += [
    path("manifest.webmanifest", app_shell.manifest, name="manifest"),
    path("sw.js", app_shell.service_worker, name="service_worker"),
    path("luring/", app_shell.offline, name="offline"),
    path("favicon.ico", app_shell.favicon, name="favicon"),
]

# Last: a period's public link, /<slug>/ (PreorderPeriod.clean keeps slugs off the app's own prefixes).
urlpatterns += [
    path("<slug:slug>/", public.period_page, name="public_period"),
    path("<slug:slug>/manifest.webmanifest", app_shell.public_manifest, name="public_manifest"),
    path("<slug:slug>/tunggu/", public.join_waitlist, name="public_waitlist"),
    path("<slug:slug>/pesanan/<str:code>/", public.order_confirmation, name="public_order"),
]
