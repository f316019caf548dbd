"""A queryset compiled to SQL once, then run for each value of its integer keys.

Django builds a queryset's filters and compiles them to SQL on every call. For a query
every page asks once per person (their roles and staff record, with seven tables
joined), building and compiling cost a millisecond and a half: three times what the
database takes to answer it. `PreparedQuery(build)` compiles `build(*keys)` once per
database and process, and for each call puts the keys into the compiled statement's
parameters: the rows, the model instances and their related objects come out as
Django's own iterable makes them.

`build` must depend on nothing but its integer keys (no date, no setting, no user's
rights): what else it reads is compiled once, for good. The first call compiles it
twice, with two sets of marker values, and refuses (ImproperlyConfigured) unless the
two statements are the same text and their parameters differ exactly where the
markers are: a key the ORM turns into something else (a range, a pattern) is
caught then, not served wrong."""

import copy
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.transaction import TransactionManagementError

# Values no key takes; they are only compiled, never run. Within a 32-bit integer column.
_MARKERS = (2_000_000_011, 2_000_000_111)
_STEP = 1_000  # the markers of the second, third... key
_INT64 = (-(2**63), 2**63 - 1)  # what a database's integer column can be compared with


@dataclass(frozen=True)
class _Compiled:
    queryset: object
    compiler: object
    sql: str
    params: tuple
    slots: tuple  # (position in params, index of the key)


class PreparedQuery:
    def __init__(self, build, keys=1):
        self._build = build
        self._keys = keys
        self._compiled = {}  # database alias -> _Compiled
        self._default_alias = None

    def __call__(self, *keys, using=None):
        """The rows of `build(*keys)`, as a list."""
        if len(keys) != self._keys or not all(
            isinstance(key, int) and not isinstance(key, bool) for key in keys
        ):
            raise TypeError(f"PreparedQuery takes {self._keys} integer key(s), not {keys!r}")
        if not all(_INT64[0] <= key <= _INT64[1] for key in keys):  # from an address
            return list(self._build(*keys))  # the ORM answers as it does (no rows)
        if using is None:
            if self._default_alias is None:
                self._default_alias = router.db_for_read(self._build(*self._markers(0)).model)
            using = self._default_alias
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = keys[index]
        return list(_run(compiled, using, params))

    def _markers(self, which):
        return [_MARKERS[which] + index * _STEP for index in range(self._keys)]

    def _compile(self, alias):
        first, second = (self._build(*self._markers(which)).using(alias) for which in (0, 1))
        compiler = first.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        other_sql, other_params = second.query.get_compiler(using=alias).as_sql()
        slots = _slots(self._markers(0), self._markers(1), params, other_params)
        if (
            sql != other_sql
            or slots is None
            or {index for _, index in slots} != set(range(self._keys))
        ):
            raise ImproperlyConfigured(
                f"{self._build.__qualname__}: its SQL is not one statement with its keys as "
                "parameters; build it with the ORM on each call instead."
            )
        return _Compiled(first, compiler, sql, tuple(params), tuple(slots))


def _slots(markers, other_markers, params, other_params):
    """[(position, key index)] where the two compilations' parameters differ, each a
    key's two markers; None if they differ anywhere else."""
    if len(params) != len(other_params):
        return None
    slots = []
    for position, (value, other) in enumerate(zip(params, other_params, strict=True)):
        if value == other and value not in markers:
            continue
        if value not in markers or other != other_markers[markers.index(value)]:
            return None
        slots.append((position, markers.index(value)))
    return slots


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
    query = copy.copy(compiled.queryset.query)
    query.get_compiler = lambda *args, **kwargs: compiler
    source = compiled.queryset
    queryset = source.__class__(model=source.model, query=query, using=alias)
    queryset._iterable_class = source._iterable_class
    queryset._fields = source._fields
    queryset._prefetch_related_lookups = source._prefetch_related_lookups
    return queryset
