from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from customers.phone import normalize_whatsapp
from orders.roles import CUSTOMER_SERVICE, ROLES

ROLE_CHOICES = [(role, role) for role in ROLES]


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    whatsapp = forms.CharField(
        label=_("WhatsApp number"), max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=CUSTOMER_SERVICE)  # never the owner by default

    def clean_whatsapp(self):
        return normalize_whatsapp(self.cleaned_data.get("whatsapp"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class ActivityFilterForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False, empty_label=_("Everyone"))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["kind"].choices = [("", _("Everything")), *kinds]


class HelperSetPasswordForm(SetPasswordForm):
    """Django's form: two fields, the password validators, errors in Indonesian."""
