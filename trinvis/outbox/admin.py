from django.contrib import admin

from trinvis.outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "subject", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject",)
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
