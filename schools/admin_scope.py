"""Admin integration of the visibility rules: every ModelAdmin of the project inherits
ScopedAdmin, so the admin shows and changes only what `visibility` allows."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404

from . import visibility
from .text import CONTROL_CHARACTERS

# Long texts typed in the admin (a plan's preamble, sections, themes ...) have no limit
# in the database: a generous one in the forms, so a pasted megabyte gets the form's
# Vietnamese length message instead of a page (and a PDF) of hundreds of pages.
ADMIN_TEXT_MAX = 20000
SEARCH_WORDS, SEARCH_CHARS = 20, 200


class TextLimitMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.max_length:
            kwargs.setdefault("max_length", ADMIN_TEXT_MAX)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ScopedAdmin(TextLimitMixin, admin.ModelAdmin):
    """Objects outside the user's scope answer 404, as everywhere else in the product."""

    def _require_visible(self, request, object_id):
        if object_id and self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require_visible(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_queryset(self, request):
        return visibility.visible(request.user, self.model, super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # One condition per word: a pasted page would exceed SQLite's expression depth
        # (and PostgreSQL refuses NUL). The first words are enough to find anything.
        search_term = " ".join(CONTROL_CHARACTERS.sub("", search_term).split()[:SEARCH_WORDS])
        return super().get_search_results(request, queryset, search_term[:SEARCH_CHARS])

    def _access(self, request):
        return visibility.access_for(request.user)

    def has_module_permission(self, request):
        return self._access(request).can_manage_anything

    def has_view_permission(self, request, obj=None):
        if not self._access(request).can_manage_anything:
            return False
        return obj is None or visibility.can_see(request.user, obj)

    def has_add_permission(self, request):
        return self._access(request).can_manage_anything

    def has_change_permission(self, request, obj=None):
        if not self._access(request).can_manage_anything:
            return False
        return obj is None or visibility.can_manage(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if visibility.has_policy(related):
            kwargs["queryset"] = visibility.manageable(request.user, related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedInlineMixin(TextLimitMixin):
    """Inline rows are changed by whoever may change the parent object."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if visibility.has_policy(related):
            kwargs["queryset"] = visibility.manageable(request.user, related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def parent_editable(self, request, obj):
        return obj is None or visibility.can_manage(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return visibility.access_for(request.user).can_manage_anything

    def has_add_permission(self, request, obj=None):
        return self.parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.parent_editable(request, obj)


class ScopedInline(ScopedInlineMixin, admin.TabularInline):
    pass
