from django.contrib import admin

from team.models import StaffEvent


@admin.register(StaffEvent)
class StaffEventAdmin(admin.ModelAdmin):
    """Read-only: the team's log is append-only (see team.models.AppendOnly)."""

    list_display = ["at", "kind", "subject", "by", "note"]
    list_filter = ["kind"]
    readonly_fields = ["at", "kind", "subject", "by", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
