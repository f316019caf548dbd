"""Registrations in the admin: searchable, filterable, read-only content; the only
changes are the workflow actions, which call the services."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.admin_scope import HistoryInline, ScopedAdmin
from schools.services import ServiceError

from . import review
from .models import InnovationRegistration, ReviewEvent, TeacherGroup


class ReviewEventInline(HistoryInline):
    model = ReviewEvent
    fields = ["at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields


class ReviewableAdmin(ScopedAdmin):
    list_filter = ["status", "campaign__school_year", "midyear_result", "yearend_result"]
    inlines = [ReviewEventInline]
    actions = ["approve_selected"]

    def has_add_permission(self, request):
        return False  # teachers fill their forms in the site

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=gettext_lazy("Duyệt các đăng ký đã chọn"))
    def approve_selected(self, request, queryset):
        try:  # all of them, or none (registrations.review.approve_many)
            done = review.approve_many(request.user, list(queryset))
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã duyệt %(n)s đăng ký.") % {"n": len(done)})


@admin.register(InnovationRegistration)
class InnovationRegistrationAdmin(ReviewableAdmin):
    list_display = ["person", "school", "union_group", "campaign", "status", "submitted_at"]
    search_fields = ["person__full_name", "person__search_name", "assigned_task"]
    list_select_related = ["person", "school", "union_group", "campaign"]


@admin.register(TeacherGroup)
class TeacherGroupAdmin(ReviewableAdmin):
    list_display = ["name", "leader", "school", "campaign", "status"]
    search_fields = ["name", "leader__full_name"]
    list_select_related = ["leader", "school", "campaign"]
