"""The form for creating and editing a PO period together with the products it offers."""
from django import forms
from django.core.validators import MinValueValidator
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.fields import WholeNumberField
from common.params import within_planning_years
from common.widgets import DateInput
from orders.models import PeriodProduct, PreorderPeriod, is_reserved_slug
from orders.services.periods import unique_slug
from orders.services.supplier_link import default_unit_cap, linked_delivery_date
from orders.services.quota import units_sold
from production.models import Product
from suppliers.models import Kind, Status, SupplierOrder

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"
CAP_ERRORS = {"min_value": _("A cap must be at least 1, or leave it empty for no cap.")}


def _supplier_order_label(order):
    arrival = date_format(order.expected_arrival, "j M Y") if order.expected_arrival else "?"
    return f"{order.item} · {order.supplier.name} · {order.quantity} · {arrival}"


class PeriodForm(forms.ModelForm):
    """Period fields plus, for every active product, an 'on offer' box and an optional unit cap."""

    class Meta:
        model = PreorderPeriod
        fields = [
            "name", "slug", "opens_at", "closes_at", "delivery_date", "mode", "lead_days",
            "max_orders", "max_orders_per_day", "capacity_capped", "hold_minutes", "payment_deadline_hours", "deposit_enough_to_send",
            "supplier_order", "supplier_buffer_days",
        ]
        field_classes = {
            name: WholeNumberField
            for name in ("lead_days", "max_orders", "max_orders_per_day", "hold_minutes", "payment_deadline_hours", "supplier_buffer_days")
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
        self.fields["supplier_order"].queryset = (
            SupplierOrder.objects.filter(kind=Kind.MASS).exclude(status=Status.CANCELLED).select_related("supplier")
        )
        self.fields["supplier_order"].label_from_instance = _supplier_order_label
        self.fields["supplier_buffer_days"].required = False
        self.fields["hold_minutes"].required = False  # empty: the default 10 minutes
        self.fields["delivery_date"].required = False  # a linked period's date follows the supplier
        self.fields["delivery_date"].help_text = _("Linked to a supplier's mass order: leave it, it follows the goods' arrival.")
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
        self._follow_supplier(cleaned)
        if not any(cleaned.get(f"offer_{product.pk}") for product in self.products):
            raise forms.ValidationError(_("Choose at least one product on offer."))
        self._check_sold_units(cleaned)
        return cleaned

    def clean_hold_minutes(self):
        value = self.cleaned_data.get("hold_minutes")
        return PreorderPeriod._meta.get_field("hold_minutes").default if value is None else value

    def clean_supplier_buffer_days(self):
        value = self.cleaned_data.get("supplier_buffer_days")
        return PreorderPeriod._meta.get_field("supplier_buffer_days").default if value is None else value

    def _follow_supplier(self, cleaned):
        """Linked to a mass order: the date is its arrival + the buffer; its product is offered,
        capped by default at the units expected (supplier_link holds both rules)."""
        supplier_order = cleaned.get("supplier_order")
        if supplier_order is None:
            if not cleaned.get("delivery_date") and "delivery_date" not in self.errors:
                self.add_error("delivery_date", forms.Field.default_error_messages["required"])
            return
        day = linked_delivery_date(supplier_order, cleaned.get("supplier_buffer_days") or 0, cleaned.get("closes_at"))
        if day is None and not cleaned.get("delivery_date"):
            self.add_error("delivery_date", _("The supplier order has no expected arrival yet: type the delivery date."))
        elif day is not None:
            cleaned["delivery_date"] = day
        product = supplier_order.product
        if product is not None and product in self.products:
            if not cleaned.get(f"offer_{product.pk}"):
                cleaned[f"offer_{product.pk}"] = True
            if cleaned.get(f"cap_{product.pk}") is None:
                cleaned[f"cap_{product.pk}"] = default_unit_cap(supplier_order)

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
