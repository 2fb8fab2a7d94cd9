from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from orders.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch works on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("pesanan/", include("orders.urls")),
    path("produksi/", include("production.urls")),
    path("pelanggan/", include("customers.urls")),
]
