"""Staff forms: shop settings, message templates, rescheduling."""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.params import within_planning_years
from common.widgets import DateInput
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
    period = forms.ModelChoiceField(label=_("PO period"), queryset=PreorderPeriod.objects.none(), required=False)
    delivery_date = forms.DateField(
        label=_("New delivery date"), required=False, widget=DateInput(), validators=[within_planning_years]
    )
    note = forms.CharField(label=_("Reason"), max_length=500, widget=forms.TextInput)

    def __init__(self, *args, order, **kwargs):
        kwargs.setdefault("initial", {"period": order.period, "delivery_date": order.delivery_date})
        super().__init__(*args, **kwargs)
        # An order moves to a PO that still takes orders (or will), or stays in its own.
        self.fields["period"].queryset = PreorderPeriod.objects.filter(
            Q(pk__in=PreorderPeriod.objects.open_or_upcoming()) | Q(pk=order.period_id)
        ).order_by("delivery_date", "pk")
