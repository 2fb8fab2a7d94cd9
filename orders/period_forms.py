"""The form for creating and editing a PO period together with the products it offers."""
from django import forms
from django.core.validators import MinValueValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.fields import WholeNumberField
from common.params import within_planning_years
from common.widgets import DateInput
from orders.models import PeriodProduct, PreorderPeriod, is_reserved_slug
from orders.services.periods import unique_slug
from orders.services.quota import units_sold
from production.models import Product

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"
CAP_ERRORS = {"min_value": _("A cap must be at least 1, or leave it empty for no cap.")}


class PeriodForm(forms.ModelForm):
    """Period fields plus, for every active product, an 'on offer' box and an optional unit cap."""

    class Meta:
        model = PreorderPeriod
        fields = [
            "name", "slug", "opens_at", "closes_at", "delivery_date", "mode", "lead_days",
            "max_orders", "max_orders_per_day", "capacity_capped", "payment_deadline_hours", "deposit_enough_to_send",
        ]
        field_classes = {
            name: WholeNumberField for name in ("lead_days", "max_orders", "max_orders_per_day", "payment_deadline_hours")
        }
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME),
            "delivery_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Used in the public link. Leave empty to make it from the name.")
        for name in ("opens_at", "closes_at", "delivery_date"):
            self.fields[name].validators.append(within_planning_years)
        for name in ("max_orders", "max_orders_per_day"):
            self.fields[name].validators.append(MinValueValidator(1))
            self.fields[name].error_messages.update(CAP_ERRORS)
        offers = {}
        if self.instance.pk:
            offers = {offer.product_id: offer for offer in self.instance.offers.all()}
        products = Product.objects.filter(is_active=True) | Product.objects.filter(pk__in=list(offers))
        self.products = list(products.distinct().order_by("name"))
        for product in self.products:
            offer = offers.get(product.pk)
            self.fields[f"offer_{product.pk}"] = forms.BooleanField(
                label=product.name, required=False, initial=offer is not None
            )
            self.fields[f"cap_{product.pk}"] = WholeNumberField(
                label=_("Unit cap for %(product)s") % {"product": product.name},
                required=False,
                min_value=1,
                initial=offer.unit_cap if offer else None,
                error_messages=CAP_ERRORS,
                widget=forms.TextInput(attrs={"placeholder": _("no cap")}),
            )

    def product_rows(self):
        """(product, offer box, cap input) per product, for the offer table."""
        return [(product, self[f"offer_{product.pk}"], self[f"cap_{product.pk}"]) for product in self.products]

    def period_fields(self):
        return [self[name] for name in self.Meta.fields]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if is_reserved_slug(slug):
            raise forms.ValidationError(_("This link name is reserved; choose another."))
        if slug and PreorderPeriod.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            raise forms.ValidationError(_("Another PO period already uses this link name."))
        return slug

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = unique_slug(cleaned["name"], exclude_pk=self.instance.pk)
            self.instance.slug = cleaned["slug"]
        if not any(cleaned.get(f"offer_{product.pk}") for product in self.products):
            raise forms.ValidationError(_("Choose at least one product on offer."))
        self._check_sold_units(cleaned)
        return cleaned

    def _check_sold_units(self, cleaned):
        """Units already ordered stay on offer, and a cap cannot go below them."""
        if not self.instance.pk:
            return
        sold = {product_id: row["units"] for product_id, row in units_sold(self.instance).items()}
        for product in self.products:
            units = sold.get(product.pk, 0)
            if not units:
                continue
            if not cleaned.get(f"offer_{product.pk}"):
                self.add_error(f"offer_{product.pk}", _("%(product)s already has orders in this period; it stays on offer.") % {"product": product.name})
            elif (cap := cleaned.get(f"cap_{product.pk}")) is not None and cap < units:
                self.add_error(f"cap_{product.pk}", _("%(units)s already sold; the cap cannot be lower.") % {"units": units})

    def chosen_offers(self):
        """{product: unit_cap} for the ticked products."""
        data = self.cleaned_data
        return {product: data.get(f"cap_{product.pk}") for product in self.products if data.get(f"offer_{product.pk}")}

    @transaction.atomic
    def save(self, commit=True):
        """Save the period and make its offers exactly the ticked products with their caps."""
        period = super().save(commit=True)
        chosen = self.chosen_offers()
        period.offers.exclude(product__in=list(chosen)).delete()
        for product, cap in chosen.items():
            PeriodProduct.objects.update_or_create(period=period, product=product, defaults={"unit_cap": cap})
        return period
