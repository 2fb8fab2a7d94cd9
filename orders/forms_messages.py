"""Staff forms: shop settings, message templates, rescheduling."""
from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import MessageTemplate, PreorderPeriod, ShopSettings


class ShopSettingsForm(forms.ModelForm):
    class Meta:
        model = ShopSettings
        fields = ["shop_name", "whatsapp", "payment_instructions"]
        widgets = {"payment_instructions": forms.Textarea(attrs={"rows": 4})}


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class RescheduleForm(forms.Form):
    period = forms.ModelChoiceField(label=_("PO period"), queryset=PreorderPeriod.objects.all(), required=False)
    delivery_date = forms.DateField(
        label=_("New delivery date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Reason"), max_length=500, widget=forms.TextInput)
