"""Garbage in the awards pages gets a Vietnamese message, never a 500, and changes
nothing that was saved."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardForm, Nomination, Proposal, ProposalItem, Title
from awards.services import council as council_services
from schools.models import SchoolYear
from tests.factories.awards import make_decision, make_nomination, make_round, person_of


@pytest.fixture
def vote(tree):
    council = council_services.set_council(
        tree.users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(tree.users["principal_a1"]),
        [person_of(tree.users["chair_a1"]), person_of(tree.users["teacher_a1"])],
    )
    return council_services.open_vote(
        tree.users["principal_a1"],
        council,
        "Bình xét",
        timezone.localdate(),
        [(Title.objects.get(code="ldtt"), person_of(tree.users["teacher_a1"]))],
    )


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


def test_garbage_ballots_and_vote_actions(client, tree, vote):
    client.force_login(tree.users["chair_a1"])
    for name, data, message in (
        ("vote_ballot", {"c999999": "yes"}, "từng người"),
        ("vote_ballot", {"cabc": "yes"}, "từng người"),
        ("vote_ballot", {f"c{vote.candidates.get().pk}": "maybe"}, "từng người"),
        ("vote_ballot", {}, "từng người"),
        ("vote_close", {}, "không có quyền"),
        ("vote_post", {"opens_on": "32/13/2026", "closes_on": "x"}, "ngày/tháng/năm"),
        ("vote_nominate", {"round": "abc"}, "Đợt đề nghị"),
        ("vote_nominate", {"round": "9" * 30}, "Đợt đề nghị"),
    ):
        response = client.post(reverse(name, args=[vote.pk]), data, follow=True)
        assert response.status_code == 200, data
        assert message in messages_of(response), (data, messages_of(response))
    assert not vote.receipts.exists()


def test_garbage_in_council_and_vote_creation(client, tree, vote):
    client.force_login(tree.users["principal_a1"])
    response = client.post(reverse("council_home"), {"chair": "abc", "members": ["x"]}, follow=True)
    assert "Chọn chủ tịch hội đồng." in messages_of(response)
    response = client.post(
        reverse("vote_create"),
        {"candidates": ["x-y", "999-p1", ""], "held_on": "hôm qua"},
        follow=True,
    )
    assert "ngày/tháng/năm" in messages_of(response)
    response = client.post(reverse("vote_create"), {"candidates": ["x-y"]}, follow=True)
    assert "Chọn ít nhất một người" in messages_of(response)
    response = client.post(
        reverse("evaluation"),
        {f"p{person_of(tree.users['teacher_a1']).pk}-rating": "giỏi"},
        follow=True,
    )
    assert "Xếp loại không hợp lệ" in messages_of(response)


def test_garbage_nomination_forms(client, tree):
    round_ = make_round(tree.school_a1)
    client.force_login(tree.users["principal_a1"])
    url = reverse("nomination_create", args=[round_.pk])
    form = AwardForm.objects.get(code="giay-khen-hieu-truong")
    for data in (
        {"person": "999999", "award_form": form.pk, "achievements": "x"},
        {"person": person_of(tree.users["teacher_a1"]).pk, "achievements": "x"},
        {
            "person": person_of(tree.users["teacher_a1"]).pk,
            "award_form": form.pk,
            "title": Title.objects.get(code="ldtt").pk,
            "achievements": "x",
        },
        {"achievements": "x" * 6000, "award_form": form.pk},
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert response.context["form"].errors, data
    assert not Nomination.objects.exists()
    assert client.get(url + "?org=abc").status_code == 404


def test_garbage_proposal_and_decision_actions(client, tree):
    round_ = make_round(tree.dept_a)
    nomination = make_nomination(
        round_,
        person_of(tree.users["teacher_a1"]),
        status=Nomination.Status.SUBMITTED,
        holder=tree.office_a,
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=1,
    )
    item = ProposalItem.objects.create(proposal=proposal, nomination=nomination)
    client.force_login(tree.users["office_a"])
    url = reverse("proposal_review", args=[proposal.pk, item.pk])
    response = client.post(url, {"outcome": "maybe"}, follow=True)
    assert "Kết quả xét: không hợp lệ" in messages_of(response)
    assert client.post(f"/awards/proposals/{proposal.pk}/items/abc/review/").status_code == 404
    response = client.post(reverse("proposal_accept_items", args=[proposal.pk]), {}, follow=True)
    assert "hãy chọn ít nhất một đề nghị" in messages_of(response)
    client.force_login(tree.users["principal_a1"])
    response = client.post(reverse("proposal_scan_upload", args=[proposal.pk]), {}, follow=True)
    assert "hãy chọn tệp PDF bản ký" in messages_of(response)
    item.refresh_from_db()
    assert item.outcome == ProposalItem.Outcome.PENDING

    client.force_login(tree.users["office_a"])
    decision = make_decision(tree.office_a, [], recorded=False)
    url = reverse("decision_record", args=[decision.pk])
    response = client.post(url, {"number": "12a"}, follow=True)
    assert "Số quyết định: phải là số nguyên dương." in messages_of(response)
    response = client.post(
        reverse("decision_awardees", args=[decision.pk]),
        {"nominations": ["x", "999999"]},
        follow=True,
    )
    assert "Danh sách đề nghị: danh sách gửi lên không hợp lệ" in messages_of(response)
    response = client.post(reverse("decision_create"), {"round": "abc"}, follow=True)
    assert "Đợt đề nghị không hợp lệ" in messages_of(response)


def test_unicode_digits_and_huge_numbers_are_refused_not_crashing(client, tree, vote):
    client.force_login(tree.users["chair_a1"])
    response = client.post(reverse("vote_ballot", args=[vote.pk]), {"c²": "yes"}, follow=True)
    assert response.status_code == 200 and "từng người" in messages_of(response)
    client.force_login(tree.users["principal_a1"])
    teacher = person_of(tree.users["teacher_a1"])
    response = client.post(
        reverse("evaluation"),
        {f"p{teacher.pk}-rating": "good", f"p{teacher.pk}-days_off": "9" * 30},
        follow=True,
    )
    assert response.status_code == 200
    decision = make_decision(tree.school_a1, [], recorded=False)
    for number in ("²", "9" * 30, "-3"):
        response = client.post(
            reverse("decision_record", args=[decision.pk]),
            {"number": number},
            follow=True,
        )
        assert "số nguyên dương" in messages_of(response), number
    nomination = make_nomination(make_round(tree.school_a1), teacher)
    response = client.post(reverse("nomination_evidence", args=[nomination.pk]), {"remove": "abc"})
    assert response.status_code == 404


def test_sent_proposal_cannot_be_deleted_in_the_admin(client, tree):
    round_ = make_round(tree.dept_a)
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=1,
    )
    client.force_login(tree.users["principal_a1"])
    url = reverse("admin:awards_proposal_delete", args=[proposal.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_admin_round_filter_lists_only_visible_rounds(client, tree):
    make_nomination(
        make_round(tree.school_a1, name="Đợt của A1"), person_of(tree.users["teacher_a1"])
    )
    make_round(tree.dept_b, name="Đợt bí mật của Sở B")
    client.force_login(tree.users["principal_a1"])
    page = client.get(reverse("admin:awards_nomination_changelist")).content.decode()
    assert "Đợt của A1" in page and "Đợt bí mật của Sở B" not in page
