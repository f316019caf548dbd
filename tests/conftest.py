"""A small two-office tree with users of every role, shared by the test modules.

Bộ ─ Sở A ─ Phòng A ─ school A1 (principal, union chair, group leader, teacher)
   │       │        └ school A2 (principal)
   │       ├ THPT A (directly under the Sở, new shape)
   │       └ commune A ─ school A3 (new shape)
   └ Sở B ─ Phòng B ─ school B1 (principal, teacher)
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings

from schools.models import Organization, Role, Unit
from tests.factories import OrganizationFactory, PersonFactory, UnitFactory, user_with_role

K = Organization.Kind


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo district loaded once for a whole module of tests that only look at it,
    in a transaction rolled back after the module's last test. Each test still runs in
    its own savepoint (ask for `db` too), so one test's writes never reach the next."""
    from schools.demo import load_demo

    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
        ),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


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


@pytest.fixture
def tree(db):
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


def pytest_collection_modifyitems(config, items):
    """Tests of simultaneous writers cannot run on SQLite in memory, where connections
    share one cache and lock whole tables: `make test` runs them in a second pass on a
    file (THIDUA_TEST_SQLITE_FILE=1)."""
    from django.db import connection

    settings = connection.settings_dict
    in_memory = connection.vendor == "sqlite" and not (settings.get("TEST") or {}).get("NAME")
    if not in_memory:
        return
    skip = pytest.mark.skip(reason="runs on a SQLite file: make test's second pass")
    for item in items:
        if item.get_closest_marker("shared_database"):
            item.add_marker(skip)
