"""'Pengaturan': one page that leads to every setting of the shop, each shown to whoever may change it."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (permission, title, what it holds, URL name): the settings a shop has, in the order an owner sets them up.
SETTINGS = [
    ("orders.change_shopsettings", _("Shop and payment"), _("Shop name, WhatsApp number and how customers pay (bank account, QRIS)."), "orders:shop_settings"),
    ("orders.change_messagetemplate", _("WhatsApp messages"), _("The texts for confirmations, payment reminders, delays and “ready for pickup”."), "orders:message_templates"),
    ("production.view_workcalendar", _("Work calendar"), _("Work hours and workers per day, weekly days off and special dates."), "production:calendar"),
    ("auth.change_user", _("Team accounts"), _("Accounts for the family helpers and their roles (in the admin)."), "admin:auth_user_changelist"),
]


def settings_for(user):
    """The settings pages `user` may open, as dicts for the hub and the menu."""
    return [
        {"title": title, "what": what, "url": reverse(url_name)}
        for permission, title, what, url_name in SETTINGS
        if user.has_perm(permission) and (user.is_staff or not url_name.startswith("admin:"))
    ]


@login_required
def settings_hub(request):
    entries = settings_for(request.user)
    if not entries:
        raise PermissionDenied
    return render(request, "orders/settings.html", {"entries": entries})
