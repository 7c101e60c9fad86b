from django.contrib import admin

from trinvis.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services and never edited."""

    list_display = ["created_at", "action", "actor_label", "target", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
