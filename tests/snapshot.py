"""Whole-database snapshots for tests (issue 17, item 5: the suite's time).

Loading the demo district takes a few seconds; browser tests each need it afresh, since
they commit (a live server reads the database from another thread or connection). The
demo is loaded once per test process (each pytest-xdist worker has its own database),
every row of every table is kept, the load is rolled back, and before each test the
tables are emptied and the same rows put back, ids included, with the demo's files in a
fresh media folder. Rows go back as they were read: SQLite's values as Django stored
them, and PostgreSQL's through COPY in its text format, so what a test sees is byte for byte what
`load_demo()` wrote.

With the run's folder of tests/migrated.py, the first process of the run to ask takes
the snapshot and keeps it there as a file with its media; the others of the same
database kind load that file instead of the demo (`taken_once`)."""

import datetime
import fcntl
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone


def _tables():
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


# PostgreSQL checks each foreign key of each row deleted or copied in with a trigger; a
# whole snapshot goes in (or the whole database goes out) consistent, so the triggers
# are off for the transaction (the tests connect as a superuser, as .ci/run does).
WITHOUT_FOREIGN_KEY_CHECKS = "SET LOCAL session_replication_role = replica"


def delete_sql(tables):
    """DELETE FROM each table: on PostgreSQL a hundred times faster than the TRUNCATE
    Django flushes with (a new file for every table and index, removed at commit); the
    foreign keys Django makes are checked at commit, so the order does not matter."""
    return [f"DELETE FROM {connection.ops.quote_name(table)}" for table in tables]


def _as_stored(value):
    """SQLite hands back dates, times and booleans converted (Django's converters); dates
    and booleans go back in through its adapters as they were, a time as its text."""
    return str(value) if isinstance(value, datetime.time) else value


def dump_rows():
    """Every row of every table of the models, as this connection sees them."""
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                    rows[table] = b"".join(bytes(block) for block in copy)
            else:
                cursor.execute(f"SELECT * FROM {name}")
                columns = [column[0] for column in cursor.description]
                rows[table] = (columns, [tuple(map(_as_stored, row)) for row in cursor])
    return rows


def restore_rows(rows):
    """Empty every table and put `rows` back (ids included); sequences continue after."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(WITHOUT_FOREIGN_KEY_CHECKS)
        for sql in delete_sql(_tables()):
            cursor.execute(sql)
        for table, data in rows.items():
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                if data:
                    with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
                        copy.write(data)
            else:
                columns, values = data
                if values:
                    names = ", ".join(map(connection.ops.quote_name, columns))
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", values)
        reset_sequences()
        fresh_generations()
    # Content types are cached by id for the whole process; the restored ones may carry
    # other ids than those a flush in between made.
    ContentType.objects.clear_cache()


def fresh_generations():
    """A new generation for every scope the rows hold (common/generations): the rows
    come back with the snapshot's tokens, the same in every test, and a request of the
    test before still running in the live server (its page closed under it) may have
    kept a part or a user's roles under them from what it read half-way through this
    restore; under new tokens nothing kept before is ever served."""
    from common.generations.cache import bump
    from common.generations.models import Change

    bump(*Change.objects.values_list("scope", flat=True).distinct())


def reset_sequences():
    """Each table's sequence continues after its highest id."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(sql)


@dataclass
class Snapshot:
    rows: dict
    pickled: bytes  # what the loader returned (the Demo), pickled: a fresh copy per test
    media: Path
    day: datetime.date  # when it was taken: its dates are relative to that day

    def restore(self, media_root):
        """The database as it was at the snapshot, the files copied into media_root;
        returns a fresh copy of what the loader returned."""
        restore_rows(self.rows)
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)
        return pickle.loads(self.pickled)


def take(load, media, using_settings):
    """Run `load()` (with `using_settings`, MEDIA_ROOT=media) in a transaction, keep every
    row and what it returned, and roll it back."""
    with using_settings, transaction.atomic():
        value = load()
        snapshot = Snapshot(dump_rows(), pickle.dumps(value), media, timezone.localdate())
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return snapshot


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def demo_taken_once(directory, media):
    """The demo district's snapshot of this run (`taken_once`), its passwords hashed fast
    as in every test."""
    from django.test import override_settings

    from schools.demo import load_demo

    using = override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media)
    return taken_once(directory, load_demo, media, using)


def taken_once(directory, load, media, using_settings):
    """`take(load, media, using_settings)`, once per run and database kind: kept in
    `directory` (tests/migrated.py's folder of the run) by the first process to get
    here, read from there by the others while it is of today; without a folder, taken."""
    if directory is None:
        return take(load, media, using_settings)
    key = f"demo-{connection.vendor}-{connection.alias}"
    kept, files = directory / f"{key}.pickle", directory / f"{key}-media"
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kept.exists():
            found = pickle.loads(kept.read_bytes())  # noqa: S301 (written by this run)
            if found.day == timezone.localdate():
                return found
        snapshot = take(load, media, using_settings)
        shutil.rmtree(files, ignore_errors=True)
        shutil.copytree(media, files)
        partial = kept.with_suffix(".partial")
        partial.write_bytes(
            pickle.dumps(Snapshot(snapshot.rows, snapshot.pickled, files, snapshot.day))
        )
        os.replace(partial, kept)
        return snapshot
