"""The one way a state change is saved: the new status, the version bumped (the pages'
optimistic lock), the row saved and its history written. The caller holds the row's
lock, has checked who may act, and sends its notifications after the commit."""


def change_status(obj, to_status, write_history, update_fields=None):
    """Move `obj` (a model with `status` and `version`) to `to_status`, save it (only
    `update_fields` with the status and version, when named) and call
    `write_history(from_status, to_status)`. Returns the status it left."""
    from_status = obj.status
    obj.status = to_status
    obj.version += 1
    if update_fields is not None:
        update_fields = {*update_fields, "status", "version"}
    obj.save(update_fields=update_fields)
    write_history(from_status, to_status)
    return from_status
