"""The minutes of a council's sitting and the written opinions of absent members.

Who was present is who voted (a receipt); an absent member may send a written opinion,
which the secretary records before the vote closes and which counts with the ballots
(NĐ 98/2023 Điều 30 khoản 7: the thresholds are shares of all members). The quorum is a
setting (COUNCIL_QUORUM: a provincial rule, not a national one)."""

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ..models import BallotReceipt, Minutes, Vote, WrittenOpinion
from .common import ServiceError, record, require_manager

__all__ = ["attendance", "record_written_opinion", "save_minutes", "written_counts"]


def _lock(vote):
    return Vote.objects.select_for_update().select_related("council__school").get(pk=vote.pk)


def save_minutes(user, vote, data):
    """Place, times, secretary and other opinions of the sitting (a council member keeps
    the minutes)."""
    with transaction.atomic():
        vote = _lock(vote)
        require_manager(user, vote.council.school)
        secretary = data["secretary"]
        if not vote.council.members.filter(pk=secretary.pk).exists():
            raise ServiceError(_("Thư ký phải là thành viên hội đồng."), field="secretary")
        ended = data.get("ended_at")
        if ended and ended <= data["started_at"]:
            raise ServiceError(_("Giờ kết thúc phải sau giờ bắt đầu."), field="ended_at")
        minutes, created = Minutes.objects.update_or_create(
            vote=vote,
            defaults={
                "place": data["place"],
                "started_at": data["started_at"],
                "ended_at": ended,
                "secretary": secretary,
                "other_opinions": data.get("other_opinions", ""),
                "updated_by": user,
            },
        )
        record(user, "minutes", vote=vote, comment=minutes.place)
    return minutes


def record_written_opinion(user, vote, member, answers):
    """An absent member's written opinion on every candidate ({candidate id: agree}),
    recorded while the vote is open; it replaces an earlier record of the same member."""
    with transaction.atomic():
        vote = _lock(vote)
        require_manager(user, vote.council.school)
        if not vote.is_open:
            raise ServiceError(_("Cuộc bình xét đã kết thúc, không ghi thêm ý kiến."))
        if not vote.council.members.filter(pk=member.pk).exists():
            raise ServiceError(_("Chỉ ghi ý kiến của thành viên hội đồng."), field="member")
        if BallotReceipt.objects.filter(vote=vote, member=member).exists():
            raise ServiceError(
                _("%(name)s đã bỏ phiếu: không ghi thêm ý kiến bằng văn bản.")
                % {"name": member.full_name},
                field="member",
            )
        candidates = set(vote.candidates.values_list("pk", flat=True))
        if set(answers) != candidates:
            raise ServiceError(_("Ghi ý kiến đồng ý hoặc không đồng ý cho từng người."))
        WrittenOpinion.objects.filter(vote=vote, member=member).delete()
        WrittenOpinion.objects.bulk_create(
            WrittenOpinion(vote=vote, member=member, candidate_id=pk, agree=agree, recorded_by=user)
            for pk, agree in answers.items()
        )
        record(user, "opinion", vote=vote, comment=member.full_name)


def written_counts(vote):
    """candidate id -> (agree, disagree) of the written opinions (close_vote adds them)."""
    rows = vote.written_opinions.values("candidate_id").annotate(
        yes=Count("pk", filter=Q(agree=True)), no=Count("pk", filter=Q(agree=False))
    )
    return {row["candidate_id"]: (row["yes"], row["no"]) for row in rows}


@dataclass
class Attendance:
    members: list
    present: list
    absent_with_opinion: list
    absent: list
    quorum: Fraction

    @property
    def has_quorum(self):
        total = len(self.members)
        return total > 0 and Fraction(len(self.present), total) >= self.quorum


def attendance(vote):
    """Who sat (voted), who sent a written opinion, who neither: three queries."""
    members = list(vote.council.members.order_by("sort_key", "pk"))
    voted = set(BallotReceipt.objects.filter(vote=vote).values_list("member_id", flat=True))
    wrote = set(vote.written_opinions.values_list("member_id", flat=True))
    return Attendance(
        members=members,
        present=[m for m in members if m.pk in voted],
        absent_with_opinion=[m for m in members if m.pk not in voted and m.pk in wrote],
        absent=[m for m in members if m.pk not in voted and m.pk not in wrote],
        quorum=Fraction(settings.COUNCIL_QUORUM),
    )
