from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Read-only figures over the rows below: the growth figures and the weekly evaluation."""

    name = "insights"
    verbose_name = _("Insights")
