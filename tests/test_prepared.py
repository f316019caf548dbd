"""common.prepared: a queryset compiled once gives what the ORM gives, for every key."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.fields import MAX_ID
from common.prepared import PreparedQuery
from registrations import deadlines, participation, permissions, transitions
from registrations.models import DeadlineExtension, InnovationRegistration, Status
from registrations.views import home
from schools.models import Organization, RoleAssignment
from schools.visibility import _roles_of, _roles_with_person
from tests.factories.registrations import make_campaign, make_group, make_registration, person

pytestmark = pytest.mark.django_db


def _as_orm(rows):
    """What a test compares of a role row: its fields and those of what came with it."""
    return [
        (
            row.pk,
            row.role,
            row.organization.name,
            row.unit.name if row.unit else None,
            row.school_year.name,
            row.user.username,
            row.user.person.full_name if hasattr(row.user, "person") else None,
            row.user.person.union_group_id if hasattr(row.user, "person") else None,
        )
        for row in rows
    ]


def test_every_user_gets_the_rows_the_orm_gives(tree):
    users = [*tree.users.values(), get_user_model().objects.create(username="khong_vai_tro")]
    for user in users:
        assert _as_orm(_roles_of(user.pk)) == _as_orm(_roles_with_person(user.pk)), user


def test_what_comes_with_the_rows_asks_no_more(tree):
    teacher = tree.users["teacher_a1"]
    _roles_of(teacher.pk)  # compiled
    with CaptureQueriesContext(connection) as queries:
        rows = _roles_of(teacher.pk)
        _as_orm(rows)
    assert len(queries) == 1
    assert rows[0].user.person.union_group == tree.group_a1


def _counted(monkeypatch, method):
    """A list that gets an item whenever a compiler's `method` is called."""
    calls, original = [], getattr(SQLCompiler, method)
    monkeypatch.setattr(
        SQLCompiler, method, lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    return calls


def _children_of_office_a(tree):
    prepared = PreparedQuery(lambda pk: Organization.objects.filter(parent_id=pk).order_by("pk"))
    assert [o.pk for o in prepared(tree.office_a.pk)] == [tree.school_a1.pk, tree.school_a2.pk]
    return prepared


def test_compiled_once_then_run(tree, monkeypatch):
    prepared = _children_of_office_a(tree)
    compiled = _counted(monkeypatch, "as_sql")
    assert [o.name for o in prepared(tree.office_b.pk)] == ["Trường B1"]
    assert prepared(tree.school_b1.pk) == []
    assert compiled == []


def test_two_keys_each_in_its_place(tree):
    prepared = PreparedQuery(
        lambda parent, excluded: (
            Organization.objects.filter(parent_id=parent)
            .exclude(pk=excluded)
            .values_list("name", flat=True)
        ),
        keys=2,
    )
    assert prepared(tree.office_a.pk, tree.school_a1.pk) == ["Trường A2"]
    assert prepared(tree.office_a.pk, tree.school_a2.pk) == ["Trường A1"]
    assert prepared(tree.school_a2.pk, tree.office_a.pk) == []


@pytest.mark.parametrize(
    "build",
    [
        lambda pk: Organization.objects.filter(name__startswith=str(pk)),  # a pattern
        lambda pk: Organization.objects.filter(pk__range=(pk, pk + 10)),  # a range
        lambda pk: RoleAssignment.objects.filter(user_id=pk, user__date_joined__lte=timezone.now()),
        lambda pk: Organization.objects.filter(pk=1),  # no key at all
    ],
    ids=["pattern", "range", "clock", "no-key"],  # the clock: not the same in two builds
)
def test_refuses_what_is_not_one_statement_of_its_keys(build, tree):
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(build)(tree.office_a.pk)


@pytest.mark.parametrize("keys", [(True,), (1.0,), (None,), (b"1",), (1, 2), ()])
def test_takes_integers_and_paths_only(keys):
    with pytest.raises(TypeError):
        PreparedQuery(lambda pk: Organization.objects.filter(pk=pk))(*keys)


def test_open_campaigns_each_with_the_persons_own_deadline(tree):
    teacher, colleague = (person(tree.users[name]) for name in ("teacher_a1", "leader_a1"))
    made_first = make_campaign(tree.school_a1, deadline_in_days=10, name="Sáng kiến")
    made_next = make_campaign(tree.school_a1, deadline_in_days=5)
    make_campaign(tree.school_b1)
    until = timezone.localdate() + datetime.timedelta(days=40)
    DeadlineExtension.objects.create(campaign=made_next, person=teacher, until=until)

    def shown(person):
        return [
            (c.pk, c.school_year.name, c.planned_deadline, deadlines.annotated_deadline(c))
            for c in deadlines.open_campaigns_with_deadlines(person)
        ]

    for someone in (teacher, colleague, person(tree.users["teacher_b1"])):
        orm = deadlines.with_deadlines(
            deadlines._open_campaigns_of(someone.organization_id), someone
        )
        assert shown(someone) == [
            (c.pk, c.school_year.name, c.planned_deadline, deadlines.annotated_deadline(c))
            for c in orm
        ]
    assert [row[0] for row in shown(teacher)] == [made_next.pk, made_first.pk]  # newest first
    assert shown(teacher)[0][3] == until  # her extension
    assert shown(colleague)[0][3] == timezone.localdate() + datetime.timedelta(days=5)


def _rows(rows):
    """Rows compared field by field: model instances by their fields' values."""
    return [
        tuple(getattr(row, f.attname) for f in row._meta.concrete_fields)
        if hasattr(row, "_meta")
        else row
        for row in rows
    ]


def test_the_home_pages_queries_give_the_orms_rows(tree):
    teacher, leader = (person(tree.users[name]) for name in ("teacher_a1", "leader_a1"))
    campaign = make_campaign(tree.school_a1)
    later = make_campaign(tree.school_a1, name="Sáng kiến")
    make_campaign(tree.school_b1)
    make_registration(campaign, teacher, status=Status.SUBMITTED)
    make_registration(later, leader)
    make_group(campaign, leader, members=[teacher], name="Nhóm B")
    make_group(later, teacher, members=[leader], name="Nhóm A")
    make_group(later, leader, name="Nhóm C")
    prepared = [
        (home._own_m1s, lambda pk: InnovationRegistration.objects.filter(person=pk)),
        (home._own_groups, home._own_groups._build),
        (home._newest_campaign_plans, home._newest_campaign_plan),
        (deadlines._open_of, deadlines._open_campaigns_of),
    ]
    keys = [teacher.pk, leader.pk, tree.school_a1.pk, tree.school_b1.pk, tree.school_a2.pk]
    for query, build in prepared:
        for key in keys:
            assert _rows(query(key)) == _rows(build(key)), (query._build, key)
    assert [g.name for g in home._own_groups(teacher.pk)] == ["Nhóm A", "Nhóm B"]
    for school, made in (
        (tree.school_a1, campaign),
        (tree.school_a1, later),
        (tree.school_b1, later),
    ):
        counted = participation._people_registered_in(school.pk, made.pk)
        assert sorted(counted, key=str) == sorted(
            participation._people_registered(school.pk, made.pk), key=str
        )
    counted = participation._people_registered_in(tree.school_a1.pk, campaign.pk)
    assert sum(registered for _, _, registered, _, _ in counted) == 1  # her submitted M1


@pytest.mark.parametrize("key", [2**63, -(2**63) - 1, int("9" * 25)])
def test_a_key_no_column_can_hold_is_the_orms_to_answer(key, tree):
    prepared = PreparedQuery(lambda pk: Organization.objects.filter(pk=pk))
    assert prepared(tree.office_a.pk) == [tree.office_a]  # compiled
    assert prepared(key) == list(prepared._build(key)) == []  # not sent to the database


def test_an_m1_form_of_a_campaign_numbered_past_any_column_is_not_found(client, tree):
    client.force_login(tree.users["teacher_a1"])
    for number in ("9" * 25, str(2**63)):
        assert client.get(f"/registrations/campaigns/{number}/m1/").status_code == 404


def test_a_schools_role_holders_are_the_orms(tree):
    year = tree.users["teacher_a1"].role_assignments.get().school_year_id
    for school in (tree.school_a1, tree.school_b1, tree.office_a, tree.school_a3):
        orm = sorted(permissions._holders_in(school.pk, year), key=str)
        assert sorted(permissions._holders_named(school.pk, year), key=str) == orm
    names = {row[3] for row in permissions._holders_named(tree.school_a1.pk, year)}
    assert {"Trần Thị Gv_a1", "Trần Thị Ctcd_a1"} <= names


def test_a_form_is_locked_with_what_its_transitions_read(tree, monkeypatch):
    teacher = person(tree.users["teacher_a1"])
    item = make_registration(make_campaign(tree.school_a1), teacher, status=Status.SUBMITTED)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = transitions.lock(item)
        assert (locked.campaign, locked.school, locked.person.user) == (
            item.campaign,
            tree.school_a1,
            tree.users["teacher_a1"],
        )
    assert len(queries) == 1
    if connection.features.has_select_for_update:  # PostgreSQL: locked, and only in a transaction
        assert "FOR UPDATE" in queries[0]["sql"]
        monkeypatch.setattr(connection, "get_autocommit", lambda: True)  # no transaction
        with pytest.raises(TransactionManagementError):
            transitions.lock(item)
        monkeypatch.undo()
    with transaction.atomic(), pytest.raises(InnovationRegistration.DoesNotExist):
        transitions.lock(InnovationRegistration(pk=MAX_ID))


def test_columns_converters_are_asked_once_a_statement_and_connection(tree, monkeypatch):
    prepared = _children_of_office_a(tree)
    asked = _counted(monkeypatch, "get_converters")
    assert [o.name for o in prepared(tree.office_b.pk)] == ["Trường B1"]
    assert [o.name for o in prepared(tree.office_a.pk)] == ["Trường A1", "Trường A2"]
    assert asked == []
