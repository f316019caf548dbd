"""PostgreSQL plans a statement once per connection (config/settings.py,
DATABASE_PREPARE_THRESHOLD): parameters are bound on the server, and a statement run
twice is prepared; `off` (behind PgBouncer in transaction mode) sends text as before.
A statement with more values than the protocol binds goes as text (common/postgresql)."""

import json

import pytest
from django.db import connection

from schools.models import Organization
from tests.test_deploy import run_python

SHOW_OPTIONS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; print(json.dumps([d['ENGINE'], d.get('OPTIONS', {})]))"
)


def _options(env):
    result = run_python(["-c", SHOW_OPTIONS], {"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    assert result.returncode == 0, result.stderr
    engine, options = json.loads(result.stdout)
    if "server_side_binding" in options:
        assert engine == "common.postgresql"
    else:
        assert engine in ENGINES
    return options


ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")


def test_the_threshold_comes_from_the_environment_and_only_for_postgresql():
    pg = "postgres://postgres@127.0.0.1:5432/thidua"
    assert _options({"DATABASE_URL": pg}) == {"server_side_binding": True, "prepare_threshold": 2}
    assert (
        _options({"DATABASE_URL": pg, "DATABASE_PREPARE_THRESHOLD": "5"})["prepare_threshold"] == 5
    )
    assert _options({"DATABASE_URL": pg, "DATABASE_PREPARE_THRESHOLD": "off"}) == {}
    sqlite = _options({"DATABASE_URL": "sqlite:////tmp/thidua-options.sqlite3"})
    assert "server_side_binding" not in sqlite and "prepare_threshold" not in sqlite


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own statements")
def test_a_statement_run_again_on_a_connection_is_prepared(db):
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%"schools_organization"."path" = $1%'],
            )
            return cursor.fetchone()[0]

    before = prepared()
    for path in ["0001", "0002", "0003"]:  # one statement, other values
        list(Organization.objects.filter(path=path))
    assert prepared() == before + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's protocol")
def test_more_values_than_a_statement_binds_go_as_text(db):
    """PostgreSQL binds at most 65,535 values to a statement: a filter on 70,000 ids
    (a province's nominations) is sent with its values in its text, percent signs and
    quotes kept as they are."""
    odd = Organization.objects.create(name="Trường 100% đạt 'chuẩn'", kind="school")
    Organization.objects.create(name="Trường 100 đạt", kind="school")
    ids = [*range(10**9, 10**9 + 70_000), odd.pk]
    found = Organization.objects.filter(pk__in=ids, name__contains="100% đạt 'chuẩn'")
    assert list(found.values_list("name", flat=True)) == ["Trường 100% đạt 'chuẩn'"]
    assert Organization.objects.filter(pk__in=ids).count() == 1
