"""A queryset compiled to SQL once, then run for each value of its keys.

Django builds a queryset's filters and compiles them to SQL on every call. For a query
every page asks once per person (their roles and staff record, with seven tables
joined), building and compiling cost a millisecond and a half: three times what the
database takes to answer it. `PreparedQuery(build)` compiles `build(*keys)` once per
database and process, and for each call puts the keys into the compiled statement's
parameters: the rows, the model instances and their related objects come out as
Django's own iterable makes them.

A key is an integer (an id), an organisation's path (base 36, digits and small
letters, which no LIKE pattern, escape or case changes: "00000100002s") or a moment (a
datetime with its time zone, adapted for the database as Django adapts one). `build`
must depend on nothing but its keys (no date, no setting, no user's rights): what else
it reads is compiled once, for good. The first call compiles it twice, with two sets of
marker values, and refuses (ImproperlyConfigured) unless the two statements are the
same text and their parameters differ exactly where the markers are: an integer key
the ORM turns into something else (a range, a pattern) is caught then, not served
wrong; a path may sit inside a parameter (`path__startswith` makes "00000100002s%"),
and is put there in place of its marker.

`ShapedQuery(build)` is one PreparedQuery per *shape*: `build(shape, *keys)`, where
the shape (a tuple of counts and flags) says how many keys there are and what the
statement looks like; it is how a query built from a person's rights (three schools,
one union group, no office) is compiled once for everyone whose rights have that
shape."""

import copy
import datetime
import re
import weakref
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.transaction import TransactionManagementError

# Values no key takes; they are only compiled, never run. The two sets differ in every
# part (digits, parity; each character of a path and its length; the year, day, hour...
# of a moment), so that a value the build derives from a key (a path's prefix, a
# moment's date) differs between the two compilations and is refused, not compiled in.
# Integers: within a 32-bit integer column.
_MARKERS = (2_000_000_011, 1_357_913_578)
_STEP = 1_000  # the markers of the second, third... key
# A path key's markers: paths themselves (base 36: no LIKE pattern, escape or case
# changes them) that no other marker contains ("…w1z" is not in "…w10z"); the second
# is the first with each character moved on by 18 places, and one longer.
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_SHIFTED = str.maketrans(_BASE36, _BASE36[18:] + _BASE36[:18])
_PATH = re.compile(r"[0-9a-z]{1,255}")  # what a path key may be; anything else: the ORM's
# A moment's markers (aware, in UTC): no key is one; the database gets each adapted as
# Django adapts a moment for it (a datetime for PostgreSQL, text for SQLite).
_MOMENT_MARKERS = (
    datetime.datetime(2091, 2, 3, 4, 5, 6, 11, tzinfo=datetime.UTC),
    datetime.datetime(2097, 8, 9, 10, 11, 12, 123, tzinfo=datetime.UTC),
)
_MOMENT = "moment"  # a slot's template for a moment: the key adapted for the database
_INT64 = (-(2**63), 2**63 - 1)  # what a database's integer column can be compared with
_SHAPES = 256  # shapes compiled per ShapedQuery; past them, the ORM builds each call


@dataclass(frozen=True)
class _Compiled:
    queryset: object
    compiler: object
    sql: str  # None: no row for any keys (an empty list of them)
    params: tuple
    slots: tuple  # (position in params, index of the key, template of a path's or None)
    # connection -> {its columns' ids: get_converters' answer} (_converters_of)
    converters: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)


class PreparedQuery:
    def __init__(self, build, keys=1, every_key=True):
        self._build = build
        self._keys = keys
        # whether each key must be in the statement (a ShapedQuery's may not be: a branch
        # of the rights the shape leaves empty takes its keys with it)
        self._every_key = every_key
        self._compiled = {}  # (database alias, key kinds) -> _Compiled
        self._default_alias = None

    def __call__(self, *keys, using=None):
        """The rows of `build(*keys)`, as a list."""
        if len(keys) != self._keys:
            raise TypeError(f"PreparedQuery takes {self._keys} key(s), not {keys!r}")
        kinds = tuple(_kind(key) for key in keys)
        if not _fits(keys):  # from an address: the ORM answers as it does (no rows)
            return list(self._build(*keys))
        if using is None:
            if self._default_alias is None:
                self._default_alias = router.db_for_read(self._build(*_markers(kinds, 0)).model)
            using = self._default_alias
        compiled = self._compiled.get((using, kinds))
        if compiled is None:
            compiled = self._compiled[(using, kinds)] = self._compile(using, kinds)
        if compiled.sql is None:
            return []
        params = list(compiled.params)
        markers = _markers(kinds, 0)
        for position, index, template in compiled.slots:
            if template is None:
                params[position] = keys[index]
            elif template is _MOMENT:
                params[position] = connections[using].ops.adapt_datetimefield_value(keys[index])
            else:
                params[position] = template.replace(markers[index], keys[index])
        return list(_run(compiled, using, params))

    def _compile(self, alias, kinds):
        markers, other_markers = _markers(kinds, 0), _markers(kinds, 1)
        first, second = (self._build(*m).using(alias) for m in (markers, other_markers))
        sent, other_sent = (_as_sent(kinds, m, alias) for m in (markers, other_markers))
        compiler = first.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # an empty list of ids (its shape): no row, as the ORM says
            sql, params = None, ()
        try:
            other_sql, other_params = second.query.get_compiler(using=alias).as_sql()
        except EmptyResultSet:
            other_sql, other_params = None, ()
        if sql is None and other_sql is None:
            return _Compiled(first, compiler, None, (), ())
        slots = _slots(kinds, sent, other_sent, params, other_params)
        if (
            sql != other_sql
            or slots is None
            or (self._every_key and {index for _, index, _ in slots} != set(range(self._keys)))
        ):
            raise ImproperlyConfigured(
                f"{self._build.__qualname__}: its SQL is not one statement with its keys as "
                "parameters; build it with the ORM on each call instead."
            )
        return _Compiled(first, compiler, sql, tuple(params), tuple(slots))


class ShapedQuery:
    """`build(shape, *keys)` compiled once per shape (common.prepared's docstring)."""

    def __init__(self, build):
        self._build = build
        self._prepared = {}  # shape -> PreparedQuery

    def __call__(self, shape, keys, using=None):
        """The rows of `build(shape, *keys)`, as a list."""
        prepared = self._prepared.get(shape)
        if prepared is None:
            if len(self._prepared) >= _SHAPES:  # an unusual person: built as the ORM does
                return list(self._build(shape, *keys))
            prepared = self._prepared[shape] = PreparedQuery(
                lambda *marked: self._build(shape, *marked), keys=len(keys), every_key=False
            )
            prepared._build.__qualname__ = self._build.__qualname__
        return prepared(*keys, using=using)


def flat(lists):
    """A ShapedQuery's shape and keys for some lists of keys: their lengths, their keys."""
    return tuple(len(values) for values in lists), [key for values in lists for key in values]


def unflat(counts, keys):
    """The lists `flat` made of `keys`, and the keys after them."""
    lists, start = [], 0
    for count in counts:
        lists.append(list(keys[start : start + count]))
        start += count
    return lists, list(keys[start:])


def _kind(key):
    if isinstance(key, int) and not isinstance(key, bool):
        return int
    if isinstance(key, str):
        return str
    if isinstance(key, datetime.datetime):
        return datetime.datetime
    raise TypeError(f"A PreparedQuery key is an integer, a path or a moment, not {key!r}")


def _fits(keys):
    """Whether each key is one the compiled statement can take as the ORM would (a
    moment with its time zone: the ORM warns of one without)."""
    return all(_fits_one(key) for key in keys)


def _fits_one(key):
    if isinstance(key, int):
        return _INT64[0] <= key <= _INT64[1]
    if isinstance(key, str):
        return _PATH.fullmatch(key) is not None
    return key.tzinfo is not None and key.utcoffset() is not None


def _markers(kinds, which):
    return [_marker(kind, which, index) for index, kind in enumerate(kinds)]


def _as_sent(kinds, markers, alias):
    """The markers as the database gets them: a moment adapted as Django adapts one."""
    adapt = connections[alias].ops.adapt_datetimefield_value
    return [
        adapt(m) if kind is datetime.datetime else m for kind, m in zip(kinds, markers, strict=True)
    ]


def _marker(kind, which, index):
    if kind is int:
        return _MARKERS[which] + index * _STEP
    if kind is str:
        path = f"q7000000013w{index}z"
        return path if which == 0 else path.translate(_SHIFTED) + "i"
    return _MOMENT_MARKERS[which] + datetime.timedelta(milliseconds=index)


def _slots(kinds, sent, other_sent, params, other_params):
    """[(position, key index, template)] where the two compilations' parameters differ
    (`sent`, `other_sent`: each key's markers as the database gets them): an integer
    key's two markers (template None), a moment's (_MOMENT), or a parameter holding a
    path key's marker once and nothing else of a key (the template, where the key
    replaces the marker); None if they differ anywhere else."""
    if len(params) != len(other_params):
        return None
    slots = []
    for position, (value, other) in enumerate(zip(params, other_params, strict=True)):
        held = [i for i, kind in enumerate(kinds) if _holds(value, kind, sent[i])]
        if value == other and not held:
            continue
        if len(held) != 1:
            return None
        (index,) = held
        kind, marker, other_marker = kinds[index], sent[index], other_sent[index]
        if kind is str:
            if value.count(marker) != 1 or other != value.replace(marker, other_marker):
                return None  # a path twice in one parameter, or changed
            slots.append((position, index, value))
        elif type(value) is type(marker) and value == marker and other == other_marker:
            slots.append((position, index, None if kind is int else _MOMENT))
        else:
            return None  # an integer or a moment made into something else
    return slots


def _holds(value, kind, marker):
    """Whether a parameter is a key's marker or holds it (the text of any marker)."""
    if isinstance(value, str):
        return str(marker) in value
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and value == marker
    return isinstance(value, datetime.datetime) and value == marker


def _converters_of(compiled, compiler):
    """The compiler's get_converters, each answer kept for the statement and the
    connection (its converters are the connection's own methods): Django asks every
    column's converters again on every run, a quarter of a short query's time."""
    kept = compiled.converters.setdefault(compiler.connection, {})
    ask = type(compiler).get_converters.__get__(compiler)

    def get_converters(expressions):
        key = tuple(map(id, expressions))  # the compiled statement's own columns
        found = kept.get(key)
        if found is None:
            found = kept[key] = ask(expressions)
        return found

    return get_converters


def _run(compiled, alias, params):
    """The compiled queryset's iterable over `params`, on this thread's connection."""
    connection = connections[alias]
    if (
        compiled.queryset.query.select_for_update
        and connection.features.has_select_for_update
        and connection.get_autocommit()
    ):
        # as Django's compiler refuses it: a lock outside a transaction holds nothing
        raise TransactionManagementError(
            "select_for_update cannot be used outside of a transaction."
        )
    compiler = copy.copy(compiled.compiler)
    compiler.connection = connection
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    compiler.get_converters = _converters_of(compiled, compiler)
    query = copy.copy(compiled.queryset.query)
    query.get_compiler = lambda *args, **kwargs: compiler
    source = compiled.queryset
    queryset = source.__class__(model=source.model, query=query, using=alias)
    queryset._iterable_class = source._iterable_class
    queryset._fields = source._fields
    queryset._prefetch_related_lookups = source._prefetch_related_lookups
    return queryset
