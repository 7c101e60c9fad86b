from django.contrib import admin

from trinvis.organisations.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "municipality_number", "population", "unit_type"]
    list_filter = ["kind", "country", "unit_type"]
    search_fields = ["name", "municipality_number"]
    readonly_fields = ["path", "depth"]

    def has_add_permission(self, request: object) -> bool:
        # The tree path is maintained by organisation_create; create through the app.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    raw_id_fields = ["user", "organisation", "invited_by"]
