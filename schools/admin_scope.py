"""Admin integration of the visibility rules: every ModelAdmin of the project inherits
ScopedAdmin, so the admin shows and changes only what `visibility` allows.

Relational fields (foreign keys, many-to-many, raw ids, autocompletes, in forms and in
inlines) accept, for anyone but an administrator, only objects that user may manage
(`manageable`), or may see for fields that point upward (`reference_fields`, e.g. the
parent plan a school implements). A relation to a model with no visibility policy
(accounts) is set by administrators only: others see it read-only. Shared reference
data that belongs to no organisation (school years) is open to every manager."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404

from common.text import CONTROL_CHARACTERS

from . import visibility
from .admin_cascade import CascadeCheckedAdminMixin, CascadeCheckedInlineMixin
from .models import SchoolYear

# Models every manager may point at whatever their scope: the calendar, the same for all.
SHARED_REFERENCES = {SchoolYear}

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


def relation_choices(request, db_field, reference=False):
    """What `request.user` may put into the relational field `db_field`: None for no
    limit (administrators, shared reference data), else a queryset."""
    related = db_field.remote_field.model
    access = visibility.access_for(request.user)
    if access.is_admin or related in SHARED_REFERENCES:
        return None
    if visibility.has_policy(related):
        scope = visibility.visible if reference else visibility.manageable
        return scope(request.user, related)
    return related._default_manager.none()


def _is_relation(field):
    return bool(
        getattr(field, "is_relation", False)
        and field.concrete
        and field.editable
        and (field.many_to_one or field.one_to_one or field.many_to_many)
    )


class RelationScopeMixin:
    """Relational fields limited to what the user may manage (see the module)."""

    reference_fields = ()  # point upward: what the user may see, not only manage

    def relation_choices(self, request, db_field):
        return relation_choices(request, db_field, db_field.name in self.reference_fields)

    def locked_relations(self, request):
        """Relations this user may not set at all (accounts for anyone but an
        administrator): shown read-only."""
        if visibility.access_for(request.user).is_admin:
            return []
        return [
            f.name
            for f in self.model._meta.get_fields()
            if _is_relation(f)
            and not visibility.has_policy(f.remote_field.model)
            and f.remote_field.model not in SHARED_REFERENCES
            and getattr(self, "fk_name", None) != f.name
            and f.remote_field.model is not getattr(self, "parent_model", None)
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f for f in self.locked_relations(request) if f not in fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.relation_choices(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.relation_choices(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def autocomplete_scope(request, queryset):
    """The autocomplete endpoint offers only what the asking field accepts (the widget
    never proposes what the form would refuse)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return queryset
    try:
        source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        db_field = source._meta.get_field(request.GET["field_name"])
    except (KeyError, LookupError, FieldDoesNotExist):
        return queryset.none()
    source_admin = admin.site._registry.get(source)
    if source_admin is None or not hasattr(source_admin, "relation_choices"):
        return queryset.none()
    choices = source_admin.relation_choices(request, db_field)
    return queryset if choices is None else queryset.filter(pk__in=choices.values("pk"))


class WrittenElsewhere:
    """Rows read in the admin and written by the site's pages and services: nothing is
    added or changed here (an admin or an inline)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnly(WrittenElsewhere):
    """Rows read in the admin only: nothing added, changed or deleted here."""

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryInline(WrittenElsewhere, admin.TabularInline):
    """A row's history under it, as it was written."""

    extra = 0
    can_delete = False


class ReadByManagersAdmin(admin.ModelAdmin):
    """Reference data the same for everyone (school years, the national catalogue):
    every manager reads it, administrators alone change it."""

    def has_module_permission(self, request):
        return visibility.access_for(request.user).can_manage_anything

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return visibility.access_for(request.user).is_admin

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class ScopedAdmin(CascadeCheckedAdminMixin, RelationScopeMixin, TextLimitMixin, admin.ModelAdmin):
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
        queryset = autocomplete_scope(request, queryset)
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


class ScopedInlineMixin(CascadeCheckedInlineMixin, RelationScopeMixin, TextLimitMixin):
    """Inline rows are changed by whoever may change the parent object."""

    extra = 0

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
