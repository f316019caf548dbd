"""Object URLs of the council, nominations, proposals and decisions pages."""

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Evidence, Nomination, Posting, Proposal, ProposalItem, Title
from awards.services import council as council_services
from schools.models import SchoolYear
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
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


def draft_proposal_of_a1(tree):
    """School A1's draft to office A, with one nomination ready to go in it: only its
    managers see it (and the administrator)."""
    nomination = make_nomination(make_round(tree.dept_a), person_of(tree.users["teacher_a1"]))
    return Proposal.objects.create(
        organization=tree.school_a1, recipient=tree.office_a, round=nomination.round
    )


def unscanned_proposal_of_a1(tree):
    """Sent without its signed scan: the school may still add it, once."""
    proposal = sent_proposal_of_a1(tree)
    proposal.signed_scan.delete()
    return proposal


def item_of_a1(tree):
    """The item of school A1's latest proposal (made when it has none: for the secondary
    id of another school's proposal)."""
    items = ProposalItem.objects.filter(proposal__organization=tree.school_a1)
    item = items.order_by("-pk").first()
    return item.pk if item else sent_proposal_of_a1(tree).items.get().pk


def closed_vote_of_a1(tree):
    """Every member voted for the one candidate and the vote is closed: its list can be
    posted and nominated."""
    vote = vote_of_a1(tree)
    candidate = vote.candidates.get()
    for role in ("principal_a1", "chair_a1", "teacher_a1"):
        council_services.cast_ballot(tree.users[role], vote, {candidate.pk: True})
    council_services.close_vote(tree.users["principal_a1"], vote)
    return vote


def decision_of_a1(tree):
    round_ = make_round(tree.school_a1)
    nomination = make_nomination(
        round_, person_of(tree.users["teacher_a1"]), award_form="giay-khen-hieu-truong"
    )
    return make_decision(tree.school_a1, [nomination])


OBJECT_URLS = {
    "vote_detail": (vote_of_a1, SEES_A1, "get", {}),
    "vote_ballot": (vote_of_a1, SEES_A1, "post", {}),
    "vote_close": (vote_of_a1, SEES_A1, "post", {}),
    "vote_post": (closed_vote_of_a1, SEES_A1, "post", {}),
    "vote_nominate": (closed_vote_of_a1, SEES_A1, "post", {}),
    "posting_detail": (posting_of_a1, SEES_A1, "get", {}),
    "nomination_create": (school_round_of_a1, {"principal_a1"}, "get", {}),
    "nomination_detail": (submitted_nomination_of_a1, NOMINATION_SEERS, "get", {}),
    "nomination_edit": (submitted_nomination_of_a1, {"admin", "principal_a1"}, "get", {}),
    "nomination_evidence": (submitted_nomination_of_a1, NOMINATION_SEERS, "post", {}),
    "nomination_delete": (submitted_nomination_of_a1, NOMINATION_SEERS, "post", {}),
    "evidence_file": (evidence_of_a1, NOMINATION_SEERS, "get", {}),
    "proposal_detail": (sent_proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_items": (draft_proposal_of_a1, {"admin", "principal_a1"}, "post", {}),
    "proposal_send": (draft_proposal_of_a1, {"admin", "principal_a1"}, "post", {}),
    "proposal_scan_upload": (unscanned_proposal_of_a1, MANAGES_A1, "post", {}),
    "proposal_review": (sent_proposal_of_a1, MANAGES_A1, "post", {"item_pk": item_of_a1}),
    "proposal_accept_items": (sent_proposal_of_a1, MANAGES_A1, "post", {}),
    "proposal_accept_all": (sent_proposal_of_a1, MANAGES_A1, "post", {}),
    "proposal_signed_scan": (sent_proposal_of_a1, MANAGES_A1, "get", {}),
    "decision_detail": (decision_of_a1, SEES_A1, "get", {}),
    "decision_awardees": (decision_of_a1, SEES_A1, "post", {}),
    "decision_record": (decision_of_a1, SEES_A1, "post", {}),
}
