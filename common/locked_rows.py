"""Rows read under a lock, remembered as they stand in the database for as long as the
transaction that locked them is open: what a later save of the same object changes can
then be told without reading the row again (the audit log's entry of an update).

`remember(row)` right after `select_for_update()` read it; `as_stored(row)` gives a copy
of the row as it stands, or None when it is not known: never remembered, or the
transaction committed or rolled back since, or the savepoint of its last save rolled
back. Each save of a remembered object (post_save) remembers what it wrote.

What is remembered is held by a do-nothing callback of the transaction
(`transaction.on_commit`): Django forgets it at the commit, at the rollback, and at the
rollback of the savepoint it was registered in, so a remembered value never outlives
the lock that makes it true."""

import copy

from django.db import transaction
from django.db.models.signals import post_save

_ATTR = "_stored_while_locked"


class _Stored:
    """A copy of the row, held as a callback of the transaction (run after its commit: it
    does nothing)."""

    __slots__ = ("row",)

    def __init__(self, row):
        self.row = row

    def __call__(self):
        """Nothing to do after the commit: the lock and this copy end with it."""


def _copy(instance):
    """The field values of `instance` (its cached related objects shared, its lists and
    dictionaries of JSON fields copied: they may be changed in place)."""
    row = copy.copy(instance)
    row.__dict__.pop(_ATTR, None)
    for name, value in row.__dict__.items():
        if isinstance(value, (list, dict)):
            row.__dict__[name] = copy.deepcopy(value)
    return row


def _hold(instance, row, using):
    stored = _Stored(row)
    transaction.on_commit(stored, using=using)
    instance.__dict__[_ATTR] = stored


def remember(instance, using=None):
    """`instance` was just read with select_for_update() in the open transaction."""
    if transaction.get_connection(using).in_atomic_block:
        _hold(instance, _copy(instance), using)


def as_stored(instance, using=None):
    """A copy of `instance`'s row as it stands in the database, if known; else None."""
    stored = instance.__dict__.get(_ATTR)
    if stored is None:
        return None
    pending = transaction.get_connection(using).run_on_commit
    if not any(callback is stored for _savepoints, callback, _robust in pending):
        return None
    return stored.row


def _saved(sender, instance, created=False, update_fields=None, using=None, **kwargs):
    """A remembered object was saved: its row now holds what it wrote."""
    if _ATTR not in instance.__dict__:
        return
    if update_fields is None:
        row = _copy(instance)
    else:
        row = as_stored(instance, using)
        if row is None:  # not known any more: forget it
            instance.__dict__.pop(_ATTR, None)
            return
        row = _copy(row)
        for name in update_fields:  # a field's name or its attname: get_field takes both
            field = instance._meta.get_field(name)
            setattr(row, field.attname, copy.deepcopy(getattr(instance, field.attname)))
            row._state.fields_cache.pop(field.name, None)
    _hold(instance, row, using)


post_save.connect(_saved, dispatch_uid="common.locked_rows.saved")
