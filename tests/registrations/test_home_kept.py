"""Home sections kept across requests (common/generations): served again without their
queries, and never stale — a change in the school's forms, in a person, a plan or an
award shows on the next request; a change elsewhere, a login or a rolled-back change
keeps them; a form in a kept section carries the request's own CSRF token."""

import datetime

import lxml.html
import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common import bulk
from common.generations.cache import CONTENT, generations, school_scope
from registrations.models import Status
from schools.models import Person
from tests.factories import PersonFactory, Role, user_with_role
from tests.factories.registrations import make_registration, person

# session (with the generation of people and roles: the roles kept), user, the
# generations of the school's forms, the person's own and the school's groups (one query)
KEPT_HOME_QUERIES = 3


def _text(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def test_a_kept_home_is_served_without_its_sections_queries(
    client, tree, campaign_a1, django_assert_num_queries
):
    client.force_login(tree.users["teacher_a1"])
    assert "bạn chưa đăng ký" in _text(client)
    with django_assert_num_queries(KEPT_HOME_QUERIES):
        assert "bạn chưa đăng ký" in _text(client)


def test_a_change_in_the_school_forms_shows_on_the_next_request(client, tree, campaign_a1):
    client.force_login(tree.users["chair_a1"])
    assert "Không có đăng ký nào đang chờ bạn" in _text(client)
    make_registration(
        campaign_a1,
        PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
        Status.FORWARDED,
        submitted_at=timezone.now(),
    )
    assert "Xem và duyệt (1 đăng ký chờ)" in _text(client)


def test_a_returned_form_shows_to_its_author_at_once(client, tree, campaign_a1):
    teacher = person(tree.users["teacher_a1"])
    m1 = make_registration(campaign_a1, teacher, Status.SUBMITTED, submitted_at=timezone.now())
    client.force_login(tree.users["teacher_a1"])
    assert "Được trả lại để sửa" not in _text(client)
    m1.status, m1.last_comment = Status.RETURNED, "Ghi rõ số liệu"
    m1.save()
    text = _text(client)
    assert "Được trả lại để sửa" in text and "Ghi rõ số liệu" in text


def test_a_published_plan_and_a_renamed_person_show_at_once(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    plan = campaign_a1.plans.get()
    assert plan.listed_title in _text(client)
    plan.title = "Kế hoạch thi đua đặc biệt năm học mới"
    plan.save()
    assert "Kế hoạch thi đua đặc biệt năm học mới" in _text(client)
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    leader = person(tree.users["leader_a1"])
    leader.full_name = "Hoàng Thị Mới Đổi Tên"
    leader.save()
    assert "Hoàng Thị Mới Đổi Tên" in _text(client)  # whom her form waits for


def test_each_school_and_each_kind_of_change_moves_its_own_scope(tree, campaign_a1, campaign_b1):
    a1, b1 = school_scope(tree.school_a1.pk), school_scope(tree.school_b1.pk)
    author = PersonFactory(organization=tree.school_b1)
    before = generations([CONTENT, a1, b1])
    make_registration(campaign_b1, author)
    after = generations([CONTENT, a1, b1])
    assert after[b1] != before[b1]
    assert after[a1] == before[a1] and after[CONTENT] == before[CONTENT]
    # a login saves last_login only: nothing shown changes
    user = tree.users["teacher_a1"]
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert generations([CONTENT]) == {CONTENT: after[CONTENT]}
    # a write in bulk (common.bulk) moves it like a save
    bulk.bulk_create(Person, [Person(organization=tree.school_a1, full_name="Trần Văn Mới")])
    assert generations([CONTENT])[CONTENT] != after[CONTENT]


def test_a_rolled_back_change_keeps_the_generation(tree, campaign_a1):
    scope = school_scope(tree.school_a1.pk)
    before = generations([scope])
    with pytest.raises(RuntimeError), transaction.atomic():
        make_registration(campaign_a1, PersonFactory(organization=tree.school_a1))
        assert generations([scope]) != before
        raise RuntimeError
    assert generations([scope]) == before


def test_a_form_in_a_kept_section_carries_the_requests_token(tree, campaign_a1):
    """The principal's reminder form, kept from another session's visit, posts."""
    first = Client(enforce_csrf_checks=True)
    first.force_login(tree.users["principal_a1"])
    first.get(reverse("home"))
    second = Client(enforce_csrf_checks=True)
    second.force_login(tree.users["principal_a1"])
    page = lxml.html.fromstring(second.get(reverse("home")).content.decode())
    url = reverse("participation_remind", args=[campaign_a1.pk, tree.group_a1.pk])
    form = page.xpath(f'//form[@action="{url}"]')[0]
    token = form.xpath('.//input[@name="csrfmiddlewaretoken"]/@value')[0]
    response = second.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_days_left_count_down_the_next_day(client, tree, campaign_a1):
    client.force_login(tree.users["teacher_a1"])
    assert "còn 30 ngày" in _text(client)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        client.force_login(tree.users["teacher_a1"])  # a session lasts a working day
        assert "còn 29 ngày" in _text(client)


def test_the_kept_review_list_shows_a_form_sent_since(client, tree, campaign_a1):
    client.force_login(tree.users["chair_a1"])
    url = reverse("review_list") + "?status=forwarded"
    assert "Không có đăng ký nào khớp với bộ lọc" in client.get(url).content.decode()
    form = make_registration(
        campaign_a1,
        PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
        Status.FORWARDED,
        submitted_at=timezone.now(),
    )
    page = client.get(url).content.decode()
    assert reverse("registration_detail", args=[form.pk]) in page
    assert 'name="selected"' in page  # and the chair may approve it from the list


def test_the_empty_m1_form_is_rendered_once_for_all_teachers(client, tree, campaign_a1):
    from unittest import mock

    from django.core.cache import caches

    from common.generations.templatetags import kept_forms

    caches["parts"].clear()
    url = reverse("registration_create", args=[campaign_a1.pk])
    other = user_with_role(Role.TEACHER, tree.school_a1, unit=tree.group_a1)
    with mock.patch.object(kept_forms, "as_crispy_form", wraps=kept_forms.as_crispy_form) as made:
        pages = []
        for user in (tree.users["teacher_a1"], other):
            client.force_login(user)
            pages.append(client.get(url).content.decode())
        assert made.call_count == 1
        for page in pages:
            assert 'name="goals_and_solutions"' in page and 'name="fields"' in page
        # what a teacher typed, with its errors, is never kept
        response = client.post(url, {"assigned_task": "Dạy lớp 3B", "action": "submit"})
        assert made.call_count == 2
    assert "Dạy lớp 3B" in response.content.decode()
    assert "Hãy điền mục này trước khi nộp." in response.content.decode()


def test_old_changes_are_pruned_after_the_commit(
    tree, monkeypatch, django_capture_on_commit_callbacks
):
    from common.generations import cache
    from common.generations.models import Change

    monkeypatch.setattr(cache, "PRUNE_ONE_IN", 1)
    scope = school_scope(tree.school_a1.pk)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            cache.bump(scope)
        newest = generations([scope])
    assert Change.objects.filter(scope=scope).count() == 1
    assert generations([scope]) == newest
