from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from orders import signals
        from orders.services import supplier_link
        from orders.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
        signals.connect()
        supplier_link.connect()
