"""Entries auditlog's own receivers do not write as wanted: rows written in bulk
(common.bulk: Django sends no model signal for them, so auditlog never sees them; they
are logged here the way auditlog logs a save), and updates of a row locked in the open
transaction, diffed against the row as locked instead of reading it again."""

from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import _get_manager_from_settings
from auditlog.receivers import _create_log_entry, check_disable
from django.conf import settings

from common import locked_rows

from .models import LogEntry
from .scopes import is_logged


def log_bulk(sender, objs, old, fields, **kwargs):
    if auditlog_disabled.get() or not is_logged(sender):
        return
    for obj in objs:
        if old is None:
            action, changes = LogEntry.Action.CREATE, model_instance_diff(None, obj)
        else:
            before = old.get(obj.pk)
            action = LogEntry.Action.UPDATE
            changes = model_instance_diff(before, obj, fields_to_check=fields)
        if changes:
            LogEntry.objects.log_create(obj, action=action, changes=changes)


@check_disable
def log_update(sender, instance, using=None, update_fields=None, **kwargs):
    """auditlog's entry for an update (its pre_save receiver, set in audit.apps): the
    row as it stands is the copy kept when it was locked in this transaction
    (common.locked_rows), else read again as auditlog does."""
    if instance._state.adding or instance.pk is None:
        return
    before = locked_rows.as_stored(instance, using)
    if before is None:
        before = _get_manager_from_settings(sender).filter(pk=instance.pk).first()
    _create_log_entry(
        action=LogEntry.Action.UPDATE,
        instance=instance,
        sender=sender,
        diff_old=before,
        diff_new=instance,
        fields_to_check=update_fields,
        use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
    )
