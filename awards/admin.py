from django.contrib import admin

from schools.visibility import access_for

from .models import AwardForm, Rule, Title


class CatalogueAdmin(admin.ModelAdmin):
    """The catalogue is national law: every manager reads it, administrators change it."""

    def has_module_permission(self, request):
        return access_for(request.user).can_manage_anything

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return access_for(request.user).is_admin

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Title)
class TitleAdmin(CatalogueAdmin):
    list_display = ["name", "abbreviation", "recipient", "granted_by", "base_salary_multiple"]
    list_filter = ["recipient"]
    search_fields = ["name", "abbreviation"]


@admin.register(AwardForm)
class AwardFormAdmin(CatalogueAdmin):
    list_display = ["name", "granted_by", "recipient"]
    list_filter = ["recipient"]
    search_fields = ["name", "granted_by"]


@admin.register(Rule)
class RuleAdmin(CatalogueAdmin):
    list_display = [
        "code",
        "title",
        "predicate",
        "parameters",
        "effective_from",
        "effective_to",
        "severity",
        "confirmed",
        "enabled",
    ]
    list_filter = ["title", "severity", "confirmed", "enabled"]
    search_fields = ["code", "description", "legal_source"]
