"""Entries for rows written in bulk (common.bulk): Django sends no model signal for
them, so auditlog never sees them; they are logged here the way auditlog logs a save."""

from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff

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
