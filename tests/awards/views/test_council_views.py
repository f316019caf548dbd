import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Ballot, Council, Evaluation, Title, Vote
from awards.services import council as services
from schools.models import SchoolYear
from tests.factories import PersonFactory
from tests.factories.awards import person_of


@pytest.fixture
def council(tree):
    extra = PersonFactory(organization=tree.school_a1, full_name="Đỗ Thị Năm")
    return services.set_council(
        tree.users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(tree.users["principal_a1"]),
        [person_of(tree.users[u]) for u in ("chair_a1", "teacher_a1", "leader_a1")] + [extra],
    )


def test_principal_sets_the_council_in_the_page(client, tree):
    client.force_login(tree.users["principal_a1"])
    members = [person_of(tree.users[u]).pk for u in ("chair_a1", "teacher_a1")]
    principal = person_of(tree.users["principal_a1"])
    response = client.post(
        reverse("council_home"), {"chair": principal.pk, "members": members}, follow=True
    )
    assert "Đã lưu hội đồng" in response.content.decode()
    council = Council.objects.get(school=tree.school_a1)
    assert council.members.count() == 3
    # an even number is refused with the reason, nothing changes
    response = client.post(
        reverse("council_home"), {"chair": principal.pk, "members": members[:1]}, follow=True
    )
    assert "số thành viên lẻ" in response.content.decode()
    assert council.members.count() == 3


def test_teacher_cannot_change_the_council(client, tree, council):
    client.force_login(tree.users["teacher_a1"])
    response = client.get(reverse("council_home"))
    assert (
        response.status_code == 200
        and 'data-testid="council-form"' not in response.content.decode()
    )
    assert client.post(reverse("council_home"), {"chair": 1}).status_code == 403


def test_evaluation_page_saves_and_proposes_titles(
    client, tree, council, django_assert_max_num_queries
):
    client.force_login(tree.users["principal_a1"])
    teacher = person_of(tree.users["teacher_a1"])
    response = client.post(
        reverse("evaluation"),
        {f"p{teacher.pk}-rating": "excellent", f"p{teacher.pk}-days_off": "3"},
        follow=True,
    )
    assert "Đã lưu đánh giá của 1 người" in response.content.decode()
    evaluation = Evaluation.objects.get(person=teacher)
    assert (evaluation.rating, evaluation.days_off) == ("excellent", 3)
    for _ in range(10):
        PersonFactory(organization=tree.school_a1)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("evaluation"))
    html = response.content.decode()
    ldtt = Title.objects.get(code="ldtt")
    assert f'value="{ldtt.pk}-p{teacher.pk}"' in html  # excellent → eligible for LĐTT


def test_evaluation_page_queries_do_not_grow_with_staff(
    client, tree, council, django_assert_num_queries
):
    client.force_login(tree.users["principal_a1"])
    client.get(reverse("evaluation"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("evaluation"))
    for _ in range(15):
        PersonFactory(organization=tree.school_a1)
    client.get(reverse("evaluation"))  # the roles kept again after the staff changed
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("evaluation"))
    assert len(large) == len(small)


def test_vote_in_the_browser_pages(client, tree, council):
    teacher = person_of(tree.users["teacher_a1"])
    ldtt = Title.objects.get(code="ldtt")
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("vote_create"),
        {"candidates": [f"{ldtt.pk}-p{teacher.pk}"], "name": "Bình xét", "held_on": "20/11/2026"},
    )
    vote = Vote.objects.get()
    assert response.url == reverse("vote_detail", args=[vote.pk])
    candidate = vote.candidates.get()
    for username in ("principal_a1", "chair_a1", "teacher_a1"):
        client.force_login(tree.users[username])
        page = client.get(reverse("vote_detail", args=[vote.pk])).content.decode()
        assert 'data-testid="ballot"' in page
        client.post(reverse("vote_ballot", args=[vote.pk]), {f"c{candidate.pk}": "yes"})
        page = client.get(reverse("vote_detail", args=[vote.pk])).content.decode()
        assert 'data-testid="ballot"' not in page and "Bạn đã bỏ phiếu" in page
    assert Ballot.objects.count() == 3
    # a second ballot is refused with a message, not a 500
    response = client.post(
        reverse("vote_ballot", args=[vote.pk]), {f"c{candidate.pk}": "no"}, follow=True
    )
    assert "đã bỏ phiếu trong cuộc bình xét này" in response.content.decode()
    client.force_login(tree.users["principal_a1"])
    client.post(reverse("vote_close", args=[vote.pk]))
    page = client.get(reverse("vote_detail", args=[vote.pk])).content.decode()
    assert "60,0%" in page or "60.0%" in page
    today = timezone.localdate()
    response = client.post(
        reverse("vote_post", args=[vote.pk]), {"opens_on": "xx", "closes_on": ""}, follow=True
    )
    assert "ngày/tháng/năm" in response.content.decode()
    assert "Đến ngày: chưa nhập." in response.content.decode()
    client.post(
        reverse("vote_post", args=[vote.pk]),
        {
            "opens_on": today.strftime("%d/%m/%Y"),
            "closes_on": (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y"),
        },
    )
    posting = Vote.objects.get().posting
    client.force_login(tree.users["teacher_a1"])
    client.post(reverse("posting_detail", args=[posting.pk]), {"text": "Đồng ý với danh sách"})
    page = client.get(reverse("posting_detail", args=[posting.pk])).content.decode()
    assert teacher.full_name in page and "Đồng ý với danh sách" not in page
    client.force_login(tree.users["principal_a1"])
    page = client.get(reverse("posting_detail", args=[posting.pk])).content.decode()
    assert "Đồng ý với danh sách" in page


def test_nobody_sees_who_voted_what(client, tree, council):
    """Ballots have no voter; the admin does not list them; pages show only counts."""
    from django.contrib import admin

    from awards.models import Ballot as BallotModel

    assert BallotModel not in admin.site._registry
    assert {f.name for f in BallotModel._meta.get_fields()} == {"id", "candidate", "agree"}
