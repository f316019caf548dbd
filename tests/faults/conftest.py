"""Making the database fail in the middle of a state change.

`interrupt(owner, name, on_call, how)` wraps `owner.name` (a manager method such as
`ReviewEvent.objects.create`, or a module function) so that its `on_call`-th call fails:

- how="raise" (every backend): raises django.db.OperationalError instead of running, as
  a lost connection would;
- how="kill" (PostgreSQL): terminates this test's database session for real from a
  second connection (pg_terminate_backend, waiting until the backend is gone), then runs
  the call, which fails on the dead connection.

Tests that kill need committed data and no surrounding test transaction:
`@pytest.mark.django_db(transaction=True)`. HOW parametrizes a test over both ways; the
"kill" case is skipped on SQLite."""

import contextlib
from unittest import mock

import psycopg
import pytest
from django.db import OperationalError, connection

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="kills a PostgreSQL session")
# The ways a test makes the database fail: simulated everywhere, for real on PostgreSQL.
HOW = ["raise", pytest.param("kill", marks=postgres_only)]


def kill_this_session():
    """Terminate the session of Django's default connection from another connection."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as other:
        (done,) = other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()
    assert done, "the session was not terminated"


@contextlib.contextmanager
def interrupt(owner, name, on_call=1, how="raise"):
    """Within the block, the `on_call`-th call of owner.name fails (see the module)."""
    original = getattr(owner, name)
    calls = {"n": 0, "failed": False}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == on_call:
            calls["failed"] = True
            if how == "kill":
                kill_this_session()
            else:
                raise OperationalError("simulated: server closed the connection unexpectedly")
        return original(*args, **kwargs)

    with mock.patch.object(owner, name, wrapper):
        yield calls
    assert calls["failed"], f"{name} was called {calls['n']} times, never failed"


# The awards catalogue, as the migrations wrote it (checked).
from tests.awards.conftest import catalogue  # noqa: E402, F401
