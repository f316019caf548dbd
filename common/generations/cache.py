"""Parts of pages kept across requests while what they show has not changed.

A *scope* names a set of rows whose change makes cached parts stale: ``CONTENT`` (the
organisations, people, roles, plans, blocks and awards: written rarely, by offices and
principals), one school's forms (``school_scope(pk)``: written all day long by its
teachers and reviewers), one person's own forms (``person_scope(pk)``) or a school's M2
groups and deadline extensions (``groups_scope(pk)``). Each app says in its
AppConfig.ready() which of its models move which scope (`watch`); every save, delete,
many-to-many change and bulk write (common.bulk) of such a model then adds a row to the
scope's history, in the same transaction as the change: a reader that sees the new data
sees the new generation, and a rolled-back change takes its generation back with it.

`cached(key, scopes, build)` keeps `build()`'s text in this process's cache under the
key and the newest generation of each scope (one indexed query for all of them): many
processes can each keep a copy, none can serve one that a committed write made stale.
Generations are random numbers, not counters, so two different histories of the same
database (a test rolled back, a database loaded again) never share one.

In a request each scope's generation is read once (CONTENT's with the session,
sessions.py); a write of the request forgets the generations of the scopes it moves, so
what it changed is read again. A part built later in the request from newer rows, kept
under an older generation, is only built again by the next request."""

import contextlib
import contextvars
import datetime
import hashlib
import secrets
import zlib

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from common import request_cache
from common.bulk import bulk_saved

from .models import Change

CONTENT = "content"
CACHE = "parts"  # settings.CACHES: this process's memory
FILES = "files"  # settings.CACHES: files kept, few, each at most FILE_LIMIT bytes
FILE_LIMIT = 512 * 1024
PRUNE_ONE_IN = 200  # a bump in so many also drops the scope's older rows
BUMP_ROWS = 500  # scopes moved by one statement (a bulk write moves many)

_TABLE = Change._meta.db_table
_BUMP = f"INSERT INTO {_TABLE} (scope, token) VALUES {{rows}}"
_PRUNE = (
    f"DELETE FROM {_TABLE} WHERE scope = %s "
    f"AND id < (SELECT MAX(id) FROM {_TABLE} WHERE scope = %s)"
)
_NEWEST = (
    f"SELECT scope, token FROM {_TABLE} WHERE id IN "
    f"(SELECT MAX(id) FROM {_TABLE} WHERE scope IN ({{marks}}) GROUP BY scope)"
)


def school_scope(school_id):
    return f"school:{school_id}"


def person_scope(person_id):
    """One person's own forms (what their home page lists as theirs)."""
    return f"person:{person_id}"


def groups_scope(school_id):
    """A school's M2 groups and deadline extensions: they concern several people."""
    return f"groups:{school_id}"


# Set while rows are loaded as they were, their generations with them (a restore).
_loading = contextvars.ContextVar("generations_loading", default=False)


@contextlib.contextmanager
def loading_as_saved():
    """Rows written here are loaded as they were saved, their generations among them (a
    backup restored): nothing moves."""
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)


def bump(*scopes):
    """What `scopes` show has changed (inside the caller's transaction); now and then
    the scope's older rows go, after the commit (no lock held with the writer's)."""
    if _loading.get():
        return
    scopes = sorted({scope for scope in scopes if scope})
    store = request_cache.current()
    seen = store.get(_SEEN, {}) if store is not None else {}
    for scope in scopes:  # read again when next asked; the others still hold
        seen.pop(scope, None)
        if secrets.randbelow(PRUNE_ONE_IN) == 0:
            transaction.on_commit(lambda scope=scope: _prune(scope))
    with connection.cursor() as cursor:
        for start in range(0, len(scopes), BUMP_ROWS):  # one statement for a write's scopes
            chunk = scopes[start : start + BUMP_ROWS]
            rows = ", ".join(["(%s, %s)"] * len(chunk))
            params = [value for scope in chunk for value in (scope, secrets.randbits(62))]
            cursor.execute(_BUMP.format(rows=rows), params)


def _prune(scope):
    with connection.cursor() as cursor:
        cursor.execute(_PRUNE, [scope, scope])


_SEEN = "generations"  # the request's {scope: token} read so far (common.request_cache)
_FOUND = "kept"  # the request's {key with generations: value} taken from the cache


def _seen():
    store = request_cache.current()
    return store.setdefault(_SEEN, {}) if store is not None else {}


def known(scope, token):
    """`scope`'s newest token, read by another query of the request (the session's)."""
    _seen()[scope] = token


def generations(scopes):
    """{scope: newest token} (0 for a scope never changed), in one query; in a request,
    none for a scope read already."""
    scopes = sorted(set(scopes))
    seen = _seen()
    missing = [scope for scope in scopes if scope not in seen]
    if missing:
        seen.update(dict.fromkeys(missing, 0))
        with connection.cursor() as cursor:
            cursor.execute(_NEWEST.format(marks=", ".join(["%s"] * len(missing))), missing)
            seen.update(cursor.fetchall())
    return {scope: seen[scope] for scope in scopes}


def cached(key, scopes, build, found=None, store=CACHE, keep=None):
    """`build()` kept under `key` while no scope in `scopes` changes; `found` gives the
    generations when the caller has read them already (`generations`); `keep(value)`
    may refuse to keep a value (it is still returned). Asked again in a request, under
    the same generations, it gives the value it gave (not read and unpickled again)."""
    found = found if found is not None else generations(scopes)
    full_key = ":".join([key, *(f"{scope}={found[scope]}" for scope in sorted(set(scopes)))])
    # the address is the visitor's: any length, any character; the key's digest is not
    full_key = hashlib.sha256(full_key.encode()).hexdigest()
    request = request_cache.current()
    found_in_request = request.setdefault(_FOUND, {}) if request is not None else {}
    if full_key in found_in_request:  # asked again in the request: not unpickled again
        return found_in_request[full_key]
    kept = caches[store]
    value = kept.get(full_key)
    if value is None:
        value = build()
        if keep is None or keep(value):
            kept.set(full_key, value)
    found_in_request[full_key] = value
    return value


def _request_key(name, request, owner=None):
    """A kept thing is the person's (or `owner`'s), for this address, language, day
    and hour (`hour_of`)."""
    key = ":".join(
        [
            name,
            owner or str(request.user.pk),
            request.get_full_path(),
            translation.get_language() or "",
        ]
    )
    return f"{key}:{hour_of(key)}"


def hour_of(key, now=None):
    """The day, and the hour that began at a second of the key's own (0-3599 past the
    clock's hour): a kept thing is built again within the hour and at midnight, as when
    the clock's hour was taken, but not everyone's at the same moment (on the hour,
    every person's pages and parts were built again at once)."""
    now = timezone.localtime(now)
    shifted = now - datetime.timedelta(seconds=zlib.crc32(key.encode()) % 3600)
    return f"{now:%Y%m%d}:{shifted:%Y%m%d%H}"


def kept_file(request, name, scopes, build, owner=None):
    """`build()` -> (content, filename) kept like a part when the file is small (a
    Phòng's round, not the province's 50,000 rows); `owner` as in `kept_text`."""
    return cached(
        _request_key(name, request, owner),
        scopes,
        build,
        store=FILES,
        keep=lambda made: len(made[0]) <= FILE_LIMIT,
    )


# What {% csrf_token %} writes in a kept part, replaced by the request's own token.
CSRF_MARK = "csrf-token-of-the-request"


def render_part(template_name, context):
    """A part's HTML, rendered without the request (no context processors run): the
    context gives what the template uses; {% csrf_token %} writes CSRF_MARK."""
    return render_to_string(template_name, {**context, "csrf_token": CSRF_MARK})


def kept_text(request, name, scopes, build, owner):
    """`build()` (render_part's HTML, its CSRF mark left in) kept for `owner` instead of
    the person: a text naming what it depends on, which everyone it names may be shown
    (the rights of people who hold the same roles: schools.visibility.rights_owner)."""
    return cached(_request_key(name, request, owner), scopes, build)


def kept_part(request, name, scopes, build, found=None, owner=None):
    """`build()` (render_part's HTML) kept for this person (or `owner`, as in
    `kept_text`), address, language, day and hour while `scopes` do not change; the
    request's CSRF token put in."""
    html = cached(_request_key(name, request, owner), scopes, build, found)
    return mark_safe(html.replace(CSRF_MARK, get_token(request))) if html else ""  # noqa: S308


def _as_list(scopes):
    return [scopes] if scopes is None or isinstance(scopes, str) else list(scopes)


def watch(model, scope=CONTENT, unless_only=frozenset()):
    """Every change to `model`'s rows moves `scope`: a name, or a function(row) giving
    one or a list of them (None: no cached part shows that row); not a save of
    `unless_only` fields alone (a login's last_login)."""
    scope_of = (lambda row: _as_list(scope(row))) if callable(scope) else (lambda row: [scope])

    def saved(sender, instance, update_fields=None, raw=False, **kwargs):
        # raw: rows loaded as they were (a restored backup, its generations with them)
        if raw or (update_fields and set(update_fields) <= unless_only):
            return
        bump(*scope_of(instance))

    def written_in_bulk(sender, objs, **kwargs):
        bump(*(scope for row in objs for scope in scope_of(row)))

    def linked(sender, instance, action, **kwargs):
        if action.startswith("post_"):
            bump(*(scope_of(instance) if isinstance(instance, model) else [CONTENT]))

    uid = f"generations:{model._meta.label}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    bulk_saved.connect(written_in_bulk, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(linked, sender=through, weak=False, dispatch_uid=f"{uid}:{field.name}")


def watch_app(app_config, scope=CONTENT, leave=()):
    """`watch` every model of an app (but those in `leave`)."""
    for model in app_config.get_models():
        if model not in leave:
            watch(model, scope)
