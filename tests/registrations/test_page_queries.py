"""Pages of the load benchmark (bench/load/) a teacher and a union chair open: a fixed
number of queries, whatever the number of campaigns and registrations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registrations.models import Status
from tests.factories import PersonFactory
from tests.factories.registrations import make_campaign, make_registration, person


@pytest.mark.parametrize("campaigns", [1, 3])
def test_teacher_home_queries_do_not_grow_with_campaigns(
    client, tree, django_assert_num_queries, campaigns
):
    for i in range(campaigns):
        campaign = make_campaign(tree.school_a1, name=f"Phong trào {i}")
    make_registration(campaign, person(tree.users["teacher_a1"]), Status.RETURNED)
    client.force_login(tree.users["teacher_a1"])
    # session, user, roles (with the school year and the person); the generations of
    # the kept sections; awards: the province's open ballots and postings of the day
    # (one query, none of them hers: 2 before); registrations: campaigns with their
    # deadlines, M1s, M2 groups; plans; blocks: meetings, blocks
    with django_assert_num_queries(11):
        response = client.get(reverse("home"))
    # then the sections are kept (common/generations): session (with the generation of
    # people and roles), user (the roles kept), the generation of the school's forms
    with django_assert_num_queries(3):
        kept = client.get(reverse("home")).content.decode()
    assert kept.count("Hạn đăng ký") == campaigns and "Được trả lại để sửa" in kept
    page = response.content.decode()
    assert page.count("Hạn đăng ký") == campaigns
    assert page.count(reverse("registration_create", args=[campaign.pk])) == 0  # has an M1
    assert "Được trả lại để sửa" in page and "Sửa và nộp lại" in page


def test_teacher_home_names_who_her_form_waits_for_in_one_query_more(
    client, tree, django_assert_num_queries
):
    campaign = make_campaign(tree.school_a1)
    make_registration(campaign, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    client.force_login(tree.users["teacher_a1"])
    # as above, and the leaders of her union group (her form and its group come with
    # her forms, she is the person of the request: 13 before)
    with django_assert_num_queries(12):
        page = client.get(reverse("home")).content.decode()
    assert "Trần Thị Tt_a1" in page and "Tổ công đoàn 1" in page


@pytest.mark.parametrize("waiting", [2, 9])
def test_chair_home_counts_what_waits_in_fixed_queries(
    client, tree, campaign_a1, django_assert_num_queries, waiting
):
    for _ in range(waiting):
        make_registration(
            campaign_a1,
            PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
            Status.FORWARDED,
        )
    # waiting for the group leader first, not for the chair
    make_registration(
        campaign_a1,
        PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
        Status.SUBMITTED,
    )
    make_registration(campaign_a1, PersonFactory(organization=tree.school_a1), Status.DRAFT)
    client.force_login(tree.users["chair_a1"])
    # as a teacher's, plus what waits for the chair (M1 and M2: the oldest few, each
    # row with the count) and the school's participation (its newest registration plan,
    # its people with whether each registered, the deadline): 20 before the counts came
    # with the rows and the people as values; 17 before the open ballots and postings
    # were asked once for the province
    with django_assert_num_queries(16):
        response = client.get(reverse("home"))
    with django_assert_num_queries(3):
        client.get(reverse("home"))
    assert f"Xem và duyệt ({waiting} đăng ký chờ)" in response.content.decode()


def test_m1_form_queries(client, tree, campaign_a1, django_assert_num_queries):
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", args=[campaign_a1.pk])
    # session, user, roles (with the school year and the person, with school and union
    # group), an existing M1, the generations of the kept page, the open campaign
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert "Tổ công đoàn 1" in response.content.decode()
    # then kept (common/generations): no roles (kept with the generation the session
    # brings) and no campaign to read again
    with django_assert_num_queries(4):
        kept = client.get(url).content.decode()
    assert "Tổ công đoàn 1" in kept and 'name="goals_and_solutions"' in kept


def test_registration_list_deadlines_in_the_campaign_query(client, tree, django_assert_num_queries):
    for i in range(3):
        make_campaign(tree.school_a1, deadline_in_days=10 + i, name=f"Phong trào {i}")
    client.force_login(tree.users["teacher_a1"])
    with django_assert_num_queries(6):
        response = client.get(reverse("registration_list"))
    deadlines = sorted(row["deadline"] for row in response.context["campaigns"])
    today = timezone.localdate()
    assert [(d - today).days for d in deadlines] == [10, 11, 12]
    assert all(row["open"] for row in response.context["campaigns"])


@pytest.mark.parametrize("kind", ["registration", "group"])
@pytest.mark.parametrize(
    "viewer", ["teacher_a1", "leader_a1", "chair_a1", "principal_a1", "office_a", "admin"]
)
def test_a_forms_page_reads_the_form_once_whoever_opens_it(client, tree, campaign_a1, kind, viewer):
    """A form's page, read again, costs the same few queries for its author and each
    reviewer: the form with its people, campaign and deadline in one, an M2's members in
    one (its rules ask for them several times), its history in one; its school,
    campaign or author never one by one."""
    from tests.registrations.test_actions import make

    item = make(kind, tree, campaign_a1, Status.SUBMITTED)
    client.force_login(tree.users[viewer])
    url = reverse(f"{kind}_detail", args=[item.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in captured]
    # the session with its generation, the account, the form (its deadline extension a
    # subquery of it), an M2's members, the history
    members = ["schools_person"] if kind == "group" else []
    assert tables == [
        "generations_change",
        "auth_user",
        "registrations_deadlineextension",
        *members,
        "registrations_reviewevent",
    ]
