from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_scope import ReadByManagersAdmin, ScopedAdmin, ScopedInline
from .models import Organization, Person, RoleAssignment, SchoolYear, StaffImport, Unit
from .visibility import MANAGER_ROLES, access_for


class UnitInline(ScopedInline):
    model = Unit


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["name", "kind", "school_level", "parent", "abbreviation"]
    list_filter = ["kind", "school_level"]
    search_fields = ["name", "abbreviation", "place_name"]
    list_select_related = ["parent"]
    inlines = [UnitInline]
    autocomplete_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not access_for(request.user).is_admin:
            return [*fields, "parent", "kind"]  # moving in the tree changes who sees what
        return fields

    def has_add_permission(self, request):
        """New organisations are created below an office, not inside a school."""
        access = access_for(request.user)
        return access.is_admin or any(
            not a.organization.is_school for a in access.assignments if a.role in MANAGER_ROLES
        )


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "organization"]
    list_filter = ["kind"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["full_name", "position", "organization", "team", "union_group"]
    list_filter = ["position", "gender"]
    search_fields = ["full_name", "search_name", "email"]
    list_select_related = ["organization", "team", "union_group"]
    autocomplete_fields = ["organization", "team", "union_group", "user"]
    ordering = ["sort_key"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    list_display = ["user", "role", "organization", "unit", "school_year"]
    list_filter = ["role", "school_year"]
    search_fields = ["user__username", "organization__name"]
    list_select_related = ["user", "organization", "unit", "school_year"]
    autocomplete_fields = ["organization", "unit", "user"]

    # Who holds which role decides what everyone may see: only administrators change it.
    def has_add_permission(self, request):
        return access_for(request.user).is_admin

    def has_change_permission(self, request, obj=None):
        return access_for(request.user).is_admin

    def has_delete_permission(self, request, obj=None):
        return access_for(request.user).is_admin


@admin.register(SchoolYear)
class SchoolYearAdmin(ReadByManagersAdmin):
    list_display = ["name", "start_date", "end_date"]
    search_fields = ["name"]


@admin.register(StaffImport)
class StaffImportAdmin(ScopedAdmin):
    list_display = ["file_name", "organization", "status", "created_at", "imported_count"]
    list_filter = ["status"]
    search_fields = ["file_name", "organization__name"]
    exclude = ["content"]
    readonly_fields = [
        "organization",
        "uploaded_by",
        "file_name",
        "status",
        "imported_at",
        "imported_count",
    ]

    def has_add_permission(self, request):
        return False


admin.site.empty_value_display = _("—")
