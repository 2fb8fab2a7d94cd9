from django.contrib import admin

from stock.models import StockCount, StockCountLine, StockItem, StockMovement


@admin.register(StockItem)
class StockItemAdmin(admin.ModelAdmin):
    list_display = ["product", "low_level", "created_at"]
    search_fields = ["product__name"]


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    """Read only: the shelf is changed through the shop's pages, which refuse going below zero."""

    list_display = ["at", "product", "kind", "quantity", "channel", "reference", "reason", "by"]
    list_filter = ["kind", "channel"]
    search_fields = ["product__name", "reference", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StockCountLineInline(admin.TabularInline):
    model = StockCountLine
    extra = 0
    can_delete = False
    readonly_fields = ["product", "expected", "counted"]


@admin.register(StockCount)
class StockCountAdmin(admin.ModelAdmin):
    list_display = ["at", "by", "note"]
    inlines = [StockCountLineInline]
    readonly_fields = ["at", "by", "note"]

    def has_add_permission(self, request):
        return False
