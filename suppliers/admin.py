from django.contrib import admin

from suppliers.models import Supplier, SupplierOrder, SupplierPayment


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "moq", "mass_lead_days"]
    search_fields = ["name", "makes"]


@admin.register(SupplierOrder)
class SupplierOrderAdmin(admin.ModelAdmin):
    list_display = ["item", "supplier", "kind", "status", "quantity", "ordered_on", "expected_arrival"]
    list_filter = ["kind", "status"]
    readonly_fields = ["status", "round", "from_sample"]  # moves go through suppliers/services.py


@admin.register(SupplierPayment)
class SupplierPaymentAdmin(admin.ModelAdmin):
    list_display = ["order", "kind", "amount", "paid_on"]
    readonly_fields = ["order", "kind", "amount", "paid_on", "proof", "recorded_by"]
