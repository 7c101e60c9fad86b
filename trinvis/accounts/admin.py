from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import SingleSignOnIdentity, User
from trinvis.accounts.retention_rules import dormant_accounts


class DormantFilter(admin.SimpleListFilter):
    """The accounts the retention flags (retention_rules.py): no active membership for the
    retention period, for the administrator to erase or keep."""

    title = _("dormant")
    parameter_name = "dormant"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("No active membership for the retention period"))]

    def queryset(self, request: Any, queryset: Any) -> Any:
        if self.value() != "yes":
            return queryset
        return queryset.filter(pk__in=dormant_accounts(now=timezone.now()).values("pk"))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser", "last_login"]
    list_filter = [*DjangoUserAdmin.list_filter, DormantFilter]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(SingleSignOnIdentity)
class SingleSignOnIdentityAdmin(admin.ModelAdmin):
    # Deleting a link lets the person's next single sign-on be matched by e-mail again.
    list_display = ["user", "issuer", "subject", "created_at"]
    search_fields = ["user__email", "subject"]
    list_select_related = ["user"]
    readonly_fields = ["user", "issuer", "subject", "created_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False
