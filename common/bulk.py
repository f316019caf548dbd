"""bulk_create and bulk_update for rows that people change, telling listeners what was
written: Django sends no model signal for bulk writes, and a higher app (the audit log)
must still see every change. Generated data (demo, seed_scale) keeps the plain ORM calls.

Receivers of `bulk_saved` get `sender` (the model), `objs` (the rows, with their primary
keys), `old` ({pk: row as it was} for an update, None for a create) and `fields`."""

from django.dispatch import Signal

bulk_saved = Signal()


def bulk_create(model, objs, **kwargs):
    created = model._default_manager.bulk_create(list(objs), **kwargs)
    bulk_saved.send(sender=model, objs=created, old=None, fields=None)
    return created


def bulk_update(model, objs, fields, **kwargs):
    objs = list(objs)
    old = None
    if bulk_saved.has_listeners(model):
        old = model._base_manager.in_bulk([obj.pk for obj in objs])
    count = model._default_manager.bulk_update(objs, fields, **kwargs)
    if old is not None:
        bulk_saved.send(sender=model, objs=objs, old=old, fields=list(fields))
    return count
