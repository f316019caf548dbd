"""Test databases migrated once per run and copied (issue 17, item 5: the suite's time).

Migrating an empty database takes some 20 s of CPU, nearly all of it Django building the
models' states of each migration. Each pytest-xdist worker has its own test database, and
`make test` runs a second pytest for the tests of simultaneous writers: instead of each
of them migrating, the first to get here migrates as Django always does (data migrations
and post_migrate included) and keeps the result; the others get an exact copy of it:

- SQLite: the migrated database copied with SQLite's backup API, page by page, into a
  file of the run and from it into the next test database (in memory or a file);
- PostgreSQL: a database of the run, `test_<name>_template`, made from the migrated test
  database with CREATE DATABASE ... TEMPLATE, and each next test database made from it
  the same way.

Where the copies live: THIDUA_TEST_TEMPLATE_DIR, a folder. `make test` and .ci/run give
one to all their pytest runs and remove it after; a pytest-xdist run without it makes
one for its workers and removes it at its end (tests/conftest.py). One pytest process
without xdist and without the variable migrates as before. The first to get here
migrates while holding a lock in the folder; the others wait for it."""

import contextlib
import fcntl
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock

ENV = "THIDUA_TEST_TEMPLATE_DIR"


def run_directory():
    """The folder the copies of this run live in, or None (migrate as usual)."""
    return Path(os.environ[ENV]) if os.environ.get(ENV) else None


@contextlib.contextmanager
def migrating_once(directory):
    """Within the block (Django's setup_databases), each `migrate` of a test database
    copies the run's migrated database instead, or migrates and keeps it."""
    from django.core import management
    from django.db import DEFAULT_DB_ALIAS, connections

    if directory is None:
        yield
        return
    real = management.call_command

    def call_command(name, *args, **options):
        if name != "migrate":
            return real(name, *args, **options)
        connection = connections[options.get("database", DEFAULT_DB_ALIAS)]
        return _migrate_or_copy(directory, connection, lambda: real(name, *args, **options))

    with mock.patch.object(management, "call_command", call_command):
        yield


def _migrate_or_copy(directory, connection, migrate):
    store = {"sqlite": _SQLite, "postgresql": _PostgreSQL}.get(connection.vendor)
    if store is None:
        return migrate()
    directory.mkdir(parents=True, exist_ok=True)
    store = store(directory, connection)
    with open(directory / f"{store.key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if store.ready.exists():
            store.copy_into_test_database()
            return None
        result = migrate()
        store.keep()
        store.ready.touch()
        return result


class _SQLite:
    def __init__(self, directory, connection):
        self.connection = connection
        self.key = f"sqlite-{connection.alias}"
        self.ready = directory / f"{self.key}.sqlite3"

    def keep(self):
        self.connection.ensure_connection()
        partial = self.ready.with_suffix(".partial")
        target = sqlite3.connect(partial)
        try:
            self.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, self.ready)

    def copy_into_test_database(self):
        self.connection.ensure_connection()
        source = sqlite3.connect(self.ready)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()
        # The next connection runs the settings' init_command (journal mode) again.
        self.connection.close()


class _PostgreSQL:
    def __init__(self, directory, connection):
        self.connection = connection
        self.key = f"postgresql-{connection.alias}"
        self.ready = directory / f"{self.key}.ready"
        self.template = template_name(connection.settings_dict["NAME"])

    def _run(self, *statements):
        self.connection.close()
        with self.connection._nodb_cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def keep(self):
        quote = self.connection.ops.quote_name
        self._run(
            f"DROP DATABASE IF EXISTS {quote(self.template)}",
            f"CREATE DATABASE {quote(self.template)} TEMPLATE "
            f"{quote(self.connection.settings_dict['NAME'])}",
        )

    def copy_into_test_database(self):
        quote = self.connection.ops.quote_name
        name = quote(self.connection.settings_dict["NAME"])
        self._run(
            f"DROP DATABASE {name}",
            f"CREATE DATABASE {name} TEMPLATE {quote(self.template)}",
        )


def template_name(test_database_name):
    """test_<name>_template, beside the workers' test_<name>_gw0, ..."""
    return re.sub(r"_gw\d+$", "", test_database_name) + "_template"


def clean_up(directory, owned):
    """At the end of the run (its controller): drop the PostgreSQL templates and remove
    the folder, unless it was given (THIDUA_TEST_TEMPLATE_DIR)."""
    from django.db import connections

    if directory is None or not directory.exists():
        return
    for alias in connections:
        connection = connections[alias]
        if connection.vendor == "postgresql" and (directory / f"postgresql-{alias}.ready").exists():
            connection.close()
            with connection._nodb_cursor() as cursor:
                # Outside the tests, the settings hold the name the tests' is made from.
                name = template_name(connection.creation._get_test_db_name())
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
            (directory / f"postgresql-{alias}.ready").unlink()
    if owned:
        shutil.rmtree(directory, ignore_errors=True)


def main():
    """`python -m tests.migrated`: migrate the database of DATABASE_URL's kind once into
    THIDUA_TEST_TEMPLATE_DIR as the tests' setup would, and take the demo's snapshot
    there (tests/snapshot.py: taken_once), for the pytest runs given the same folder
    (.ci/run does it for PostgreSQL while the SQLite tests run)."""
    import django
    from django.test.utils import setup_databases, teardown_databases

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    directory = run_directory()
    if directory is None:
        raise SystemExit(f"{ENV} is not set")
    from tests import snapshot

    with migrating_once(directory):
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    with tempfile.TemporaryDirectory() as media:
        snapshot.demo_taken_once(directory, Path(media))
    teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
