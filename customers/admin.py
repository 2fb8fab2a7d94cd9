from django.contrib import admin

from customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "whatsapp", "created_at"]
    search_fields = ["name", "whatsapp", "address"]
    list_filter = ["created_at"]
    date_hierarchy = "created_at"
