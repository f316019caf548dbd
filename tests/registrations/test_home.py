"""Each person's home says what to do now: the teacher her forms and the next step of
each; a group leader or chair what waits for them, oldest first; the principal the
school's participation per union group with reminders and what to print; nothing that
leads nowhere for that person."""

import datetime

import lxml.html
import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from registrations.models import Status
from registrations.participation import email_of
from tests.factories import PersonFactory
from tests.factories.registrations import make_group, make_registration, person


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _section(page, testid):
    found = page.xpath(f'//*[@data-testid="{testid}"]')
    return found[0] if found else None


def _links(node):
    return node.xpath(".//a/@href") if node is not None else []


def _text(node):
    return " ".join(node.text_content().split())


def test_teacher_sees_her_next_step_and_starts_m1_or_m2(client, tree, campaign_a1):
    page = _home(client, tree.users["teacher_a1"])
    mine = _section(page, "home-registrations")
    assert "bạn chưa đăng ký" in _text(mine)
    assert reverse("registration_create", args=[campaign_a1.pk]) in _links(mine)
    assert reverse("group_create", args=[campaign_a1.pk]) in _links(mine)
    assert "còn 30 ngày" in _text(mine)
    # nothing waits for a plain teacher, and nothing leads to a review page
    assert _section(page, "home-waiting") is None
    assert reverse("review_list") not in _links(page)
    assert _section(page, "home-school") is None


def test_returned_form_says_why_and_leads_to_its_edit(client, tree, campaign_a1):
    teacher = person(tree.users["teacher_a1"])
    m1 = make_registration(campaign_a1, teacher, Status.RETURNED, last_comment="Ghi rõ số liệu")
    group = make_group(campaign_a1, teacher, [PersonFactory(organization=tree.school_a1)])
    mine = _section(_home(client, tree.users["teacher_a1"]), "home-registrations")
    text = _text(mine)
    assert "Được trả lại để sửa" in text and "Ghi rõ số liệu" in text
    assert reverse("registration_edit", args=[m1.pk]) in _links(mine)
    assert reverse("registration_create", args=[campaign_a1.pk]) not in _links(mine)
    assert "Bản nháp chưa nộp" in text and "bạn là trưởng nhóm" in text
    assert reverse("group_edit", args=[group.pk]) in _links(mine)


def test_waiting_form_says_for_whom(client, tree, campaign_a1):
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.FORWARDED)
    mine = _section(_home(client, tree.users["teacher_a1"]), "home-registrations")
    assert "Đang chờ chủ tịch công đoàn duyệt" in _text(mine)


def test_m2_member_is_not_offered_the_edit(client, tree, campaign_a1):
    leader = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    group = make_group(campaign_a1, leader, [person(tree.users["teacher_a1"])])
    mine = _section(_home(client, tree.users["teacher_a1"]), "home-registrations")
    assert reverse("group_detail", args=[group.pk]) in _links(mine)
    assert reverse("group_edit", args=[group.pk]) not in _links(mine)


def test_closed_campaign_offers_no_new_form(client, tree):
    from tests.factories.registrations import make_campaign

    late = make_campaign(tree.school_a1, deadline_in_days=-1)
    mine = _section(_home(client, tree.users["teacher_a1"]), "home-registrations")
    assert "đã hết hạn" in _text(mine)
    assert reverse("registration_create", args=[late.pk]) not in _links(mine)
    assert reverse("group_create", args=[late.pk]) not in _links(mine)


def test_group_leader_sees_m1_and_m2_waiting_oldest_first(client, tree, campaign_a1):
    now = timezone.now()
    older = make_registration(
        campaign_a1,
        PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
        Status.SUBMITTED,
        submitted_at=now - datetime.timedelta(days=9),
    )
    leader = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    group = make_group(
        campaign_a1,
        leader,
        [PersonFactory(organization=tree.school_a1)],
        Status.SUBMITTED,
        submitted_at=now - datetime.timedelta(days=2),
    )
    waiting = _section(_home(client, tree.users["leader_a1"]), "home-waiting")
    links = _links(waiting)
    m1_url = reverse("registration_detail", args=[older.pk])
    m2_url = reverse("group_detail", args=[group.pk])
    assert links.index(m1_url) < links.index(m2_url)  # the oldest first
    text = _text(waiting)
    assert "9 ngày" in text and "2 ngày" in text
    assert "Xem và duyệt (2 đăng ký chờ)" in text


def test_chair_with_nothing_waiting_is_told_so(client, tree, campaign_a1):
    waiting = _section(_home(client, tree.users["chair_a1"]), "home-waiting")
    assert "Không có đăng ký nào đang chờ bạn" in _text(waiting)


def test_principal_home_shows_participation_per_union_group(client, tree, campaign_a1):
    leader_person = person(tree.users["leader_a1"])
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), Status.APPROVED)
    leader_person.email = ""
    leader_person.save()
    PersonFactory(organization=tree.school_a1, union_group=tree.group_a1, email="nhac@truong.vn")
    page = _home(client, tree.users["principal_a1"])
    school = _section(page, "home-school")
    text = _text(school)
    group_row = next(row for row in school.xpath(".//tr") if tree.group_a1.name in _text(row))
    people = [p for p in tree.school_a1.people.all() if p.union_group_id == tree.group_a1.pk]
    assert f"1/{len(people)}" in _text(group_row)
    # remind the group, with a confirmation that says who cannot be reached
    form = group_row.xpath(".//form")[0]
    assert form.get("action") == reverse(
        "participation_remind", args=[campaign_a1.pk, tree.group_a1.pk]
    )
    # counted as the participation page counts them (one query of values, no people)
    missing = [p for p in people if p.pk != person(tree.users["teacher_a1"]).pk]
    unreachable = [p for p in missing if not email_of(p)]
    assert unreachable and len(unreachable) < len(missing)
    assert f"tới {len(missing)} người chưa đăng ký" in form.get("data-confirm")
    assert f"{len(unreachable)} người chưa có thư điện tử" in form.get("data-confirm")
    links = _links(school)
    assert reverse("participation_school", args=[campaign_a1.pk]) in links
    assert reverse("campaign_forms_pdf", args=[campaign_a1.pk]) in links
    assert reverse("campaign_summary_xlsx", args=[campaign_a1.pk]) in links
    plan = campaign_a1.plans.get()
    assert reverse("plan_pdf", args=[plan.pk]) in links
    assert "mục tiêu 100%" in text
    # a principal approves only the chair's forms: no empty "waiting" box for them
    assert _section(page, "home-waiting") is None


def test_principal_sees_the_round_the_school_must_answer(client, tree, campaign_a1):
    from awards.models import Round
    from emulation.models import Campaign
    from schools.models import SchoolYear

    office_campaign = Campaign.objects.create(
        organization=tree.office_a, school_year=SchoolYear.current(), name="Điển hình tiên tiến"
    )
    Round.objects.create(
        campaign=office_campaign,
        name="Quý I",
        level=Round.Level.OFFICE,
        deadline=timezone.localdate() + datetime.timedelta(days=4),
    )
    page = _home(client, tree.users["principal_a1"])
    due = _section(page, "round-due")
    assert "Quý I" in _text(due) and "còn 4 ngày, trường chưa gửi" in _text(due)


def test_office_staff_are_not_offered_forms(client, tree, campaign_a1):
    page = _home(client, tree.users["office_a"])
    assert _section(page, "home-registrations") is None
    assert reverse("registration_create", args=[campaign_a1.pk]) not in _links(page)


@pytest.mark.parametrize("people", [3, 12])
def test_principal_home_queries_do_not_grow_with_people(
    client, tree, campaign_a1, django_assert_num_queries, people
):
    for _ in range(people):
        make_registration(
            campaign_a1,
            PersonFactory(organization=tree.school_a1, union_group=tree.group_a1),
            Status.SUBMITTED,
        )
    client.force_login(tree.users["principal_a1"])
    client.get(reverse("home"))  # warm the session
    caches["parts"].clear()
    # session (with the generation of people and roles), user (the roles kept since the
    # first request); the generation of the school's forms; what waits (M1 and M2: the
    # oldest, each row with the count); my forms (campaigns, M1, M2); school (the people's
    # values with whether each registered; its plan and deadline kept with the roles);
    # awards (open rounds, incoming, returned; the province's open ballots and postings
    # are kept with the roles, and none is the principal's); blocks (led, meetings,
    # blocks); plans
    with django_assert_num_queries(PRINCIPAL_HOME_QUERIES):
        client.get(reverse("home"))
    # then every section is kept: session, user, the school's generation
    with django_assert_num_queries(PRINCIPAL_HOME_KEPT_QUERIES):
        client.get(reverse("home"))


PRINCIPAL_HOME_QUERIES = 16  # 22 before the counts came with the rows, 18 before the
# open ballots and postings were asked once for the province
PRINCIPAL_HOME_KEPT_QUERIES = 3
