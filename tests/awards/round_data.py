"""A round of Sở A with proposals already sent and reviewed, made directly with the ORM,
for the tests of the office pages (aggregation, views, exports).

Sở A's round, deadline 5 days ago:
- Phòng A sent on time (3 days before the deadline) proposal 7/TTr-PGDĐT with:
  Lê Văn An (LĐTT, accepted), Bùi Thị Yến (CSTĐCS, returned, "Thiếu minh chứng"),
  the union group of school A1 (Giấy khen of the Sở director, pending), all nominated
  by school A1, and Đỗ Minh Châu of school A2 (LĐTT) returned in 7/TTr-PGDĐT and
  accepted in a later proposal 9/TTr-PGDĐT (she counts once, accepted);
- THPT A sent late (1 day after the deadline) 3/TTr-THPTA: Võ Thị Bình (CSTĐCS,
  rejected);
- the commune of A sent nothing (only a draft): missing.
Meanwhile school A1 sent its own proposal 5/TTr-THA1 to Phòng A (on time) with the
first three nominations.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from awards.models import Nomination, Proposal, ProposalItem, Round
from tests.factories import PersonFactory
from tests.factories.awards import make_nomination, make_round

OUT = ProposalItem.Outcome
S = Nomination.Status


def send(
    round,
    sender,
    items,
    number=None,
    symbol="TTr",
    late=False,
    sent_at=None,
    status=Proposal.Status.SENT,
    recipient=None,
):
    """A proposal of `sender` to its parent holding `items` [(nomination, outcome,
    comment)]."""
    if sent_at is None and status != Proposal.Status.DRAFT:
        sent_at = timezone.now()
    proposal = Proposal.objects.create(
        organization=sender,
        recipient=recipient or sender.parent,
        round=round,
        number=number,
        symbol=symbol,
        status=status,
        sent_at=sent_at,
        is_late=late,
    )
    for order, (nomination, outcome, comment) in enumerate(items):
        ProposalItem.objects.create(
            proposal=proposal, nomination=nomination, order=order, outcome=outcome, comment=comment
        )
    return proposal


def at_deadline(round, days):
    """A moment `days` days after the round's deadline (negative: before), 10:00."""
    day = round.deadline + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@dataclass
class Scenario:
    round: Round
    an: Nomination
    yen: Nomination
    group: Nomination
    chau: Nomination
    binh: Nomination
    office_proposal: Proposal
    office_second: Proposal
    thpt_proposal: Proposal
    school_proposal: Proposal


def scenario(tree):
    round = make_round(tree.dept_a, deadline_in_days=-5, name="Quý I năm 2026")
    an = PersonFactory(organization=tree.school_a1, full_name="Lê Văn An")
    yen = PersonFactory(organization=tree.school_a1, full_name="Bùi Thị Yến")
    chau = PersonFactory(organization=tree.school_a2, full_name="Đỗ Minh Châu")
    binh = PersonFactory(organization=tree.thpt_a, full_name="Võ Thị Bình")
    at_sở = {"status": S.SUBMITTED, "holder": tree.dept_a}
    n_an = make_nomination(round, an, title="ldtt", **at_sở)
    n_yen = make_nomination(round, yen, title="cstdcs", **at_sở)
    n_group = make_nomination(
        round, organization=tree.school_a1, unit=tree.group_a1, **at_sở
    )  # Giấy khen of the Sở director
    n_chau = make_nomination(round, chau, title="ldtt", **at_sở)
    n_binh = make_nomination(round, binh, title="cstdcs", **at_sở)
    school_proposal = send(
        round,
        tree.school_a1,
        [(n_an, OUT.ACCEPTED, ""), (n_yen, OUT.ACCEPTED, ""), (n_group, OUT.ACCEPTED, "")],
        number=5,
        symbol="TTr-THA1",
        sent_at=at_deadline(round, -6),
        status=Proposal.Status.REVIEWED,
    )
    office_proposal = send(
        round,
        tree.office_a,
        [
            (n_an, OUT.ACCEPTED, ""),
            (n_yen, OUT.RETURNED, "Thiếu minh chứng"),
            (n_group, OUT.PENDING, ""),
            (n_chau, OUT.RETURNED, "Bổ sung báo cáo"),
        ],
        number=7,
        symbol="TTr-PGDĐT",
        sent_at=at_deadline(round, -3),
    )
    office_second = send(
        round,
        tree.office_a,
        [(n_chau, OUT.ACCEPTED, "")],
        number=9,
        symbol="TTr-PGDĐT",
        sent_at=at_deadline(round, 2),
        late=True,
    )
    thpt_proposal = send(
        round,
        tree.thpt_a,
        [(n_binh, OUT.REJECTED, "Chưa đủ điều kiện")],
        number=3,
        symbol="TTr-THPTA",
        sent_at=at_deadline(round, 1),
        late=True,
    )
    send(round, tree.commune_a, [], status=Proposal.Status.DRAFT)
    return Scenario(
        round,
        n_an,
        n_yen,
        n_group,
        n_chau,
        n_binh,
        office_proposal,
        office_second,
        thpt_proposal,
        school_proposal,
    )
