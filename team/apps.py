from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TeamConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "team"
    verbose_name = _("Team")

    def ready(self):
        from orders.roles import ensure_roles

        # The owner's group gets the team's permissions once they exist (after this app migrates).
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="team.ensure_roles")
