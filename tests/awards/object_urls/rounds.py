"""Object URLs of awards/views/rounds.py (the office pages of nomination rounds and the
Excel lists of proposals and decisions)."""

from awards.models import Nomination, Proposal, ProposalItem
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
from tests.roles import MANAGES_A1, OFFICE_A, SEES_A1


def round_of_dept_a(tree):
    """A round of Sở A: its senders send to Phòng A, then to Sở A."""
    return make_round(tree.dept_a)


def proposal_of_a1(tree):
    """A proposal of school A1, sent to Phòng A."""
    round = make_round(tree.office_a)
    nomination = make_nomination(
        round, person_of(tree.users["teacher_a1"]), status=Nomination.Status.SUBMITTED
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round,
        number=1,
        symbol="TTr-THA1",
        status=Proposal.Status.SENT,
    )
    ProposalItem.objects.create(proposal=proposal, nomination=nomination)
    return proposal


def decision_of_a1(tree):
    """A recorded decision of school A1's principal (Giấy khen of the principal)."""
    round = make_round(tree.school_a1)
    nomination = make_nomination(
        round,
        person_of(tree.users["teacher_a1"]),
        status=Nomination.Status.ACCEPTED,
        award_form="giay-khen-hieu-truong",
    )
    return make_decision(tree.school_a1, [nomination])


OBJECT_URLS = {
    "award_round": (round_of_dept_a, OFFICE_A, "get", {}),
    "award_round_xlsx": (round_of_dept_a, OFFICE_A, "get", {}),
    "award_round_sender": (
        round_of_dept_a,
        OFFICE_A,
        "get",
        {"sender_pk": lambda t: t.school_a1.pk},
    ),
    "proposal_list_xlsx": (proposal_of_a1, MANAGES_A1, "get", {}),
    "decision_list_xlsx": (decision_of_a1, SEES_A1, "get", {}),
}
