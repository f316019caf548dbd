"""Law fixes (issue 13, item 9) and the block leader's proposal (item 10)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from awards.facts import facts_for_nomination
from awards.models import Nomination, Title
from awards.rules import evaluate
from awards.services import block_nominations, council, proposals
from emulation.blocks import services as block_services
from schools.models import Person, SchoolYear
from schools.services import ServiceError
from tests.factories.awards import make_nomination, make_round, person_of

pytestmark = pytest.mark.usefixtures("catalogue")
TODAY = timezone.localdate()


def verdict(nomination):
    year = SchoolYear.current()
    findings = evaluate(nomination.title, facts_for_nomination(nomination, year), TODAY)
    return {f.rule.code: f.ok for f in findings}


def evaluate_staff(tree, **one):
    """Every member of school A1 evaluated "good"; the first one with `one` instead."""
    user = tree.users["principal_a1"]
    people = list(Person.objects.filter(organization=tree.school_a1).order_by("pk"))
    for index, person in enumerate(people):
        data = {"rating": "good", **(one if index == 0 else {})}
        council.save_evaluation(user, person, SchoolYear.current(), data)


def school_nomination(tree, code):
    return make_nomination(
        make_round(tree.school_a1),
        organization=tree.school_a1,
        collective=tree.school_a1,
        title=code,
    )


@pytest.mark.parametrize(("level", "ok"), [("reprimand", True), ("warning", False), ("", True)])
def test_ttldtt_refuses_discipline_from_canh_cao_up(tree, level, ok):
    evaluate_staff(tree, discipline_level=level)
    assert verdict(school_nomination(tree, "ttldtt"))["ttldtt-ky-luat"] is ok


def test_an_unknown_discipline_level_is_refused(tree):
    with pytest.raises(ServiceError, match="Hình thức kỷ luật không hợp lệ"):
        council.save_evaluation(
            tree.users["principal_a1"],
            person_of(tree.users["teacher_a1"]),
            SchoolYear.current(),
            {"discipline_level": "jail"},
        )


def test_ttldxs_needs_every_member_to_complete_their_duties(tree):
    evaluate_staff(tree)
    assert verdict(school_nomination(tree, "ttldxs"))["ttldxs-hoan-thanh"] is True
    evaluate_staff(tree, rating="not_completed")
    assert verdict(school_nomination(tree, "ttldxs"))["ttldxs-hoan-thanh"] is False


def ranked_block(tree, leading):
    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối 1",
        tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )
    block.ranking_closed_at = block.ranking_approved_at = timezone.now()
    block.leading_school = leading
    block.save()
    return block


def test_the_flag_needs_the_leading_unit_of_its_block(tree):
    nomination = school_nomination(tree, "co-thi-dua-tinh")
    assert verdict(nomination)["co-thi-dua-tinh-dan-dau"] is False
    block = ranked_block(tree, tree.school_a1)
    assert verdict(nomination)["co-thi-dua-tinh-dan-dau"] is True
    # closed by the leader but not approved by the office: not yet the leading unit
    block.ranking_approved_at = None
    block.save()
    assert verdict(nomination)["co-thi-dua-tinh-dan-dau"] is False
    with pytest.raises(ServiceError, match="Phòng chưa duyệt xếp hạng"):
        block_nominations.propose_leading_unit(
            tree.users["principal_a1"],
            block,
            make_round(tree.dept_a),
            Title.objects.get(code="co-thi-dua-tinh"),
            "",
        )


def test_the_block_leader_proposes_the_leading_unit_to_the_office(tree, client):
    leader = tree.users["principal_a1"]
    block = ranked_block(tree, tree.school_a2)
    round_ = make_round(tree.dept_a)
    flag = Title.objects.get(code="co-thi-dua-tinh")
    with pytest.raises(PermissionDenied):
        block_nominations.propose_leading_unit(tree.users["principal_a2"], block, round_, flag, "")
    with pytest.raises(ServiceError, match="dành cho cá nhân"):
        block_nominations.propose_leading_unit(
            leader, block, round_, Title.objects.get(code="ldtt"), ""
        )
    client.force_login(leader)
    url = reverse("block_nomination_create", args=[block.pk])
    page = client.get(url)
    assert "Đơn vị dẫn đầu Khối 1 năm học" in page.content.decode()
    response = client.post(
        url, {"round": round_.pk, "title": flag.pk, "achievements": "Dẫn đầu khối."}
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(collective=tree.school_a2)
    assert (nomination.organization, nomination.holder) == (tree.school_a1, tree.school_a1)
    # the same path up: the leader school's tờ trình to the office
    proposal = proposals.create_proposal(leader, tree.school_a1, round_)
    proposals.set_items(leader, proposal, [nomination])
    assert proposal.recipient == tree.office_a
    # twice is a duplicate
    response = client.post(url, {"round": round_.pk, "title": flag.pk, "achievements": "Lần hai."})
    assert "đã có đề nghị Cờ thi đua cấp tỉnh" in str(response.context["form"].errors)
    home = client.get(reverse("awards_home")).content.decode()
    assert url in home
    assert client.get(url).status_code == 200
    client.force_login(tree.users["principal_a2"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("joined", "disadvantaged", "refusal"),
    [
        (None, 0, "Chưa ghi ngày vào ngành"),
        (datetime.date(2010, 9, 1), 0, r"Cần 20 năm công tác trong ngành \(hiện 16 năm\)"),
        (datetime.date(2010, 9, 1), 5, None),  # 15 years are enough after 5 in hard areas
        (datetime.date(2005, 9, 1), 0, None),
    ],
)
def test_the_medal_counts_years_in_the_sector(tree, joined, disadvantaged, refusal):
    from awards.models import AwardForm
    from awards.services import nominations

    teacher = person_of(tree.users["teacher_a1"])
    teacher.joined_sector_on, teacher.disadvantaged_years = joined, disadvantaged
    teacher.save()
    round_ = make_round(tree.school_a1)
    round_.deadline = datetime.date(2026, 12, 10)
    round_.save()
    data = {
        "person": teacher,
        "award_form": AwardForm.objects.get(code="ky-niem-chuong"),
        "achievements": "Nhiều năm công tác.",
    }
    if refusal:
        with pytest.raises(ServiceError, match=refusal) as refused:
            nominations.save_nomination(tree.users["principal_a1"], tree.school_a1, round_, data)
        assert refused.value.field == "award_form"
        assert "Thông tư 29/2023/TT-BGDĐT, Điều 8" in str(refused.value)
    else:
        assert nominations.save_nomination(
            tree.users["principal_a1"], tree.school_a1, round_, data
        ).pk
