from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.text import strip_bidi_controls
from customers.phone import clean_whatsapp_field, display_whatsapp


class CustomerQuerySet(models.QuerySet):
    def search(self, text):
        """Match a name fragment or any part of a WhatsApp number as typed (0812..., 62812..., +62...)."""
        text = (text or "").strip()
        if not text:
            return self
        condition = Q(name__icontains=text)
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 3:
            if digits.startswith("0"):
                digits = "62" + digits[1:]
            condition |= Q(whatsapp__contains=digits)
        return self.filter(condition)


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=120)
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=20,
        blank=True,
        help_text=_("Any usual way: 0812-3456-7890, 62812…, +62 812…"),
    )
    address = models.TextField(_("address"), blank=True, max_length=500)
    notes = models.TextField(_("notes"), blank=True, max_length=1000)
    do_not_contact = models.BooleanField(
        _("do not contact"),
        default=False,
        help_text=_("Left out of every list to contact and every contact export (no win-back or PO messages)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["whatsapp"],
                condition=~Q(whatsapp=""),
                name="customer_whatsapp_unique_when_given",
                violation_error_message=_("Another customer already has this WhatsApp number."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = strip_bidi_controls(self.name).strip()
        if not self.name:
            raise ValidationError({"name": _("Please fill in the customer's name.")})
        # A TextField's max_length only binds forms; check it here for the services too.
        for field, message in (
            ("address", _("The address is too long (at most %(max)s characters).")),
            ("notes", _("The notes are too long (at most %(max)s characters).")),
        ):
            limit = self._meta.get_field(field).max_length
            if len(getattr(self, field) or "") > limit:
                raise ValidationError({field: message % {"max": limit}})
        clean_whatsapp_field(self)

    @property
    def whatsapp_display(self):
        return display_whatsapp(self.whatsapp)
