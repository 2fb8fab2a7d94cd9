from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from orders.money import rupiah
from orders.models import Order, OrderLine, Payment, PeriodProduct, PreorderPeriod, StatusChange


class PeriodProductInline(admin.TabularInline):
    model = PeriodProduct
    extra = 1
    autocomplete_fields = ["product"]


@admin.register(PreorderPeriod)
class PreorderPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "opens_at", "closes_at", "delivery_date", "max_orders", "capacity_capped", "closed_manually"]
    list_filter = ["closed_manually", "capacity_capped"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "opens_at"
    inlines = [PeriodProductInline]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ["product", "quantity", "unit_price"]
    readonly_fields = ["product", "quantity", "unit_price"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    """The ledger, read-only: rows are recorded, voided and checked on the order page, never edited."""

    model = Payment
    extra = 0
    fields = ["received_on", "amount", "method", "reference", "recorded_by", "verified_at", "voided_at", "void_reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["at", "kind", "from_display", "to_display", "amount", "note", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("from"))
    def from_display(self, change):
        return change.from_label

    @admin.display(description=_("to"))
    def to_display(self, change):
        return change.to_label


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-mostly: orders are placed and changed through the services (and the order pages),
    so the caps and the history hold; the admin edits only notes and the address."""

    list_display = ["code", "customer", "period", "placed_at", "total_display", "payment_status", "fulfilment_status"]
    list_filter = ["period", "payment_status", "fulfilment_status", "channel", "delivery_method", "delivery_date"]
    search_fields = ["code", "customer__name", "customer__whatsapp"]
    date_hierarchy = "placed_at"
    list_select_related = ["customer", "period"]
    readonly_fields = [
        "code", "customer", "period", "channel", "delivery_method", "delivery_date", "placed_at", "placed_by",
        "payment_status", "amount_paid", "amount_refunded", "fulfilment_status",
    ]
    fields = readonly_fields[:5] + ["delivery_address", "notes"] + readonly_fields[5:]
    inlines = [OrderLineInline, PaymentInline, StatusChangeInline]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("total"), ordering="total_amount")
    def total_display(self, order):
        return rupiah(order.total)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # An order is cancelled (with a reason, freeing its quota), never deleted: the book keeps it.
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["order", "kind", "from_display", "to_display", "amount", "by", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["order__code", "note"]
    readonly_fields = ["order", "kind", "from_status", "to_status", "amount", "note", "by", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the history is append-only

    from_display = StatusChangeInline.from_display
    to_display = StatusChangeInline.to_display


admin.site.site_header = _("Prapesan administration")
admin.site.site_title = _("Prapesan")
admin.site.index_title = _("Shop data")
