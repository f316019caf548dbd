import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards.models import Ballot, BallotReceipt, Title, Vote
from awards.services import council as services
from awards.services.common import ServiceError
from schools.models import SchoolYear
from tests.factories import PersonFactory
from tests.factories.awards import person_of


@pytest.fixture
def staff(tree):
    principal = person_of(tree.users["principal_a1"])
    chair = person_of(tree.users["chair_a1"])
    teacher = person_of(tree.users["teacher_a1"])
    leader = person_of(tree.users["leader_a1"])
    extra = PersonFactory(organization=tree.school_a1, full_name="Đỗ Thị Năm")
    return principal, chair, teacher, leader, extra


@pytest.fixture
def council(tree, staff):
    principal, chair, teacher, _leader, extra = staff
    return services.set_council(
        tree.users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        principal,
        [chair, teacher, extra, _leader],
    )


def open_cstdcs_vote(tree, council, nominee):
    return services.open_vote(
        tree.users["principal_a1"],
        council,
        "Bình xét cuối năm",
        timezone.localdate(),
        [(Title.objects.get(code="cstdcs"), nominee), (Title.objects.get(code="ldtt"), nominee)],
    )


def test_council_needs_an_odd_number_of_school_staff(tree, staff):
    principal, chair, teacher, _leader, _extra = staff
    year = SchoolYear.current()
    with pytest.raises(ServiceError, match="số thành viên lẻ"):
        services.set_council(tree.users["principal_a1"], tree.school_a1, year, principal, [chair])
    stranger = PersonFactory(organization=tree.school_b1)
    with pytest.raises(ServiceError, match="không thuộc đơn vị"):
        services.set_council(
            tree.users["principal_a1"], tree.school_a1, year, principal, [chair, stranger]
        )
    with pytest.raises(PermissionDenied):
        services.set_council(
            tree.users["principal_a2"], tree.school_a1, year, principal, [chair, teacher]
        )
    council = services.set_council(
        tree.users["principal_a1"], tree.school_a1, year, principal, [chair, teacher]
    )
    assert council.members.count() == 3 and council.chair == principal


def test_ballots_are_secret_counted_and_final(tree, staff, council):
    principal, chair, teacher, leader, extra = staff
    vote = open_cstdcs_vote(tree, council, teacher)
    assert vote.council_size == 5
    cstdcs, ldtt = vote.candidates.order_by("order")
    # 4 of 5 agree on CSTĐCS (80 %: reaches the 80 % threshold), 2 of 5 on LĐTT
    sheets = {
        "principal_a1": (True, True),
        "chair_a1": (True, True),
        "teacher_a1": (True, False),
        "leader_a1": (True, False),
    }
    for username, (on_cstdcs, on_ldtt) in sheets.items():
        services.cast_ballot(tree.users[username], vote, {cstdcs.pk: on_cstdcs, ldtt.pk: on_ldtt})
    with pytest.raises(ServiceError, match="đã bỏ phiếu"):
        services.cast_ballot(tree.users["chair_a1"], vote, {cstdcs.pk: False, ldtt.pk: False})
    assert Ballot.objects.filter(candidate__vote=vote).count() == 8
    assert BallotReceipt.objects.filter(vote=vote).count() == 4
    assert not hasattr(Ballot, "member") and "created" not in [f.name for f in Ballot._meta.fields]

    services.close_vote(tree.users["principal_a1"], vote)
    cstdcs.refresh_from_db()
    ldtt.refresh_from_db()
    assert (cstdcs.yes_count, cstdcs.no_count, cstdcs.passed) == (4, 0, True)
    # LĐTT has no vote-threshold rule: a majority of all members (more than half) is needed
    assert (ldtt.yes_count, ldtt.no_count, ldtt.passed) == (2, 2, False)
    rows = services.results(vote)
    assert [(r["share"], r["threshold"]) for r in rows] == [(80.0, 80), (40.0, 50)]
    with pytest.raises(ServiceError, match="đã kết thúc"):
        services.cast_ballot(tree.users["teacher_a1"], vote, {cstdcs.pk: True, ldtt.pk: True})


def test_ballot_sheet_must_answer_every_candidate_and_come_from_a_member(tree, staff, council):
    vote = open_cstdcs_vote(tree, council, staff[2])
    first = vote.candidates.first()
    with pytest.raises(ServiceError, match="từng người"):
        services.cast_ballot(tree.users["chair_a1"], vote, {first.pk: True})
    with pytest.raises(ServiceError, match="Chỉ thành viên"):
        services.cast_ballot(tree.users["principal_a2"], vote, {})
    assert not BallotReceipt.objects.exists()


def test_threshold_follows_the_rules_in_force_on_the_vote_date(tree, staff, council):
    vote = open_cstdcs_vote(tree, council, staff[2])
    cstdcs = Title.objects.get(code="cstdcs")
    assert services.threshold_for(cstdcs, vote.held_on) == (80, True)
    rule = cstdcs.rules.get(predicate="vote_threshold", effective_to__isnull=True)
    rule.parameters = {"percent": 60}
    rule.save()
    assert services.threshold_for(cstdcs, vote.held_on) == (60, True)


def test_only_the_principal_closes_and_posting_takes_comments_in_its_period(tree, staff, council):
    vote = open_cstdcs_vote(tree, council, staff[2])
    with pytest.raises(PermissionDenied):
        services.close_vote(tree.users["chair_a1"], vote)
    with pytest.raises(ServiceError, match="sau khi kết thúc"):
        services.post_list(
            tree.users["principal_a1"], vote, timezone.localdate(), timezone.localdate()
        )
    services.close_vote(tree.users["principal_a1"], vote)
    assert Vote.objects.get(pk=vote.pk).status == Vote.Status.CLOSED
    today = timezone.localdate()
    with pytest.raises(ServiceError, match="sau ngày bắt đầu"):
        services.post_list(tree.users["principal_a1"], vote, today, today - datetime.timedelta(1))
    posting = services.post_list(
        tree.users["principal_a1"], vote, today, today + datetime.timedelta(days=5)
    )
    comment = services.comment_on_posting(tree.users["teacher_a1"], posting, "  Đồng ý.  ")
    assert comment.text == "Đồng ý."
    with pytest.raises(ServiceError, match="Chỉ cán bộ"):
        services.comment_on_posting(tree.users["teacher_b1"], posting, "Không")
    with pytest.raises(ServiceError, match="nội dung"):
        services.comment_on_posting(tree.users["teacher_a1"], posting, "   ")
    posting.closes_on = today - datetime.timedelta(days=1)
    posting.opens_on = today - datetime.timedelta(days=3)
    posting.save()
    with pytest.raises(ServiceError, match="thời gian công khai"):
        services.comment_on_posting(tree.users["teacher_a1"], posting, "Muộn")


def test_evaluation_is_saved_by_the_principal_only(tree, staff):
    year = SchoolYear.current()
    teacher = staff[2]
    evaluation = services.save_evaluation(
        tree.users["principal_a1"], teacher, year, {"rating": "excellent", "days_off": 2}
    )
    assert evaluation.rating == "excellent" and evaluation.organization == tree.school_a1
    with pytest.raises(ServiceError, match="Xếp loại"):
        services.save_evaluation(tree.users["principal_a1"], teacher, year, {"rating": "x"})
    with pytest.raises(PermissionDenied):
        services.save_evaluation(tree.users["office_a"], teacher, year, {"rating": "good"})


def test_passed_candidates_become_nominations_once(tree, staff, council):
    from awards.models import Nomination
    from awards.services import nominations
    from tests.factories.awards import make_round

    vote = open_cstdcs_vote(tree, council, staff[2])
    cstdcs, ldtt = vote.candidates.order_by("order")
    for username in ("principal_a1", "chair_a1", "teacher_a1", "leader_a1"):
        services.cast_ballot(tree.users[username], vote, {cstdcs.pk: True, ldtt.pk: True})
    round_ = make_round(tree.office_a)
    with pytest.raises(ServiceError, match="sau khi kết thúc"):
        nominations.nominate_from_vote(tree.users["principal_a1"], vote, round_)
    services.close_vote(tree.users["principal_a1"], vote)
    created = nominations.nominate_from_vote(tree.users["principal_a1"], vote, round_)
    assert sorted(n.title.code for n in created) == ["cstdcs", "ldtt"]
    assert "4/5 phiếu đồng ý" in created[0].achievements
    assert nominations.nominate_from_vote(tree.users["principal_a1"], vote, round_) == []
    assert Nomination.objects.count() == 2
    # with the vote's 4 of 5 (80 %) and an LĐTT passed this year, CSTĐCS waits only on the
    # rating: "hoàn thành xuất sắc" or an initiative
    cstdcs_nomination = next(n for n in created if n.title.code == "cstdcs")
    blocking = [f.rule.code for f in nominations.findings(cstdcs_nomination) if f.blocks]
    assert blocking == ["cstdcs-sang-kien"]


def test_members_are_invited_to_vote_by_email(
    tree, staff, council, mailoutbox, django_capture_on_commit_callbacks
):
    for person in staff:
        person.email = f"{person.pk}@truong.edu.vn"
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        open_cstdcs_vote(tree, council, staff[2])
    assert len(mailoutbox) == 5
    assert mailoutbox[0].subject == "Mời bỏ phiếu bình xét: Bình xét cuối năm"
