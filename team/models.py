"""Staff accounts beyond Django's user (the WhatsApp number, what they last saw), the team's own log
(invitations, role changes, deactivations) and the CS step "confirmed with the customer"."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.phone import display_whatsapp
from orders.models import Order


class StaffProfile(models.Model):
    """What the team page knows about a helper besides their login: name as shown, WhatsApp number."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    # The public orders placed after this moment count as "new" in the signal on the staff pages.
    orders_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        permissions = [
            ("manage_staff", _("Can invite helpers, change their roles and deactivate them")),
            ("view_activity", _("Can see who did what")),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def whatsapp_display(self):
        return display_whatsapp(self.whatsapp)


class AppendOnly(models.Model):
    """A log row is written once: never edited, never deleted (the admin and the views offer neither)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A log row is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A log row is never deleted.")


class StaffEvent(AppendOnly):
    """One change to the team: who did it, to whom, what."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("invited")
        PASSWORD_SET = "password_set", _("set their password")
        ROLE_CHANGED = "role_changed", _("role changed")
        DEACTIVATED = "deactivated", _("deactivated")
        REACTIVATED = "reactivated", _("reactivated")
        NEW_LINK = "new_link", _("new password link")
        LOGGED_OUT = "logged_out", _("logged out everywhere")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("helper")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("team change")
        verbose_name_plural = _("team changes")
        ordering = ["-at", "-pk"]


class OrderConfirmation(AppendOnly):
    """CS has confirmed the order with the customer: the CS step of the hand-off is done."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="confirmation", verbose_name=_("order"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("order confirmation")
        verbose_name_plural = _("order confirmations")
