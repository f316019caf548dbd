"""Object URLs of the council, nominations, proposals and decisions pages."""

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Evidence, Nomination, Posting, Proposal, ProposalItem, Title
from awards.services import council as council_services
from schools.models import SchoolYear
from tests.awards.conftest import make_decision, make_nomination, make_round, person_of
from tests.roles import MANAGES_A1, SEES_A1

NOMINATION_SEERS = MANAGES_A1 | {"teacher_a1"}


def vote_of_a1(tree):
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


def posting_of_a1(tree):
    vote = vote_of_a1(tree)
    council_services.close_vote(tree.users["principal_a1"], vote)
    today = timezone.localdate()
    return Posting.objects.create(vote=vote, opens_on=today, closes_on=today)


def school_round_of_a1(tree):
    return make_round(tree.school_a1)


def submitted_nomination_of_a1(tree):
    return make_nomination(
        make_round(tree.dept_a),
        person_of(tree.users["teacher_a1"]),
        status=Nomination.Status.SUBMITTED,
        holder=tree.office_a,
    )


def evidence_of_a1(tree):
    nomination = submitted_nomination_of_a1(tree)
    item = Evidence(nomination=nomination, name="a.pdf", kind="pdf", size=9, sha256="0" * 64)
    item.file.save("a.pdf", ContentFile(b"%PDF-1.4 "), save=False)
    item.save()
    return item


def sent_proposal_of_a1(tree):
    nomination = submitted_nomination_of_a1(tree)
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=nomination.round,
        status=Proposal.Status.SENT,
        number=4,
    )
    ProposalItem.objects.create(proposal=proposal, nomination=nomination)
    proposal.signed_scan.save("s.pdf", ContentFile(b"%PDF-1.4 signed"))
    return proposal


def decision_of_a1(tree):
    round_ = make_round(tree.school_a1)
    nomination = make_nomination(
        round_, person_of(tree.users["teacher_a1"]), award_form="giay-khen-hieu-truong"
    )
    return make_decision(tree.school_a1, [nomination])


OBJECT_URLS = {
    "vote_detail": (vote_of_a1, SEES_A1, "get", {}),
    "vote_action": (vote_of_a1, SEES_A1, "post", {}),
    "posting_detail": (posting_of_a1, SEES_A1, "get", {}),
    "nomination_create": (school_round_of_a1, {"principal_a1"}, "get", {}),
    "nomination_detail": (submitted_nomination_of_a1, NOMINATION_SEERS, "get", {}),
    "nomination_edit": (submitted_nomination_of_a1, {"admin", "principal_a1"}, "get", {}),
    "nomination_evidence": (submitted_nomination_of_a1, NOMINATION_SEERS, "post", {}),
    "nomination_delete": (submitted_nomination_of_a1, NOMINATION_SEERS, "post", {}),
    "evidence_file": (evidence_of_a1, NOMINATION_SEERS, "get", {}),
    "proposal_detail": (sent_proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_action": (sent_proposal_of_a1, MANAGES_A1, "post", {}),
    "proposal_signed_scan": (sent_proposal_of_a1, MANAGES_A1, "get", {}),
    "decision_detail": (decision_of_a1, SEES_A1, "get", {}),
    "decision_action": (decision_of_a1, SEES_A1, "post", {}),
}
