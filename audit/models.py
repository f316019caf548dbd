"""The audit log: django-auditlog's entry, swapped in (AUDITLOG_LOGENTRY_MODEL) so that
every entry also keeps the materialised path of the organisation its object belongs to.
"What changed in my school / below my office" is then one indexed prefix filter on this
table (`org_path LIKE 'X%'`), never a join through the many models that are logged.

Entries are written by auditlog's signal receivers through EntryManager.log_create and
never change afterwards: saving an existing entry, deleting one, or updating or deleting
a queryset of them raises ReadOnlyLogError. (Deleting a user still sets `actor` to NULL
through Django's collector; `actor_name` keeps who it was.)"""

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadOnlyLogError(Exception):
    """Someone tried to change or delete an audit entry."""


def _repr(instance):
    """The object's name (its `audit_label()` where a model has one: a name that is the
    author's free text stays out of the log); a model whose __str__ fails must not make
    its save fail."""
    try:
        if hasattr(instance, "audit_label"):
            return instance.audit_label()
        return str(instance)
    except Exception:  # any error of a __str__
        return f"{type(instance).__name__} #{instance.pk}"


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ReadOnlyLogError("audit entries are never changed")

    def delete(self):
        raise ReadOnlyLogError("audit entries are never deleted")

    update.queryset_only = True
    delete.queryset_only = True


class EntryManager(LogEntryManager.from_queryset(EntryQuerySet)):
    """auditlog's manager, plus the organisation path and readable related objects."""

    def log_create(self, instance, force_log=False, **kwargs):
        from .scopes import is_home_only, path_of, readable_changes

        if kwargs.get("changes"):
            kwargs["changes"] = readable_changes(instance, kwargs["changes"])
            if not kwargs["changes"] and not force_log:
                return None  # only automatic fields (updated_at...) changed
        kwargs.setdefault("org_path", path_of(instance))
        kwargs.setdefault("home_only", is_home_only(instance))
        kwargs.setdefault("object_repr", _repr(instance))
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        from .scopes import is_home_only, path_of

        kwargs.setdefault("org_path", path_of(instance))
        kwargs.setdefault("home_only", is_home_only(instance))
        kwargs.setdefault("object_repr", _repr(instance))
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


class ActorNameField(models.CharField):
    """The actor's username, filled when the entry is inserted (after auditlog's pre_save
    receiver has set the actor from the request), so it outlives the account."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if add and not value and model_instance.actor_id:
            value = model_instance.actor.get_username()[: self.max_length]
            setattr(model_instance, self.attname, value)
        return value


class LogEntry(AbstractLogEntry):
    org_path = models.CharField(
        _("thuộc đơn vị (đường dẫn)"),
        max_length=255,
        blank=True,
        default="",
        db_index=True,
        help_text=_("Đường dẫn của đơn vị sở hữu đối tượng lúc thay đổi; rỗng: toàn hệ thống."),
    )
    home_only = models.BooleanField(
        _("chỉ đơn vị sở hữu xem"),
        default=False,
        help_text=_(
            "Ghi khi đối tượng còn là bản nháp: chỉ lãnh đạo đơn vị sở hữu đọc được, "
            "cấp trên không đọc được."
        ),
    )
    actor_name = ActorNameField(_("người thực hiện"), max_length=150, blank=True, default="")

    objects = EntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-timestamp", "-pk"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReadOnlyLogError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReadOnlyLogError("audit entries are never deleted")
