"""Deletes in the admin check everything they take with them.

Deleting a row deletes, through CASCADE, the rows that point at it: a union group takes
its role assignments and vote candidates, a person their ballot receipts and council
seats. For anyone but an administrator, a delete (the delete page, the "delete
selected" action, the delete box of an inline row) is allowed only when every row it
takes with it is

- of a model whose admin lets this user delete that row, or
- a part of what is deleted: a model edited inline in the admin of a deleted model, or
  named in that admin's `delete_parts` (a draft decision's awardees).

Anything else is refused with the names of what it would take; PROTECT relations are
refused as Django refuses them, with a Vietnamese message."""

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import visibility


def _parts(model_admins):
    parts = set()
    for model_admin in model_admins:
        parts.update(inline.model for inline in model_admin.inlines)
        parts.update(getattr(model_admin, "delete_parts", ()))
    return parts


def cascade(objs):
    """The rows deleting `objs` would delete (model -> set of rows) and those that
    PROTECT them."""
    if not objs:
        return {}, set()
    collector = NestedObjects(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    return collector.model_objs, collector.protected


def cascade_refusals(request, objs, admin_site=None):
    """Verbose names of what deleting `objs` would take with it that `request.user` may
    not delete (empty for administrators)."""
    if not objs or visibility.access_for(request.user).is_admin:
        return set()
    registry = (admin_site or admin.site)._registry
    taken, _protected = cascade(objs)
    owners = [registry[m] for m in taken if m in registry]
    parts = _parts(owners)
    roots = {type(obj) for obj in objs}
    refused = set()
    for model, rows in taken.items():
        if model in roots and all(row in objs for row in rows):
            continue
        model_admin = registry.get(model)
        if model_admin is not None:
            allowed = all(model_admin.has_delete_permission(request, row) for row in rows)
        else:
            allowed = model in parts or (
                model._meta.auto_created and model._meta.auto_created in roots | parts
            )
        if not allowed:
            refused.add(_label(model))
    return refused


def _label(model):
    """A model's name for people; a many-to-many link is named by its field
    ("Hội đồng thi đua khen thưởng – thành viên"), not Django's English."""
    owner = model._meta.auto_created
    if owner:
        for field in owner._meta.many_to_many:
            if field.remote_field.through is model:
                return f"{capfirst(owner._meta.verbose_name)} – {field.verbose_name}"
    return str(capfirst(model._meta.verbose_name))


def protected_names(protected):
    return sorted({f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in protected})


def refusal_message(instance, refused, protected=()):
    """Why `instance` cannot be deleted here, in Vietnamese."""
    if protected:
        return _(
            "Không xoá được “%(obj)s”: còn dữ liệu khác gắn với nó (%(list)s). Hãy chuyển "
            "hoặc xoá những dữ liệu đó trước."
        ) % {"obj": instance, "list": "; ".join(protected_names(protected))}
    return _(
        "Không xoá được “%(obj)s”: việc xoá sẽ xoá theo %(list)s, mà bạn không có quyền "
        "xoá. Hãy nhờ quản trị hệ thống."
    ) % {"obj": instance, "list": ", ".join(sorted(refused))}


class CascadeCheckedAdminMixin:
    """ModelAdmin side: the delete page and "delete selected" list what is refused as
    permissions needed (Django then refuses the delete)."""

    delete_parts = ()

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed = set(perms_needed) | cascade_refusals(request, list(objs), self.admin_site)
        return deleted, model_count, perms_needed, protected


class CascadeCheckedInlineMixin:
    """Inline side: ticking "delete" on a row whose delete would take what the user may
    not delete is an error at the row."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        admin_site = self.admin_site

        class Form(formset.form):
            def hand_clean_DELETE(self):
                if not self.cleaned_data.get("DELETE") or self.instance._state.adding:
                    return
                _taken, protected = cascade([self.instance])
                refused = cascade_refusals(request, [self.instance], admin_site)
                if protected or refused:
                    raise ValidationError(
                        refusal_message(self.instance, refused, protected),
                        code="deleting_protected",
                    )

        formset.form = Form
        return formset
