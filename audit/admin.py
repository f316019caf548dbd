"""The audit log in the admin: read-only for everyone, superusers included, and scoped
like the /audit/ page. auditlog's own admin registers the entry model when the admin
autodiscovers; AuditConfig.ready() (which runs after that) replaces it with this one."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from schools.admin_scope import ReadOnly

from .display import action_label, actor_label, changes_of, model_label
from .models import LogEntry
from .scopes import can_read_log, readable_by


class LogEntryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["timestamp", "who", "what", "content_type_label", "object_repr"]
    list_select_related = ["content_type", "actor"]
    list_filter = ["action", "timestamp"]
    search_fields = ["object_repr", "actor_name"]
    date_hierarchy = None
    fields = ["timestamp", "who", "what", "content_type_label", "object_repr", "changes_text_vi"]
    readonly_fields = fields
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(readable_by(request.user))

    def has_module_permission(self, request):
        return can_read_log(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_log(request.user)

    @admin.display(description=_("Người thực hiện"))
    def who(self, entry):
        return actor_label(entry)

    @admin.display(description=_("Thao tác"))
    def what(self, entry):
        return action_label(entry.action)

    @admin.display(description=_("Loại đối tượng"))
    def content_type_label(self, entry):
        return model_label(entry)

    @admin.display(description=_("Thay đổi (trước → sau)"))
    def changes_text_vi(self, entry):
        return "; ".join(f"{c.label}: {c.before} → {c.after}" for c in changes_of(entry))


def install(site=admin.site):
    if site.is_registered(LogEntry):
        site.unregister(LogEntry)
    site.register(LogEntry, LogEntryAdmin)
