"""Queries over what a person's rights let her see, compiled once per shape of those
rights (common.prepared.ShapedQuery, schools.visibility.VisibleQuery): for every user,
the rows the ORM gives."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.prepared import PreparedQuery, ShapedQuery, flat, unflat
from emulation import views as plan_views
from emulation.blocks import views as block_views
from emulation.models import BlockMeeting, BlockMembership, Campaign, EmulationBlock, Plan
from registrations import permissions
from registrations.models import InnovationRegistration, Status, TeacherGroup
from registrations.views import detail, home, review_rows
from schools import visibility
from schools.models import Organization, Role, SchoolYear, Unit
from tests.factories import assign_role, user_with_role
from tests.factories.emulation import make_plan
from tests.factories.registrations import make_campaign, make_group, make_registration, person
from tests.test_prepared import _counted

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _rows(rows):
    return [tuple(getattr(row, f.attname) for f in row._meta.concrete_fields) for row in rows]


def _forget(user):
    """The user's Access built again (as on another request)."""
    user.__dict__.pop("_tdkt_access", None)
    return user


@pytest.fixture
def rights(tree):
    """The tree with people whose rights have other shapes than one role each: a
    principal of two schools who chairs a third's union, a leader of two union groups,
    an office specialist who teaches, a user with no role; and forms, plans and blocks
    for them to see."""
    year = SchoolYear.current()
    users = dict(tree.users)
    users["two_schools"] = user_with_role(Role.PRINCIPAL, tree.school_a2, username="ht_hai")
    assign_role(users["two_schools"], Role.PRINCIPAL, tree.school_a3, school_year=year)
    assign_role(users["two_schools"], Role.UNION_CHAIR, tree.school_a1, school_year=year)
    group_a2 = Unit.objects.create(
        organization=tree.school_a1, kind=Unit.Kind.UNION_GROUP, name="Tổ công đoàn 2"
    )
    users["two_groups"] = user_with_role(
        Role.UNION_GROUP_LEADER, tree.school_a1, unit=tree.group_a1, username="tt_hai"
    )
    leads = Role.UNION_GROUP_LEADER
    assign_role(users["two_groups"], leads, tree.school_a1, unit=group_a2, school_year=year)
    users["office_teacher"] = user_with_role(Role.OFFICE_STAFF, tree.office_a, username="pt")
    assign_role(
        users["office_teacher"], Role.TEACHER, tree.school_a1, unit=tree.group_a1, school_year=year
    )
    users["nobody"] = get_user_model().objects.create(username="khong_vai_tro")

    statuses = (Status.DRAFT, Status.SUBMITTED, Status.FORWARDED, Status.APPROVED)
    teacher, leader, teacher_b = (
        person(tree.users[name]) for name in ("teacher_a1", "leader_a1", "teacher_b1")
    )
    for status in statuses:  # one M1 a person a campaign: a campaign for each status
        a1, b1 = (make_campaign(s, name=f"Đợt {status}") for s in (tree.school_a1, tree.school_b1))
        make_registration(a1, teacher, status=status)
        make_registration(a1, leader, status=status)
        make_registration(b1, teacher_b, status=status)
    campaigns = {s: make_campaign(s) for s in (tree.school_a1, tree.school_a2, tree.school_b1)}
    other_group = make_registration(
        campaigns[tree.school_a1], person(users["two_groups"]), status=Status.SUBMITTED
    )
    InnovationRegistration.objects.filter(pk=other_group.pk).update(union_group=group_a2)
    make_registration(
        campaigns[tree.school_a2], person(users["two_schools"]), status=Status.FORWARDED
    )
    make_group(campaigns[tree.school_a1], leader, members=[teacher], status=Status.FORWARDED)
    make_group(campaigns[tree.school_a1], teacher, status=Status.SUBMITTED, name="Nhóm hai")
    make_group(campaigns[tree.school_b1], teacher_b, status=Status.FORWARDED, name="Nhóm B")

    published = Plan.Status.PUBLISHED
    for organization in (tree.office_a, tree.school_a1, tree.school_b1, tree.dept_a):
        make_plan(organization, status=published)
    make_plan(tree.school_a1)  # a draft: its own school's
    block_plan = make_plan(tree.school_a2, status=published, title="Kế hoạch của khối")
    block = EmulationBlock.objects.create(
        office=tree.office_a,
        school_year=year,
        name="Khối A",
        leader_school=tree.school_a2,
        plan=block_plan,
    )
    for school in (tree.school_a1, tree.school_a2):
        BlockMembership.objects.create(block=block, school=school, school_year=year)
    EmulationBlock.objects.create(
        office=tree.office_b, school_year=year, name="Khối B", leader_school=tree.school_b1
    )
    return users


@pytest.mark.parametrize("model", [Plan, EmulationBlock, InnovationRegistration, TeacherGroup])
def test_what_a_user_sees_is_the_orms_for_every_user(model, rights):
    query = visibility.VisibleQuery(model, lambda rows: rows.order_by("pk"))
    seen = set()
    for name, user in rights.items():
        expected = _rows(visibility.visible(_forget(user), model).order_by("pk"))
        assert _rows(query(_forget(user))) == expected, name
        seen.add(len(expected))
    assert len(seen) > 2  # people see different rows: the test tells them apart


def test_the_home_boxes_are_the_orms_for_every_user(rights, tree):
    year, now = SchoolYear.current(), timezone.now()
    block = EmulationBlock.objects.get(name="Khối A")
    for days in (-2, 1, 5):  # one past, two to come (in another time zone: the same moment)
        BlockMeeting.objects.create(
            block=block,
            starts_at=(now + datetime.timedelta(days=days)).astimezone(HANOI),
            host_school=tree.school_a2,
            place="Trường A2",
            topic="Họp khối",
        )
    shown = set()
    for name, user in rights.items():
        plans = (
            visibility.visible(_forget(user), Plan)
            .filter(status__in=plan_views.PUBLIC_STATUSES)
            .select_related("organization")
            .order_by("-issue_date", "-pk")[:5]
        )
        assert _rows(plan_views._newest_public_plans(_forget(user))) == _rows(plans), name
        blocks = block_views.blocks_visible(_forget(user)).filter(school_year=year)[:3]
        assert _rows(block_views._blocks_of_year(_forget(user), year.pk)) == _rows(blocks), name
        for when in (now - datetime.timedelta(days=30), now, now + datetime.timedelta(days=3)):
            meetings = BlockMeeting.objects.filter(
                block__in=block_views.blocks_visible(_forget(user)), starts_at__gte=when
            ).order_by("starts_at")[:5]
            got = block_views._upcoming_meetings(_forget(user), when)
            assert _rows(got) == _rows(meetings), (name, when)
            shown.add(len(got))
    assert shown == {0, 1, 2, 3}  # none (another Phòng), from a month ago, now, in 3 days


def _waiting_by_the_orm(user, model):
    access = visibility.access_for(_forget(user))
    rows = home._waiting_rows(permissions.waiting(user, model), model, access.school_year)
    return [(row.pk, row.waiting_total, row.principal_approves) for row in rows]


def test_what_waits_for_each_user_is_the_orms(rights):
    shown = set()
    for name, user in rights.items():
        access = visibility.access_for(_forget(user))
        for model in (InnovationRegistration, TeacherGroup):
            rows, count = home._first_waiting(user, access, model)
            got = [(row.pk, row.waiting_total, row.principal_approves) for row in rows]
            assert got == _waiting_by_the_orm(user, model), (name, model)
            shown.add((model, count))
    assert len(shown) > 3


def test_a_principal_approves_where_no_other_chair_is(rights, tree):
    """The principal of A2 and A3 chairs A1's union: A2's forwarded form waits for her
    as its principal (no chair at A2), A1's as its chair."""
    user = rights["two_schools"]
    access = visibility.access_for(_forget(user))
    rows, _count = home._first_waiting(user, access, InnovationRegistration)
    assert {row.school_id for row in rows} == {tree.school_a1.pk}  # her own A2 form is hers
    assert all(row.status == Status.FORWARDED for row in rows)


def test_a_shape_is_compiled_once(rights, monkeypatch):
    query = visibility.VisibleQuery(InnovationRegistration, lambda rows: rows.order_by("pk"))
    query(_forget(rights["teacher_a1"]))  # compiled for one teacher
    other = rights["teacher_b1"]
    expected = _rows(InnovationRegistration.objects.filter(person__user=other).order_by("pk"))
    visibility.access_for(_forget(other))  # her rights, read as on her first request
    compiled = _counted(monkeypatch, "as_sql")
    assert _rows(query(other)) == expected
    assert len(expected) == 4
    assert compiled == []


def test_an_empty_shape_answers_without_the_database(tree):
    query = ShapedQuery(lambda shape, *pks: Organization.objects.filter(pk__in=pks))
    with CaptureQueriesContext(connection) as queries:
        assert query((0,), []) == []
    assert len(queries) == 0
    assert query((2,), [tree.school_a1.pk, tree.school_b1.pk]) == sorted(
        [tree.school_a1, tree.school_b1], key=lambda o: o.pk
    )


def test_paths_below_are_the_orms(tree):
    below = PreparedQuery(lambda path: Organization.objects.filter(path__startswith=path))
    for organization in Organization.objects.all():
        expected = list(Organization.objects.filter(path__startswith=organization.path))
        assert sorted(below(organization.path), key=lambda o: o.pk) == sorted(
            expected, key=lambda o: o.pk
        )
    for odd in ("%", "_", "0%", "A", tree.office_a.path.upper(), tree.office_a.path + "'"):
        assert below(odd) == list(Organization.objects.filter(path__startswith=odd))


def test_a_moment_is_the_orms_and_one_without_its_zone_is_the_orms_to_answer(tree):
    joined = PreparedQuery(
        lambda when: get_user_model().objects.filter(date_joined__lte=when).order_by("pk")
    )
    first = get_user_model().objects.order_by("date_joined").first()
    for when in (first.date_joined, first.date_joined - datetime.timedelta(seconds=1)):
        for moment in (when, when.astimezone(HANOI)):
            expected = list(get_user_model().objects.filter(date_joined__lte=moment).order_by("pk"))
            assert joined(moment) == expected
    assert joined(timezone.now()) == list(get_user_model().objects.order_by("pk"))


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda shape, path: Organization.objects.filter(name=path[:5]), "path"),  # a prefix
        (lambda shape, path: Organization.objects.filter(path__startswith=path[-3:]), "path"),
        (  # a moment's day
            lambda shape, when: Organization.objects.filter(
                pk__in=get_user_model().objects.filter(date_joined__date=when.date()).values("pk")
            ),
            "moment",
        ),
        (lambda shape, when: Organization.objects.filter(pk__gt=when.hour), "moment"),
        (lambda shape, pk: Organization.objects.filter(pk=pk % 10), "id"),
    ],
    ids=["prefix", "suffix", "day", "hour", "last-digit"],
)
def test_a_shape_refuses_what_is_derived_from_a_key(build, key, tree):
    """A shape's keys need not all be in the statement (an empty branch of the rights
    takes its keys with it), so what a build derives from a key must differ between
    the two compilations, to be refused rather than compiled in."""
    keys = {"path": tree.office_a.path, "moment": timezone.now(), "id": tree.office_a.pk}
    with pytest.raises(ImproperlyConfigured):
        ShapedQuery(build)((1,), [keys[key]])


@pytest.mark.parametrize(
    "build",
    [
        lambda path: Organization.objects.filter(name=path + path),  # twice in a parameter
        lambda path: Organization.objects.filter(path__startswith=path.upper()),  # changed
        lambda path: Organization.objects.filter(name=path[:5]),  # a part of it
    ],
    ids=["twice", "changed", "cut"],
)
def test_refuses_a_path_not_put_as_it_is(build, tree):
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(build)(tree.office_a.path)


def test_flat_and_unflat_give_back_the_lists():
    counts, keys = flat([[1, 2], [], ["ab"]])
    assert (counts, keys) == ((2, 0, 1), [1, 2, "ab"])
    assert unflat(counts, [*keys, 7]) == ([[1, 2], [], ["ab"]], [7])


def _listed(rows):
    return (
        [(r.pk, r.is_waiting, r.principal_approves) for r in rows.page],
        rows.page.paginator.count,
        [(g.pk, g.is_waiting, g.principal_approves) for g in rows.groups],
        rows.m1_waiting,
    )


def test_the_review_lists_rows_are_the_orms_for_every_user_and_filter(rights, tree):
    campaigns = [  # the forms of every kind, the forwarded ones, another school's
        Campaign.objects.get(pk=TeacherGroup.objects.filter(school=tree.school_a1)[0].campaign_id),
        *Campaign.objects.filter(name=f"Đợt {Status.FORWARDED}"),
    ]
    field = InnovationRegistration.objects.exclude(fields=[]).values_list("fields", flat=True)[0]
    shown_lists = set()
    for campaign in campaigns:
        for group, status, innovation in (
            (None, "", ""),
            (None, Status.FORWARDED, ""),
            (tree.group_a1.pk, Status.SUBMITTED, ""),
            (None, "", field[0]),
        ):
            shown = review_rows.Shown(campaign.pk, group, status, innovation)
            for name, user in rights.items():
                access = visibility.access_for(_forget(user))
                got = _listed(review_rows.review_rows(user, access, shown, "1"))
                orm = _listed(review_rows._by_the_orm(user, access, shown, "1"))
                assert got == orm, (name, shown)
                shown_lists.add(str(got))
    assert len(shown_lists) > 10


@pytest.mark.parametrize("model", [InnovationRegistration, TeacherGroup])
def test_a_forms_own_page_is_the_orms_for_every_user(model, rights):
    """The form a page shows (with its deadline extension and an M2's members), or a 404,
    as the ORM says it, for every user and every form."""
    forms = list(model.objects.values_list("pk", flat=True))
    found = 0
    for name, user in rights.items():
        for pk in forms:
            seen = visibility.visible(_forget(user), model).filter(pk=pk).exists()
            try:
                item = detail._visible_form(_forget(user), model, pk)
            except Http404:
                assert not seen, (name, pk)
                continue
            assert seen, (name, pk)
            found += 1
            assert _rows([item]) == _rows(model.objects.filter(pk=pk)), (name, pk)
            assert hasattr(item, "extended_until")
            if model is TeacherGroup:  # its members came with it
                members = model.objects.get(pk=pk).members.values_list("pk", flat=True)
                assert sorted(m.pk for m in item.members.all()) == sorted(members)
    assert 0 < found < len(forms) * len(rights)


@pytest.mark.parametrize("model", [Plan, EmulationBlock])
def test_people_with_the_same_rights_text_see_the_same_rows(model, rights, tree):
    """The home's plans and blocks boxes are kept for everyone with the same text
    (visibility.rights_of): the same text must mean the same rows, for every pair."""
    rights["teacher_a1_two"] = user_with_role(
        Role.TEACHER, tree.school_a1, unit=tree.group_a1, username="gv_a1_hai"
    )
    by_text = {}
    for name, user in rights.items():
        text = visibility.rights_of(model, visibility.access_for(_forget(user)))
        if text is None:  # administrators and the rightless: kept for the person
            continue
        rows = _rows(visibility.visible(_forget(user), model).order_by("pk"))
        by_text.setdefault(text, []).append((name, rows))
    for text, seen in by_text.items():
        assert all(rows == seen[0][1] for _name, rows in seen), (text, seen)
    # two teachers of school A1, in two groups, share; the other schools do not
    text = visibility.rights_of(model, visibility.access_for(rights["teacher_a1"]))
    names = {name for name, _rows_seen in by_text[text]}
    assert {"teacher_a1", "teacher_a1_two", "leader_a1"} <= names
    assert not names & {"teacher_b1", "principal_b1", "office_a"}
