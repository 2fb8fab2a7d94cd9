"""The shop's roles as Django groups, and the permissions each one has.

Group names are what the shop sees on screen (Indonesian); they are data, created after migrate.
"""
from django.contrib.auth.models import Group, Permission

OWNER = "Pemilik"
CUSTOMER_SERVICE = "CS"
FINANCE = "Keuangan"
PRODUCTION = "Produksi & Pengiriman"

ALL = "__all__"
ROLE_PERMISSIONS = {
    OWNER: ALL,
    CUSTOMER_SERVICE: [
        "customers.add_customer",
        "customers.change_customer",
        "customers.view_customer",
        "orders.add_order",
        "orders.change_order",
        "orders.view_order",
        "orders.view_preorderperiod",
        "orders.view_waitlistentry",
        "orders.change_waitlistentry",
        "production.view_product",
    ],
    FINANCE: [
        "customers.view_customer",
        "orders.view_order",
        "orders.view_preorderperiod",
        "orders.record_payment",
        "orders.export_orders",
        "production.view_product",
    ],
    PRODUCTION: [
        "customers.view_customer",
        "orders.view_order",
        "orders.view_preorderperiod",
        "orders.update_fulfilment",
        "production.add_product",
        "production.change_product",
        "production.view_product",
        "production.view_workcalendar",
        "production.change_workcalendar",
        "production.add_calendaroverride",
        "production.change_calendaroverride",
        "production.delete_calendaroverride",
        "production.view_calendaroverride",
        "production.view_recipeitem",
        "production.add_recipeitem",
        "production.change_recipeitem",
        "production.delete_recipeitem",
        "production.record_production",
    ],
}
ROLES = list(ROLE_PERMISSIONS)


def _permissions(names):
    if names == ALL:
        return Permission.objects.filter(content_type__app_label__in=["customers", "production", "orders"])
    found = []
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found


def ensure_roles(**kwargs):
    """Create the four role groups and give each its permissions (safe to run again)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(names))


def role_name(user):
    """The role shown next to the user's name: the owner for superusers, else their first role group."""
    if user.is_superuser:
        return OWNER
    names = {group.name for group in user.groups.all()}
    for role in ROLES:
        if role in names:
            return role
    return ""
