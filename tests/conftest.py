"""A small two-office tree with users of every role, shared by the test modules.

Bộ ─ Sở A ─ Phòng A ─ school A1 (principal, union chair, group leader, teacher)
   │       │        └ school A2 (principal)
   │       ├ THPT A (directly under the Sở, new shape)
   │       └ commune A ─ school A3 (new shape)
   └ Sở B ─ Phòng B ─ school B1 (principal, teacher)
"""

import copy
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from schools.models import Organization, Role, SchoolYear, Unit
from tests.factories import OrganizationFactory, PersonFactory, UnitFactory, user_with_role
from tests.snapshot import FAST_HASHERS

K = Organization.Kind
OWN_TEMPLATE_DIR = pytest.StashKey[Path]()


def pytest_configure(config):
    _share_the_migrated_database(config)
    _postgresql_for_tests()
    _tables_back_to_migrated_after_a_commit()
    _force_login_without_login_records()


MIGRATED = {}  # the test database's rows as migrated (django_db_setup): {table: rows}


def _tables_back_to_migrated_after_a_commit():
    """After a test that commits (live server, transaction=True) the tables hold again
    the rows the migrations made (tests/snapshot.py: restore_rows), instead of Django's
    flush, which empties them and leaves out what the data migrations wrote (titles,
    authority, money, legal bases): a test of a worker that ran one of those before it
    (pytest-xdist hands out what is left at the end) finds the database as migrated.
    The rows go out and in without a foreign key check per row (PostgreSQL) and the
    tables are not truncated (a new file for each table and index)."""
    from django.test import TransactionTestCase

    from tests import snapshot

    def fixture_teardown(self):
        snapshot.restore_rows(MIGRATED)

    TransactionTestCase._fixture_teardown = fixture_teardown


def _force_login_without_login_records():
    """Client.force_login, a test's way past the login form, into a fresh session and
    without what only a real login is for: axes' record of it and the account's
    last_login (with the session's load and key rotation, 5 % of the suite's CPU: the
    permission matrices alone log in 3,346 times). The product's own receivers of
    user_logged_in still run; logging in through the form (tests/e2e, the tests of
    axes and of passwords) runs everything."""
    from importlib import import_module

    from axes.signals import handle_user_logged_in
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in
    from django.http import HttpRequest
    from django.test import Client

    login_records = {handle_user_logged_in, update_last_login}

    def _login(self, user, backend=None):
        request = HttpRequest()
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        request.session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        request.session[BACKEND_SESSION_KEY] = backend
        request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        request.user = user
        receivers, _asynchronous = user_logged_in._live_receivers(type(user))
        for receiver in receivers:
            if receiver not in login_records:
                receiver(signal=user_logged_in, sender=type(user), request=request, user=user)
        request.session.save()
        self._set_login_cookies(request)

    Client._login = _login


def _share_the_migrated_database(config):
    """A pytest-xdist run's controller gives its workers a folder for the migrated
    database (tests/migrated.py), removed at the end of the run (pytest_sessionfinish)."""
    from tests import migrated

    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if os.environ.get(migrated.ENV):
        return
    os.environ[migrated.ENV] = tempfile.mkdtemp(prefix="thidua-migrated-")
    config.stash[OWN_TEMPLATE_DIR] = Path(os.environ[migrated.ENV])


def pytest_sessionfinish(session):
    directory = session.config.stash.get(OWN_TEMPLATE_DIR, None)
    if directory is not None:
        from pytest_django.plugin import blocking_manager_key

        from tests import migrated

        with session.config.stash[blocking_manager_key].unblock():
            migrated.clean_up(directory, owned=True)
        del os.environ[migrated.ENV]


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's own, except that the database is migrated once per run and
    copied into each test database (tests/migrated.py)."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from tests import migrated, snapshot

    options = {}
    if not django_db_use_migrations:
        _disable_migrations()
    if django_db_keepdb and not django_db_createdb:
        options["keepdb"] = True
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    directory = None if options.get("keepdb") else migrated.run_directory()
    with django_db_blocker.unblock(), migrated.migrating_once(directory):
        db_cfg = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            **options,
        )
    with django_db_blocker.unblock():
        MIGRATED.update(snapshot.dump_rows())
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            _end_other_sessions()
            teardown_databases(db_cfg, verbosity=verbosity)


def _end_other_sessions():
    """PostgreSQL: the other sessions on this process's test database end before it is
    dropped. A connection a thread of a test left open (the live server's, one of a
    task's) would otherwise fail the drop, and the run with it, after all tests passed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _postgresql_for_tests():
    """PostgreSQL, for tests only: a commit does not wait for the write-ahead log to reach
    the disk (nothing is lost but a crash of the server's machine's last moments)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    options = connection.settings_dict.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def no_parts_kept_from_another_test():
    """Each test starts with no kept parts of pages (common/generations): tests that
    share a tree rolled back between them start from the same generations, and one
    that changed rows without a model signal must not find another's page. Documents
    stay: the same HTML is the same PDF or Word file in every test (emulation.rendering),
    and a test that lays one out again from the same HTML learns nothing new."""
    from django.conf import settings
    from django.core.cache import caches

    from emulation.rendering import DOCUMENTS

    for kept in settings.KEPT_CACHES:
        if kept != DOCUMENTS:  # kept by the digest of their HTML: the same in any test
            caches[kept].clear()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo district loaded once per run and database kind (the first test process
    to ask, or `python -m tests.migrated`) and rolled back, kept as rows and files
    (tests/snapshot.py): `demo_snapshot.restore(media_root)` puts it back."""
    from tests import migrated, snapshot

    media = tmp_path_factory.mktemp("demo-snapshot-media")
    with django_db_blocker.unblock():
        return snapshot.demo_taken_once(migrated.run_directory(), media)


@pytest.fixture(scope="module")
def shared_demo(demo_snapshot, django_db_blocker, tmp_path_factory):
    """The demo district for a whole module of tests that only look at it, in a
    transaction rolled back after the module's last test. Each test still runs in its own
    savepoint (ask for `db` too), so one test's writes never reach the next. The demo is
    put back from this process's snapshot (the rows and files `load_demo()` made in a
    transaction, as here), or loaded again if the snapshot was taken on another day."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media),
    ):
        with transaction.atomic():
            yield demo_within_transaction(demo_snapshot, media)
            transaction.set_rollback(True)
        after_demo_rolled_back()


@pytest.fixture
def demo_in_test(db, demo_snapshot, settings, tmp_path):
    """The demo district for one test, in its transaction (rolled back with it): put back
    from this run's snapshot, as `shared_demo` does for a module."""
    settings.MEDIA_ROOT = tmp_path
    yield demo_within_transaction(demo_snapshot, tmp_path)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def demo_within_transaction(demo_snapshot, media):
    """The demo in the current transaction (to be rolled back): from the snapshot, or
    loaded if the day has changed since it was taken (dates relative to today)."""
    from schools.demo import load_demo

    if demo_snapshot.day == timezone.localdate():
        return demo_snapshot.restore(media)
    return load_demo()


def after_demo_rolled_back():
    """A restored snapshot changed cached content type ids, and on PostgreSQL set the
    sequences (not rolled back) to the snapshot's highest ids: both brought back in line
    with the rows as they are again."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from tests import snapshot

    ContentType.objects.clear_cache()
    if connection.vendor == "postgresql":
        snapshot.reset_sequences()


@dataclass
class Tree:
    ministry: Organization
    dept_a: Organization
    office_a: Organization
    school_a1: Organization
    school_a2: Organization
    thpt_a: Organization
    commune_a: Organization
    school_a3: Organization
    dept_b: Organization
    office_b: Organization
    school_b1: Organization
    group_a1: Unit
    group_b1: Unit
    users: dict


SHARED_TREE_MODULES = pytest.StashKey[set]()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in names
        or "live_server" in names
    )


def _uses_database(item):
    names = getattr(item, "fixturenames", ())
    return bool(item.get_closest_marker("django_db")) or "db" in names or _is_transactional(item)


def _module(item):
    return item.nodeid.split("::")[0]


# The tests without a database of these modules take seconds each (processes started)
# and run first: pytest-django puts the tests without a database last, and pytest-xdist
# hands each worker a contiguous share of the list (the other taking half of what is
# left when it runs out), so the last tests of the run decide how long one worker waits
# for the other at the end. (Browser tests first gained nothing measurable: 267.3 and
# 267.8 s for the SQLite tests.)
LONG_FIRST = ("tests/test_deploy.py",)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The modules with the tree and no test that commits build it once (see `tree`);
    in those, the database tests without the tree run first, before it is built, so
    they find the database as they would alone. The tests without a database of
    LONG_FIRST go first."""
    commits = {}
    for item in items:
        if _uses_database(item):
            commits[_module(item)] = commits.get(_module(item), False) or _is_transactional(item)
    shared = {_module(item) for item in items if "tree" in item.fixturenames}
    shared = {module for module in shared if not commits.get(module)}
    ordered, start = [], 0
    while start < len(items):
        module, end = _module(items[start]), start
        while end < len(items) and _module(items[end]) == module:
            end += 1
        run = items[start:end]
        if module in shared:
            run = [i for i in run if "tree" not in i.fixturenames] + [
                i for i in run if "tree" in i.fixturenames
            ]
        ordered.extend(run)
        start = end
    ordered.sort(  # stable: the rest keep their order
        key=lambda item: _uses_database(item) or not _module(item).startswith(LONG_FIRST)
    )
    items[:] = ordered
    config.stash[SHARED_TREE_MODULES] = shared
    _skip_shared_database_in_memory(items)


@dataclass
class SharedTree:
    school_year: str  # the tree's roles are of this year (SchoolYear.name_for)
    tree: "Tree"


@pytest.fixture(scope="module")
def _module_tree(request, django_db_setup, django_db_blocker):
    """The tree built once for a module (one with no test that commits), in a transaction
    open from its first test with the tree to the module's end and then rolled back, as
    Django's TestCase.setUpTestData does: each test runs in a savepoint of it (its writes
    are gone for the next) and gets its own copy of the objects. Elsewhere None: each
    test builds its own."""
    if request.node.nodeid not in request.config.stash.get(SHARED_TREE_MODULES, set()):
        yield None
        return
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                shared = SharedTree(_school_year_now(), build_tree())
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield shared
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def tree(db, _module_tree):
    # The shared tree holds while its roles' school year lasts, midnight or not: a tree
    # built again inside the module's transaction would meet the shared one's accounts
    # (a run across midnight failed so, "duplicate key ... schools_person_user_id_key").
    if _module_tree is not None and _module_tree.school_year == _school_year_now():
        return copy.deepcopy(_module_tree.tree)
    return build_tree()


def _school_year_now():
    return SchoolYear.name_for(timezone.localdate())


def build_tree():
    ministry = OrganizationFactory(name="Bộ GDĐT", kind=K.MINISTRY, school_level="")
    dept_a = OrganizationFactory(name="Sở A", kind=K.DEPARTMENT, parent=ministry, school_level="")
    office_a = OrganizationFactory(name="Phòng A", kind=K.OFFICE, parent=dept_a, school_level="")
    school_a1 = OrganizationFactory(name="Trường A1", parent=office_a)
    school_a2 = OrganizationFactory(name="Trường A2", parent=office_a)
    thpt_a = OrganizationFactory(
        name="THPT A", parent=dept_a, school_level=Organization.Level.UPPER_SECONDARY
    )
    commune_a = OrganizationFactory(
        name="UBND xã A", kind=K.COMMUNE, parent=dept_a, school_level=""
    )
    school_a3 = OrganizationFactory(name="Trường A3", parent=commune_a)
    dept_b = OrganizationFactory(name="Sở B", kind=K.DEPARTMENT, parent=ministry, school_level="")
    office_b = OrganizationFactory(name="Phòng B", kind=K.OFFICE, parent=dept_b, school_level="")
    school_b1 = OrganizationFactory(name="Trường B1", parent=office_b)
    group_a1 = UnitFactory(organization=school_a1, name="Tổ công đoàn 1")
    group_b1 = UnitFactory(organization=school_b1, name="Tổ công đoàn 1")
    users = {
        "admin": user_with_role(Role.ADMINISTRATOR, ministry, username="admin_t"),
        "dept_a": user_with_role(Role.DEPARTMENT_STAFF, dept_a, username="so_a"),
        "office_a": user_with_role(Role.OFFICE_STAFF, office_a, username="phong_a"),
        "principal_a1": user_with_role(Role.PRINCIPAL, school_a1, username="ht_a1"),
        "chair_a1": user_with_role(Role.UNION_CHAIR, school_a1, username="ctcd_a1"),
        "leader_a1": user_with_role(
            Role.UNION_GROUP_LEADER, school_a1, unit=group_a1, username="tt_a1"
        ),
        "teacher_a1": user_with_role(Role.TEACHER, school_a1, unit=group_a1, username="gv_a1"),
        "principal_a2": user_with_role(Role.PRINCIPAL, school_a2, username="ht_a2"),
        "office_b": user_with_role(Role.OFFICE_STAFF, office_b, username="phong_b"),
        "principal_b1": user_with_role(Role.PRINCIPAL, school_b1, username="ht_b1"),
        "teacher_b1": user_with_role(Role.TEACHER, school_b1, unit=group_b1, username="gv_b1"),
    }
    PersonFactory(organization=school_a2, full_name="Lê Thị Hai")
    PersonFactory(organization=school_b1, full_name="Phạm Văn Bê")
    return Tree(
        ministry,
        dept_a,
        office_a,
        school_a1,
        school_a2,
        thpt_a,
        commune_a,
        school_a3,
        dept_b,
        office_b,
        school_b1,
        group_a1,
        group_b1,
        users,
    )


def _skip_shared_database_in_memory(items):
    """Tests of simultaneous writers cannot run on SQLite in memory, where connections
    share one cache and lock whole tables: `make test` runs them in a process of their
    own on a file (THIDUA_TEST_SQLITE_FILE=1)."""
    from django.db import connection

    settings = connection.settings_dict
    in_memory = connection.vendor == "sqlite" and not (settings.get("TEST") or {}).get("NAME")
    if not in_memory:
        return
    skip = pytest.mark.skip(reason="runs on a SQLite file: make test's own process")
    for item in items:
        if item.get_closest_marker("shared_database"):
            item.add_marker(skip)
