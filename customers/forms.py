from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from customers.phone import normalize_whatsapp


class CustomerForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["name", "whatsapp", "address", "notes", "do_not_contact"]
        widgets = {
            "whatsapp": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"name": {"required": _("Please fill in the customer's name.")}}

    def clean_whatsapp(self):
        """Store the number as +62…, and say so on the field when another customer has it."""
        number = normalize_whatsapp(self.cleaned_data.get("whatsapp"))
        if number and Customer.objects.exclude(pk=self.instance.pk).filter(whatsapp=number).exists():
            raise forms.ValidationError(_("Another customer already has this WhatsApp number."), code="taken")
        return number
