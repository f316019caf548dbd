"""The year-end ranking and the next-leader vote (issue 15, item 3): they close only when
every score or vote is in, or after their deadline; the leader never ranks his own school
(the office does, or the peers); the office reopens and approves."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from emulation.blocks import ranking
from emulation.blocks.models import Score
from schools.services import ServiceError

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def criteria_of(tree, block, peer=False):
    ranking.set_criteria(
        tree.users["principal_a1"], block, [("Nhiệm vụ", 60), ("Phong trào", 40)], peer
    )
    block.refresh_from_db()
    return list(block.criteria.all())


def self_scores(tree, block, criteria):
    for key, school in [
        ("principal_a1", tree.school_a1),
        ("principal_a2", tree.school_a2),
        ("principal_a4", tree.school_a4),
    ]:
        for c in criteria:
            ranking.score(tree.users[key], block, school, c, 30, Score.Kind.SELF)


def test_bad_points_are_refused_with_the_criterions_name(tree, block):
    criteria = criteria_of(tree, block)
    a2 = tree.users["principal_a2"]
    with pytest.raises(ServiceError, match="“Nhiệm vụ” phải từ 0 đến 60"):
        ranking.score(a2, block, tree.school_a2, criteria[0], 61, Score.Kind.SELF)
    with pytest.raises(ServiceError, match="“Nhiệm vụ” phải là một số"):
        ranking.score(a2, block, tree.school_a2, criteria[0], "abc", Score.Kind.SELF)
    with pytest.raises(PermissionDenied):  # only the leader gives the leader's score
        ranking.score(a2, block, tree.school_a2, criteria[0], 50, Score.Kind.LEADER)
    ranking.score(a2, block, tree.school_a2, criteria[0], "55,5", Score.Kind.SELF)
    sheet = {criteria[0].pk: "20", criteria[1].pk: "41"}  # the second is over its maximum
    with pytest.raises(ServiceError, match="“Phong trào” phải từ 0 đến 40"):
        ranking.score_school(a2, block, tree.school_a2, Score.Kind.SELF, sheet, {})
    # nothing of the sheet was saved: the first value is still the one before
    assert Score.objects.get(criterion=criteria[0], school=tree.school_a2).points == 55.5


def test_the_leader_never_ranks_his_own_school_the_office_does(tree, block):
    criteria = criteria_of(tree, block)
    leader, office = tree.users["principal_a1"], tree.users["office_a"]
    with pytest.raises(ServiceError, match="Khối trưởng không chấm trường mình"):
        ranking.score(leader, block, tree.school_a1, criteria[0], 60, Score.Kind.LEADER)
    with pytest.raises(PermissionDenied):  # a member's principal is not the office
        ranking.score(
            tree.users["principal_a2"], block, tree.school_a1, criteria[0], 1, Score.Kind.OFFICE
        )
    with pytest.raises(ServiceError, match="Phòng chỉ chấm trường khối trưởng"):
        ranking.score(office, block, tree.school_a2, criteria[0], 1, Score.Kind.OFFICE)
    for c in criteria:
        ranking.score(office, block, tree.school_a1, c, 20, Score.Kind.OFFICE)
        ranking.score(leader, block, tree.school_a2, c, 30, Score.Kind.LEADER)
        ranking.score(leader, block, tree.school_a4, c, 10, Score.Kind.LEADER)
    # the leader's self-score of 100 does not rank him: the office's 40 does
    for c in criteria:
        ranking.score(leader, block, tree.school_a1, c, c.max_points, Score.Kind.SELF)
    assert [(r[0].name, r[2]) for r in ranking.ranking(block)] == [
        ("Trường A2", 60),
        ("Trường A1", 40),
        ("Trường A4", 20),
    ]


def test_closing_waits_for_every_score_or_the_deadline(
    tree, block, django_capture_on_commit_callbacks
):
    tree.users["office_a"].email = "phong@example.vn"
    tree.users["office_a"].save()
    criteria = criteria_of(tree, block)
    leader = tree.users["principal_a1"]
    for c in criteria:
        ranking.score(leader, block, tree.school_a2, c, 30, Score.Kind.LEADER)
    with pytest.raises(ServiceError) as refused:
        ranking.close_ranking(leader, block)
    message = str(refused.value)
    assert "Trường A1 Phòng chưa chấm" in message
    assert "Trường A4 khối trưởng chưa chấm" in message
    assert "Trường A2 chưa tự chấm đủ" in message
    block.refresh_from_db()
    assert block.ranking_closed_at is None
    # after the scoring deadline the leader may close with what is in
    block.ranking_deadline = YESTERDAY
    block.save()
    with pytest.raises(PermissionDenied):
        ranking.close_ranking(tree.users["principal_a2"], block)
    with django_capture_on_commit_callbacks(execute=True):
        block = ranking.close_ranking(leader, block)
    assert block.leading_school == tree.school_a2
    [sent] = mail.outbox  # the office is asked to approve
    assert sent.to == ["phong@example.vn"] and "chờ duyệt" in sent.subject


def test_a_complete_ranking_closes_before_the_deadline(tree, block):
    criteria = criteria_of(tree, block)
    self_scores(tree, block, criteria)
    leader, office = tree.users["principal_a1"], tree.users["office_a"]
    for c in criteria:
        ranking.score(office, block, tree.school_a1, c, 25, Score.Kind.OFFICE)
        ranking.score(leader, block, tree.school_a2, c, 30, Score.Kind.LEADER)
        ranking.score(leader, block, tree.school_a4, c, 20, Score.Kind.LEADER)
    assert ranking.scoring_gaps(block) == []
    block = ranking.close_ranking(leader, block)
    assert block.leading_school == tree.school_a2
    with pytest.raises(ServiceError, match="Xếp hạng đã chốt"):
        ranking.score(leader, block, tree.school_a4, criteria[0], 60, Score.Kind.LEADER)


def closed(tree, block):
    criteria = criteria_of(tree, block)
    block.ranking_deadline = YESTERDAY
    block.save()
    for c in criteria:
        ranking.score(tree.users["principal_a1"], block, tree.school_a2, c, 30, Score.Kind.LEADER)
    return ranking.close_ranking(tree.users["principal_a1"], block)


def test_the_office_approves_or_reopens_the_ranking(tree, block):
    block = closed(tree, block)
    office = tree.users["office_a"]
    with pytest.raises(PermissionDenied):  # the leader does not approve his own ranking
        ranking.approve_ranking(tree.users["principal_a1"], block, tree.school_a2)
    with pytest.raises(ServiceError, match="ghi lý do"):
        ranking.approve_ranking(office, block, tree.school_a4)
    with pytest.raises(ServiceError, match="Hãy ghi lý do mở lại"):
        ranking.reopen_ranking(office, block, "  ")
    block = ranking.reopen_ranking(office, block, "Trường A4 chưa được chấm.")
    assert (block.ranking_closed_at, block.leading_school, block.office_note) == (
        None,
        None,
        "Trường A4 chưa được chấm.",
    )
    with pytest.raises(ServiceError, match="Khối trưởng chưa chốt"):
        ranking.approve_ranking(office, block, tree.school_a2)
    for c in block.criteria.all():
        ranking.score(tree.users["principal_a1"], block, tree.school_a4, c, 40, Score.Kind.LEADER)
    block = ranking.close_ranking(tree.users["principal_a1"], block)
    assert block.leading_school == tree.school_a4
    block = ranking.approve_ranking(tree.users["dept_a"], block, tree.school_a4)
    assert block.ranking_approved_at is not None and block.ranking_approved_by is not None
    with pytest.raises(ServiceError, match="đã được duyệt"):
        ranking.approve_ranking(office, block, tree.school_a4)


def test_the_vote_closes_when_all_voted_or_after_its_deadline(tree, block):
    leader = tree.users["principal_a1"]
    ranking.cast_vote(tree.users["principal_a2"], block, tree.school_a2)
    with pytest.raises(ServiceError, match="đã bỏ phiếu"):
        ranking.cast_vote(tree.users["principal_a2"], block, tree.school_a1)
    with pytest.raises(PermissionDenied):  # not a member's principal
        ranking.cast_vote(tree.users["principal_b1"], block, tree.school_a1)
    with pytest.raises(ServiceError, match="Trường A1, Trường A4 chưa bầu"):
        ranking.close_vote(leader, block)
    ranking.cast_vote(tree.users["principal_a4"], block, tree.school_a2)
    ranking.cast_vote(leader, block, tree.school_a1)
    block = ranking.close_vote(leader, block)
    assert block.next_leader_school == tree.school_a2
    with pytest.raises(ServiceError, match="đã kết thúc"):
        ranking.cast_vote(leader, block, tree.school_a1)
    with pytest.raises(PermissionDenied):  # only the office reopens
        ranking.reopen_vote(leader, block, "Bầu lại")
    block = ranking.reopen_vote(tree.users["office_a"], block, "Bầu lại", clear_votes=True)
    assert (block.vote_closed_at, block.next_leader_school, block.votes.count()) == (
        None,
        None,
        0,
    )


def test_a_tie_is_not_decided_by_id(tree, block):
    block.vote_deadline = YESTERDAY
    block.save()
    ranking.cast_vote(tree.users["principal_a2"], block, tree.school_a2)
    ranking.cast_vote(tree.users["principal_a4"], block, tree.school_a4)
    with pytest.raises(ServiceError, match="bằng phiếu"):
        ranking.close_vote(tree.users["principal_a1"], block)


def test_peer_scoring_ranks_by_the_average_of_the_others(tree, block):
    [criterion] = criteria_of(tree, block, peer=True)[:1]
    leader = tree.users["principal_a1"]
    with pytest.raises(ServiceError, match="mọi thành viên cùng chấm"):
        ranking.score(leader, block, tree.school_a2, criterion, 50, Score.Kind.LEADER)
    with pytest.raises(ServiceError, match="không chấm chính mình"):
        ranking.score(
            tree.users["principal_a2"], block, tree.school_a2, criterion, 40, Score.Kind.PEER
        )
    for scorer, school, points in [
        ("principal_a1", tree.school_a2, 50),
        ("principal_a4", tree.school_a2, 30),
        ("principal_a2", tree.school_a1, 35),
        ("principal_a4", tree.school_a1, 45),
        ("principal_a1", tree.school_a4, 20),
        ("principal_a2", tree.school_a4, 20),
    ]:
        ranking.score(tree.users[scorer], block, school, criterion, points, Score.Kind.PEER)
    assert [(r[0].name, r[2]) for r in ranking.ranking(block)] == [
        ("Trường A1", 40),
        ("Trường A2", 40),
        ("Trường A4", 20),
    ]
    gaps = {s.name: what for s, what in ranking.scoring_gaps(block)}
    assert "Trường A1" in gaps["Trường A2"]  # nobody scored "Phong trào"
