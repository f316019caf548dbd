"""A person's own forms on her home page are kept apart from her school's: a colleague's
form leaves them kept (on a deadline day a school's forty teachers submit one after
another), while a change to her own form, to a group she leads or joins, or to her
deadline shows on the next request."""

import datetime

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.generations.cache import (
    BUMP_ROWS,
    bump,
    generations,
    groups_scope,
    person_scope,
    school_scope,
)
from common.generations.models import Change
from registrations.models import DeadlineExtension, Status
from tests.factories import PersonFactory
from tests.factories.registrations import make_campaign, make_group, make_registration, person
from tests.registrations.test_home_kept import KEPT_HOME_QUERIES, _text


def test_a_colleagues_form_leaves_her_own_forms_kept(
    client, tree, campaign_a1, django_assert_num_queries
):
    colleague = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    client.force_login(tree.users["teacher_a1"])
    assert "bạn chưa đăng ký" in _text(client)
    make_registration(campaign_a1, colleague, Status.FORWARDED, submitted_at=timezone.now())
    with django_assert_num_queries(KEPT_HOME_QUERIES):  # her forms not read again
        assert "bạn chưa đăng ký" in _text(client)
    client.force_login(tree.users["chair_a1"])  # the school's part is built again
    assert "Xem và duyệt (1 đăng ký chờ)" in _text(client)


def test_her_own_form_changed_by_a_reviewer_shows_at_once(client, tree, campaign_a1):
    m1 = make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["teacher_a1"])
    assert "Đã duyệt" not in _text(client)
    m1.status = Status.APPROVED
    m1.save()
    assert "Đã duyệt." in _text(client)


def test_a_group_she_is_added_to_or_taken_from_shows_at_once(client, tree, campaign_a1):
    teacher = person(tree.users["teacher_a1"])
    client.force_login(tree.users["teacher_a1"])
    assert "Nhóm M2" not in _text(client)
    leader = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    group = make_group(campaign_a1, leader, members=[leader, teacher], name="Nhóm STEM khối 5")
    assert "Nhóm M2 “Nhóm STEM khối 5”" in _text(client)
    group.members.remove(teacher)
    assert "Nhóm STEM khối 5" not in _text(client)


def test_her_extended_deadline_shows_at_once(client, tree):
    campaign = make_campaign(tree.school_a1, deadline_in_days=-2)
    client.force_login(tree.users["teacher_a1"])
    assert "đã hết hạn" in _text(client)
    until = timezone.localdate() + datetime.timedelta(days=5)
    DeadlineExtension.objects.create(
        campaign=campaign,
        person=person(tree.users["teacher_a1"]),
        until=until,
        granted_by=tree.users["chair_a1"],
    )
    text = _text(client)
    assert f"Hạn đăng ký: {until:%d/%m/%Y}" in text and "còn 5 ngày" in text


def test_a_form_moves_its_school_and_its_author_in_one_statement(tree, campaign_a1):
    teacher = person(tree.users["teacher_a1"])
    school, own = school_scope(tree.school_a1.pk), person_scope(teacher.pk)
    groups, other = groups_scope(tree.school_a1.pk), person_scope(person(tree.users["chair_a1"]).pk)
    before = generations([school, own, groups, other])
    with CaptureQueriesContext(connection) as queries:
        make_registration(campaign_a1, teacher)
    after = generations([school, own, groups, other])
    assert after[school] != before[school] and after[own] != before[own]
    assert after[groups] == before[groups] and after[other] == before[other]
    table = Change._meta.db_table
    assert len([q for q in queries if q["sql"].startswith(f"INSERT INTO {table}")]) == 1


def test_a_bulk_write_moves_its_scopes_in_statements_of_bump_rows(db):
    scopes = [f"person:{pk}" for pk in range(1, BUMP_ROWS * 2 + 2)]
    before = generations(scopes)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        bump(*scopes)
    after = generations(scopes)
    assert all(after[scope] != before[scope] for scope in scopes)
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 3  # 500 + 500 + 1 rows
