"""The block's year-end ranking and the vote for next year's leader: criteria, scores,
closing (only when every score or vote is in, or after its deadline), and the office's
say (it scores the leader's school, reopens, approves the ranking and the leading unit).
Every state change checks the role, the state and the deadline and saves atomically; the
audit log keeps its history; e-mails leave after commit."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import bulk_create
from common.mail import send_after_commit
from common.text import clean_text
from schools.models import Organization, Role
from schools.roles import OFFICE_ROLES
from schools.services import ServiceError

from .models import EmulationBlock, LeaderVote, RankingCriterion, Score
from .permissions import (
    acts_for_school,
    is_leader,
    is_office_staff,
    member_school_of,
    require,
)

SHORT_TEXT = 5000  # evidence of a score, the office's note


def _locked(block):
    return EmulationBlock.objects.select_for_update().get(pk=block.pk)


def _day(day):
    return day.strftime("%d/%m/%Y")


# -- criteria and scores -----------------------------------------------------------------


def set_criteria(user, block, criteria, peer_scoring=None):
    """[(name, max points), ...], by the leader, before any score; `peer_scoring` when the
    plan says every member scores the others."""
    require(is_leader(user, block))
    if block.ranking_closed_at:
        raise ServiceError(_("Xếp hạng đã chốt."))
    criteria = [(clean_text(name, 300, _("Tên tiêu chí")), points) for name, points in criteria]
    for _name, points in criteria:
        if not 1 <= int(points) <= 1000:
            raise ServiceError(_("Điểm tối đa của mỗi tiêu chí phải từ 1 đến 1000."))
    if Score.objects.filter(criterion__block=block).exists():
        raise ServiceError(_("Đã có điểm chấm; không sửa được tiêu chí."))
    with transaction.atomic():
        if peer_scoring is not None:
            block.peer_scoring = peer_scoring
            block.save(update_fields=["peer_scoring"])
        block.criteria.all().delete()
        bulk_create(
            RankingCriterion,
            (
                RankingCriterion(block=block, order=i, name=name.strip(), max_points=int(points))
                for i, (name, points) in enumerate(criteria)
                if name.strip()
            ),
        )


def _check_scorer(user, block, school, kind):
    """Who may give a score of `kind` to `school`; returns the scoring member school of
    a peer score. The leader's own school is never ranked by the leader alone: by its
    peers (peer scoring) or by the office."""
    if kind == Score.Kind.SELF:
        require(acts_for_school(user, school))
        return None
    if kind == Score.Kind.PEER:
        scorer = member_school_of(user, block)
        require(scorer is not None)
        if not block.peer_scoring:
            raise ServiceError(_("Theo kế hoạch của khối, khối trưởng chấm điểm các trường."))
        if scorer.pk == school.pk:
            raise ServiceError(_("Trường không chấm chính mình ở mục này; hãy dùng tự chấm."))
        return scorer
    if kind == Score.Kind.OFFICE:
        require(is_office_staff(user, block))
        if block.peer_scoring or school.pk != block.leader_school_id:
            raise ServiceError(_("Phòng chỉ chấm trường khối trưởng khi khối trưởng chấm."))
        return None
    if kind != Score.Kind.LEADER:
        raise ServiceError(_("Loại điểm không hợp lệ."))
    require(is_leader(user, block))
    if block.peer_scoring:
        raise ServiceError(_("Theo kế hoạch của khối, mọi thành viên cùng chấm điểm."))
    if school.pk == block.leader_school_id:
        raise ServiceError(_("Khối trưởng không chấm trường mình; Phòng chấm trường khối trưởng."))
    return None


def _points(criterion, points):
    try:
        value = Decimal(str(points).strip().replace(",", "."))
    except InvalidOperation:
        raise ServiceError(
            _("Điểm “%(name)s” phải là một số.") % {"name": criterion.name}
        ) from None
    if not value.is_finite() or not Decimal(0) <= value <= criterion.max_points:
        raise ServiceError(
            _("Điểm “%(name)s” phải từ 0 đến %(max)s.")
            % {"name": criterion.name, "max": criterion.max_points}
        )
    return value


def score(user, block, school, criterion, points, kind, evidence=""):
    """One score: self-scoring by a member's principal; the leader's score of another
    member, a peer's, or the office's score of the leader's school."""
    scorer = _check_scorer(user, block, school, kind)
    require(block.memberships.filter(school=school).exists() and criterion.block_id == block.pk)
    if block.ranking_closed_at:
        raise ServiceError(_("Xếp hạng đã chốt; không chấm thêm được."))
    value = _points(criterion, points)
    evidence = clean_text(evidence, SHORT_TEXT, _("Minh chứng"))
    return Score.objects.update_or_create(
        criterion=criterion,
        school=school,
        kind=kind,
        scorer_school=scorer,
        defaults={"points": value, "evidence": evidence, "scored_by": user},
    )[0]


def score_school(user, block, school, kind, points, evidence):
    """A whole scoring sheet: {criterion id: points} and {criterion id: evidence}; every
    value is checked before anything is saved. Returns how many scores were saved."""
    criteria = list(block.criteria.all())
    filled = [(c, points.get(c.pk, "").strip()) for c in criteria]
    filled = [(c, p) for c, p in filled if p]
    for criterion, value in filled:
        _points(criterion, value)
    with transaction.atomic():
        for criterion, value in filled:
            score(user, block, school, criterion, value, kind, evidence.get(criterion.pk, ""))
    return len(filled)


def _ranking_kind(block, school_id):
    if block.peer_scoring:
        return Score.Kind.PEER
    return Score.Kind.OFFICE if school_id == block.leader_school_id else Score.Kind.LEADER


def ranking(block):
    """[(school, self total, ranking total)], best first. The ranking total is the
    leader's (the office's for the leader's school), or with peer scoring the average
    of the other members' totals."""
    totals = {}
    for row in (
        Score.objects.filter(criterion__block=block)
        .exclude(kind=Score.Kind.PEER)
        .values("school_id", "kind")
        .annotate(total=Sum("points"))
    ):
        totals.setdefault(row["school_id"], {})[row["kind"]] = row["total"]
    if block.peer_scoring:
        peer = {}
        for row in (
            Score.objects.filter(criterion__block=block, kind=Score.Kind.PEER)
            .values("school_id", "scorer_school_id")
            .annotate(total=Sum("points"))
        ):
            peer.setdefault(row["school_id"], []).append(row["total"])
        for school_id, sums in peer.items():
            average = (sum(sums) / len(sums)).quantize(Decimal("0.01"))
            totals.setdefault(school_id, {})[Score.Kind.PEER] = average
    rows = []
    for m in block.memberships.select_related("school"):
        mine = totals.get(m.school_id, {})
        rows.append((m.school, mine.get("self"), mine.get(_ranking_kind(block, m.school_id))))
    return sorted(rows, key=lambda r: (-(r[2] or 0), -(r[1] or 0), r[0].name))


def scoring_gaps(block):
    """What is still to be scored: [(school, what is missing)], empty when complete. Every
    member scores itself on every criterion; every member is ranked on every criterion
    (by the leader, the office for the leader's school, or every other member)."""
    criteria = block.criteria.count()
    counts = {}
    for row in (
        Score.objects.filter(criterion__block=block)
        .values("school_id", "kind", "scorer_school_id")
        .annotate(n=Count("pk"))
    ):
        key = (row["school_id"], row["kind"], row["scorer_school_id"])
        counts[key] = row["n"]
    members = [
        m.school for m in block.memberships.select_related("school").order_by("school__name")
    ]
    gaps = []
    for school in members:
        if counts.get((school.pk, Score.Kind.SELF, None), 0) < criteria:
            gaps.append((school, _("chưa tự chấm đủ")))
        if block.peer_scoring:
            missing = [
                s.name
                for s in members
                if s.pk != school.pk
                and counts.get((school.pk, Score.Kind.PEER, s.pk), 0) < criteria
            ]
            if missing:
                gaps.append((school, _("chưa được chấm bởi: %(s)s") % {"s": ", ".join(missing)}))
        else:
            kind = _ranking_kind(block, school.pk)
            if counts.get((school.pk, kind, None), 0) < criteria:
                gaps.append(
                    (
                        school,
                        _("Phòng chưa chấm")
                        if kind == Score.Kind.OFFICE
                        else _("khối trưởng chưa chấm"),
                    )
                )
    return gaps


def _past(deadline):
    return deadline is not None and timezone.localdate() > deadline


def _mail_holders(organization, roles, subject, body):
    """E-mail everyone holding one of `roles` in `organization`, after commit."""
    addresses = set(
        organization.role_assignments.filter(role__in=roles).values_list("user__email", flat=True)
    )
    return send_after_commit((subject, body, address) for address in sorted(addresses))


def _office_staff_mails(block, subject, body):
    return _mail_holders(block.office, OFFICE_ROLES, subject, body)


def _leader_mails(block, subject, body):
    return _mail_holders(block.leader_school, [Role.PRINCIPAL, Role.BLOCK_LEADER], subject, body)


def _link(block):
    return reverse("block_detail", args=[block.pk])


def _reason(reason, missing):
    reason = clean_text(reason, SHORT_TEXT, _("Lý do"))
    if not reason:
        raise ServiceError(missing, field="reason")
    return reason


def _reopened(block, reason, subject):
    """Save the reopened block with the office's reason and tell the leader why."""
    block.office_note = reason
    block.save()
    _leader_mails(
        block,
        subject % {"b": block.name},
        _("Lý do: %(r)s. Xem tại %(l)s") % {"r": reason, "l": _link(block)},
    )
    return block


def close_ranking(user, block):
    """The leader closes the ranking once every score is in, or after the scoring deadline;
    the office is asked to approve it."""
    require(is_leader(user, block))
    with transaction.atomic():
        block = _locked(block)
        if block.ranking_closed_at:
            raise ServiceError(_("Xếp hạng đã chốt trước đó."))
        gaps = scoring_gaps(block)
        if gaps and not _past(block.ranking_deadline):
            when = (
                _("hoặc sau hạn chấm điểm %(d)s") % {"d": _day(block.ranking_deadline)}
                if block.ranking_deadline
                else _("hoặc sau hạn chấm điểm (khối trưởng đặt hạn ở mục Hạn của khối)")
            )
            raise ServiceError(
                _("Chưa chốt được: %(gaps)s. Chốt được khi đủ điểm %(when)s.")
                % {"gaps": "; ".join(f"{s.name} {what}" for s, what in gaps), "when": when}
            )
        rows = ranking(block)
        if not rows or rows[0][2] is None:
            raise ServiceError(_("Chưa có điểm xếp hạng của trường nào."))
        block.ranking_closed_at = timezone.now()
        block.leading_school = rows[0][0]
        block.save(update_fields=["ranking_closed_at", "leading_school"])
        _office_staff_mails(
            block,
            _("%(b)s đã chốt xếp hạng, chờ duyệt") % {"b": block.name},
            _("Khối trưởng đã chốt xếp hạng; đơn vị dẫn đầu đề xuất: %(s)s. Duyệt tại %(l)s")
            % {"s": block.leading_school.name, "l": _link(block)},
        )
    return block


def reopen_ranking(user, block, reason):
    """The office reopens a closed ranking (its approval with it), saying why."""
    require(is_office_staff(user, block))
    reason = _reason(reason, _("Hãy ghi lý do mở lại xếp hạng."))
    with transaction.atomic():
        block = _locked(block)
        if not block.ranking_closed_at:
            raise ServiceError(_("Xếp hạng chưa chốt."))
        block.ranking_closed_at = None
        block.ranking_approved_at = None
        block.ranking_approved_by = None
        block.leading_school = None
        return _reopened(block, reason, _("Phòng mở lại xếp hạng của %(b)s"))


def approve_ranking(user, block, leading_school, note=""):
    """The office approves the closed ranking and names the leading unit (the first in
    the ranking unless it says otherwise, with a note)."""
    require(is_office_staff(user, block))
    note = clean_text(note, SHORT_TEXT, _("Ý kiến"))
    with transaction.atomic():
        block = _locked(block)
        if not block.ranking_closed_at:
            raise ServiceError(_("Khối trưởng chưa chốt xếp hạng."))
        if block.ranking_approved_at:
            raise ServiceError(_("Xếp hạng đã được duyệt trước đó."))
        if not block.memberships.filter(school=leading_school).exists():
            raise ServiceError(_("Đơn vị dẫn đầu phải là một trường trong khối."))
        if leading_school.pk != block.leading_school_id and not note:
            raise ServiceError(
                _("Đơn vị dẫn đầu khác trường đứng đầu bảng điểm: hãy ghi lý do ở ô Ý kiến.")
            )
        block.leading_school = leading_school
        block.ranking_approved_at = timezone.now()
        block.ranking_approved_by = user
        block.office_note = note
        block.save()
        _leader_mails(
            block,
            _("Phòng đã duyệt xếp hạng của %(b)s") % {"b": block.name},
            _("Đơn vị dẫn đầu: %(s)s. %(n)s Xem tại %(l)s")
            % {"s": leading_school.name, "n": note, "l": _link(block)},
        )
    return block


# -- next year's leader ------------------------------------------------------------------


def cast_vote(user, block, candidate):
    voter = member_school_of(user, block)
    require(voter is not None)
    if block.vote_closed_at:
        raise ServiceError(_("Cuộc bầu khối trưởng đã kết thúc."))
    if not block.memberships.filter(school=candidate).exists():
        raise ServiceError(_("Chỉ bầu được một trường trong khối."))
    try:
        with transaction.atomic():
            return LeaderVote.objects.create(
                block=block, voter_school=voter, candidate=candidate, voted_by=user
            )
    except IntegrityError:
        raise ServiceError(_("Trường của bạn đã bỏ phiếu.")) from None


def missing_voters(block):
    voted = set(block.votes.values_list("voter_school_id", flat=True))
    return [
        m.school
        for m in block.memberships.select_related("school").order_by("school__name")
        if m.school_id not in voted
    ]


def close_vote(user, block):
    """The leader ends the vote once every member has voted, or after its deadline."""
    require(is_leader(user, block))
    with transaction.atomic():
        block = _locked(block)
        if block.vote_closed_at:
            raise ServiceError(_("Cuộc bầu đã kết thúc trước đó."))
        missing = missing_voters(block)
        if missing and not _past(block.vote_deadline):
            raise ServiceError(
                _(
                    "Chưa kết thúc được: %(names)s chưa bầu. Kết thúc được khi mọi trường "
                    "đã bầu %(when)s."
                )
                % {
                    "names": ", ".join(s.name for s in missing),
                    "when": _("hoặc sau hạn bầu %(d)s") % {"d": _day(block.vote_deadline)}
                    if block.vote_deadline
                    else _("hoặc sau hạn bầu (khối trưởng đặt hạn ở mục Hạn của khối)"),
                }
            )
        counts = list(
            LeaderVote.objects.filter(block=block)
            .values("candidate")
            .annotate(n=Count("pk"))
            .order_by("-n", "candidate")
        )
        if not counts:
            raise ServiceError(_("Chưa có phiếu bầu nào."))
        if len(counts) > 1 and counts[0]["n"] == counts[1]["n"]:
            raise ServiceError(
                _("Hai trường bằng phiếu; Phòng mở lại cuộc bầu hoặc các trường bầu lại.")
            )
        block.next_leader_school = Organization.objects.get(pk=counts[0]["candidate"])
        block.vote_closed_at = timezone.now()
        block.save(update_fields=["next_leader_school", "vote_closed_at"])
        _office_staff_mails(
            block,
            _("%(b)s đã bầu khối trưởng năm học sau") % {"b": block.name},
            _("Khối trưởng năm học sau: %(s)s. Xem tại %(l)s")
            % {"s": block.next_leader_school.name, "l": _link(block)},
        )
    return block


def reopen_vote(user, block, reason, clear_votes=False):
    """The office reopens the vote, saying why; with `clear_votes` every school votes
    again (after a tie), otherwise those who had not voted may still."""
    require(is_office_staff(user, block))
    reason = _reason(reason, _("Hãy ghi lý do mở lại cuộc bầu."))
    with transaction.atomic():
        block = _locked(block)
        if clear_votes:
            block.votes.all().delete()
        elif not block.vote_closed_at:
            raise ServiceError(_("Cuộc bầu chưa kết thúc."))
        block.vote_closed_at = None
        block.next_leader_school = None
        return _reopened(block, reason, _("Phòng mở lại cuộc bầu khối trưởng của %(b)s"))
