"""Who may do what: the shop's roles, the permissions each one has, and the named actions.

Two tables, read together:
- ROLE_PERMISSIONS gives each role (a Django group, named as the shop sees it) its permissions.
- ACTIONS names what people do in the shop ("cancel_order", "change_price") and the permissions
  each action needs (all of them). Views and services ask `may(user, action)` / `require(...)`;
  templates ask `can.<action>`. The customers, production and suppliers apps sit below orders, so their own
  views check the same Django permissions by name (permission_required); the action table lists
  those too, so the team page and tests/test_permissions_matrix.py see every rule in one place.
Group names are data, created after migrate.
"""
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suppliers import permissions as supplier_permissions

OWNER = "Pemilik"
CUSTOMER_SERVICE = "CS"
FINANCE = "Keuangan"
PRODUCTION = "Produksi & Pengiriman"
COURIER = "Kurir"

ALL = "__all__"
ROLE_PERMISSIONS = {
    # Everything, including prices, PO periods, the shop's settings and importing old sheets.
    OWNER: ALL,
    # Orders and customers: takes, reschedules and cancels orders; no money but the counter's cash, no kitchen.
    CUSTOMER_SERVICE: [
        "customers.add_customer",
        "customers.change_customer",
        "customers.view_customer",
        "orders.add_order",
        "orders.change_order",
        "orders.view_order",
        "orders.add_payment",
        "orders.view_payment",
        "orders.view_preorderperiod",
        "orders.view_waitlistentry",
        "orders.change_waitlistentry",
        "production.view_product",
        "stock.view_stockitem",
        "orders.sell_at_counter",
    ],
    # Payments, reports and the sheet download; importing a sheet creates orders, so not that.
    FINANCE: [
        "customers.view_customer",
        "orders.view_order",
        "orders.view_preorderperiod",
        "orders.record_payment",
        "orders.add_payment",
        "orders.view_payment",
        "orders.verify_payment",
        "orders.export_orders",
        "production.view_product",
        "stock.view_stockitem",
        # Sees supplier orders and pays suppliers (deposit, balance, shipping); places none.
        *supplier_permissions.VIEW,
        *supplier_permissions.PAY,
    ],
    # The kitchen and delivery: making time, recipes, calendar, packed/sent; not cancelling, not prices.
    PRODUCTION: [
        "customers.view_customer",
        "orders.view_order",
        "orders.view_preorderperiod",
        "orders.update_fulfilment",
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
        "stock.view_stockitem",
        "stock.add_stockmovement",
        "stock.count_stock",
        # Receives goods from suppliers: follows their orders, checks samples and batches (QC).
        *supplier_permissions.VIEW,
        *supplier_permissions.MANAGE_ORDERS,
    ],
    # Deliveries: today's orders to take out, the address and the phone; marks them sent, adds the resi.
    COURIER: [
        "customers.view_customer",
        "orders.view_order",
        "orders.update_fulfilment",
    ],
}
ROLES = list(ROLE_PERMISSIONS)


@dataclass(frozen=True)
class Action:
    label: str
    needs: tuple


ACTIONS = {
    # Orders
    "view_orders": Action(gettext_lazy("See orders, the unpaid list and the production plan"), ("orders.view_order",)),
    "take_order": Action(gettext_lazy("Take orders"), ("orders.add_order",)),
    "reschedule_order": Action(gettext_lazy("Reschedule orders"), ("orders.change_order",)),
    "cancel_order": Action(gettext_lazy("Cancel orders"), ("orders.change_order",)),
    "edit_order": Action(gettext_lazy("Change the products of placed orders"), ("orders.add_order", "orders.change_order")),
    "take_payment": Action(gettext_lazy("Record payments received, with their proof"), ("orders.add_payment",)),
    "view_payments": Action(gettext_lazy("See payment rows and their proof images"), ("orders.view_payment",)),
    "record_payment": Action(
        gettext_lazy("Record payments, corrections, voids and refunds"), ("orders.record_payment", "orders.add_payment")
    ),
    "verify_payment": Action(gettext_lazy("Check payments against the bank"), ("orders.verify_payment",)),
    "set_fulfilment": Action(gettext_lazy("Mark orders packed, sent or picked up"), ("orders.update_fulfilment",)),
    "send_unpaid": Action(
        gettext_lazy("Pack and send an order not yet paid, with a reason"), ("orders.update_fulfilment", "orders.send_unpaid")
    ),
    "export_orders": Action(gettext_lazy("Download the monthly sheet"), ("orders.export_orders",)),
    # An import creates orders with their payment and delivery status: it needs all of those.
    "import_orders": Action(
        gettext_lazy("Import old sheets as orders"),
        ("orders.export_orders", "orders.add_order", "orders.record_payment", "orders.update_fulfilment"),
    ),
    "view_periods": Action(gettext_lazy("See PO periods"), ("orders.view_preorderperiod",)),
    "add_period": Action(gettext_lazy("Create and copy PO periods"), ("orders.add_preorderperiod",)),
    "change_period": Action(gettext_lazy("Edit, open and close PO periods"), ("orders.change_preorderperiod",)),
    "change_shop_settings": Action(gettext_lazy("Change the shop's details"), ("orders.change_shopsettings",)),
    "change_message_templates": Action(gettext_lazy("Edit WhatsApp message templates"), ("orders.change_messagetemplate",)),
    "view_waitlist": Action(gettext_lazy("See the waitlist"), ("orders.view_waitlistentry",)),
    "change_waitlist": Action(gettext_lazy("Mark people on the waitlist as told"), ("orders.change_waitlistentry",)),
    # A counter sale is an order taken, paid and handed over at once, from ready stock.
    "sell_at_counter": Action(
        gettext_lazy("Sell at the counter (kasir) and take the payment"), ("orders.add_order", "orders.sell_at_counter")
    ),
    # Insights (the app above orders reads these; the table stays here, with every other rule)
    "view_growth": Action(gettext_lazy("See growth figures: omzet, new and returning customers"), ("orders.export_orders",)),
    "view_evaluation": Action(
        gettext_lazy("See the weekly and monthly evaluation: omzet per channel and product, paid, stock"), ("orders.export_orders",)
    ),
    "contact_customers": Action(
        gettext_lazy("Contact customers from the lists to act on and export their numbers"),
        ("customers.change_customer", "orders.view_order"),
    ),
    # Customers
    "view_customers": Action(gettext_lazy("See customers"), ("customers.view_customer",)),
    "add_customer": Action(gettext_lazy("Add customers"), ("customers.add_customer",)),
    "change_customer": Action(gettext_lazy("Edit customers"), ("customers.change_customer",)),
    # Production
    "view_products": Action(gettext_lazy("See products"), ("production.view_product",)),
    "add_product": Action(gettext_lazy("Add products"), ("production.add_product", "production.change_price")),
    "change_product": Action(gettext_lazy("Edit products' making time and availability"), ("production.change_product",)),
    "change_price": Action(gettext_lazy("Change product prices"), ("production.change_price",)),
    "view_calendar": Action(
        gettext_lazy("See the work calendar and capacity"),
        ("production.view_workcalendar", "production.view_calendaroverride"),
    ),
    "change_calendar": Action(
        gettext_lazy("Change the work calendar"),
        (
            "production.change_workcalendar",
            "production.add_calendaroverride",
            "production.change_calendaroverride",
            "production.delete_calendaroverride",
        ),
    ),
    "view_recipes": Action(gettext_lazy("See recipes and the shopping list"), ("production.view_recipeitem",)),
    "change_recipes": Action(
        gettext_lazy("Edit recipes"),
        ("production.add_recipeitem", "production.change_recipeitem", "production.delete_recipeitem"),
    ),
    "record_production": Action(gettext_lazy("See today's list and mark units made"), ("production.record_production",)),
    # Ready stock (the stock app's own views check these permissions by name; it sits below orders)
    "view_stock": Action(gettext_lazy("See ready stock and its movements"), ("stock.view_stockitem",)),
    "move_stock": Action(
        gettext_lazy("Record stock bought, returned, wasted or corrected"), ("stock.view_stockitem", "stock.add_stockmovement")
    ),
    "count_stock": Action(gettext_lazy("Count the shelf (stok opname)"), ("stock.view_stockitem", "stock.count_stock")),
    "change_stock_items": Action(
        gettext_lazy("Choose the products sold from stock and their low-stock levels"),
        ("stock.add_stockitem", "stock.change_stockitem"),
    ),
    # Suppliers (their own views check these permissions: suppliers sits below orders)
    "view_suppliers": Action(gettext_lazy("See suppliers and their orders"), supplier_permissions.VIEW),
    "change_suppliers": Action(gettext_lazy("Add and edit suppliers"), supplier_permissions.CHANGE_SUPPLIERS),
    "manage_supplier_orders": Action(
        gettext_lazy("Order samples and mass production, move their steps, record QC and arrival"),
        supplier_permissions.MANAGE_ORDERS,
    ),
    "pay_suppliers": Action(gettext_lazy("Record payments to suppliers"), supplier_permissions.PAY),
    # Team (the team app's own permissions, named here by string: this table imports nothing above orders)
    "manage_staff": Action(gettext_lazy("Invite helpers, change their roles, deactivate them"), ("team.manage_staff",)),
    "view_activity": Action(gettext_lazy("See who did what (activity)"), ("team.view_activity",)),
}


def may(user, action):
    """True when the user's role allows the named action (an unknown name is a bug, not a refusal)."""
    needs = ACTIONS[action].needs
    return user is not None and user.is_active and user.has_perms(needs)


def refusal_message(user, action):
    role = role_name(user) if user is not None and user.is_authenticated else ""
    if role:
        return _("Your role (%(role)s) may not do this: %(action)s.") % {"role": role, "action": ACTIONS[action].label}
    return _("You may not do this: %(action)s.") % {"action": ACTIONS[action].label}


def require(by, action):
    """For services: refuse unless `by` may do the action. by=None is the shop itself (public form, jobs)."""
    from orders.services.errors import ActionRefused  # services import this module

    if by is not None and not may(by, action):
        raise ActionRefused(refusal_message(by, action))


def check(request, action):
    """For views: PermissionDenied (403 with the reason) unless the signed-in user may do the action."""
    if not may(request.user, action):
        raise PermissionDenied(refusal_message(request.user, action))


def allowed(action):
    """View decorator: only users whose role allows `action` get in; the others a 403 saying why."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            check(request, action)
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        wrapped.__wrapped__ = view
        return wrapped

    return decorator


class Can:
    """`can.cancel_order` in templates: may the signed-in user do it? Asked lazily, once per name and page
    (a table asks it on every row)."""

    def __init__(self, user):
        self.user = user
        self._answers = {}

    def __getitem__(self, action):
        if action not in ACTIONS:
            raise KeyError(action)
        if action not in self._answers:
            self._answers[action] = may(self.user, action)
        return self._answers[action]


def actions_of(role):
    """The action names a role may do, in the table's order (for the team page)."""
    names = _permission_names(role)
    return [name for name, action in ACTIONS.items() if names is ALL or set(action.needs) <= names]


def _permission_names(role):
    names = ROLE_PERMISSIONS[role]
    return ALL if names == ALL else set(names)


def _permissions(names):
    if names == ALL:
        return Permission.objects.filter(content_type__app_label__in=["customers", "production", "stock", "suppliers", "orders", "team"])
    found = []
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found


def ensure_roles(**kwargs):
    """Create the role groups and give each its permissions (safe to run again)."""
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
