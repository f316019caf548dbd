"""Object URLs of the official documents, the certificates and their batches."""

from django.core.files.base import ContentFile

from awards.models import CertificateBatch, Nomination, Proposal, ProposalItem
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
from tests.roles import MANAGES_A1, SEES_A1

NOMINEE_AND_MANAGERS = MANAGES_A1 | {"teacher_a1"}
DECISION_MANAGERS = {"admin", "principal_a1"}  # managers of school A1 itself


def nomination_of_a1(tree):
    return make_nomination(
        make_round(tree.office_a),
        person_of(tree.users["teacher_a1"]),
        status=Nomination.Status.SUBMITTED,
        holder=tree.office_a,
    )


def proposal_of_a1(tree):
    nomination = nomination_of_a1(tree)
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=nomination.round,
        status=Proposal.Status.SENT,
        number=7,
        symbol="TTr-A1",
    )
    ProposalItem.objects.create(proposal=proposal, nomination=nomination)
    return proposal


def decision_of_a1(tree):
    nomination = make_nomination(
        make_round(tree.school_a1),
        person_of(tree.users["teacher_a1"]),
        award_form="giay-khen-hieu-truong",
    )
    decision = make_decision(tree.school_a1, [nomination])
    decision.signer_authority, decision.signer_position = "", "Hiệu trưởng"
    decision.save(update_fields=["signer_authority", "signer_position"])
    return decision


def finished_batch_of_a1(tree):
    batch = CertificateBatch.objects.create(
        decision=decision_of_a1(tree), status=CertificateBatch.Status.DONE, total=1, done=1
    )
    batch.file.save("giay-khen.pdf", ContentFile(b"%PDF-1.4 certificates"))
    return batch


OBJECT_URLS = {
    "proposal_document": (proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_document_pdf": (proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_document_docx": (proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_dossier": (proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_list_document": (proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_list_pdf": (proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_list_docx": (proposal_of_a1, MANAGES_A1, "get", {}),
    "proposal_signoff": (proposal_of_a1, {"admin", "principal_a1"}, "get", {}),  # signs it
    "nomination_report": (nomination_of_a1, NOMINEE_AND_MANAGERS, "get", {}),
    "nomination_report_pdf": (nomination_of_a1, NOMINEE_AND_MANAGERS, "get", {}),
    "nomination_report_docx": (nomination_of_a1, NOMINEE_AND_MANAGERS, "get", {}),
    "decision_document": (decision_of_a1, SEES_A1, "get", {}),
    "decision_document_pdf": (decision_of_a1, SEES_A1, "get", {}),
    "decision_document_docx": (decision_of_a1, SEES_A1, "get", {}),
    "decision_signoff": (decision_of_a1, DECISION_MANAGERS, "get", {}),
    "decision_certificates": (decision_of_a1, DECISION_MANAGERS, "post", {}),
    "certificate_batch": (finished_batch_of_a1, DECISION_MANAGERS, "get", {}),
    "certificate_batch_status": (finished_batch_of_a1, DECISION_MANAGERS, "get", {}),
    "certificate_batch_download": (finished_batch_of_a1, DECISION_MANAGERS, "get", {}),
}
