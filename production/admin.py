from django.contrib import admin

from production.models import CalendarOverride, Product, ProductionDone, RecipeItem, WorkCalendar


class RecipeItemInline(admin.TabularInline):
    model = RecipeItem
    extra = 1


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    inlines = [RecipeItemInline]
    list_display = ["name", "unit", "price", "units_per_batch", "minutes_per_batch", "is_active"]
    list_filter = ["is_active", "unit"]
    search_fields = ["name"]
    list_editable = ["is_active"]


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    list_display = ["__str__", "default_hours", "default_workers", "weekly_days_off"]

    # One calendar per installation (WorkCalendar.load() reads pk=1): edit it, never add a second.
    def has_add_permission(self, request):
        return not WorkCalendar.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "hours", "workers", "closed", "note"]
    list_filter = ["closed"]
    date_hierarchy = "day"


@admin.register(ProductionDone)
class ProductionDoneAdmin(admin.ModelAdmin):
    list_display = ["day", "product", "quantity", "by", "at"]
    list_filter = ["day"]
