"""Awards documents for the year-end archive (emulation.archive): every proposal sent in
the school year (tờ trình, danh sách, each as PDF and Word; Excel list, signed scan) in its
sender's folder, and every decision recorded in it (quyết định as PDF and Word, Excel
list, the latest certificates) in the granting organisation's folder."""

from emulation.archive import document_files

from .documents.decisions import DecisionDocument, load_decision
from .documents.nomination_lists import NominationListDocument
from .documents.proposals import ProposalDocument, load_proposal
from .exports import DecisionListExport, ProposalListExport
from .models import CertificateBatch, Decision, Proposal


def _in_year(field, school_year):
    return {f"{field}__gte": school_year.start_date, f"{field}__lte": school_year.end_date}


def proposal_documents(school_year):
    proposals = (
        Proposal.objects.exclude(status=Proposal.Status.DRAFT)
        .filter(**_in_year("issue_date", school_year))
        .select_related("organization")
        .order_by("organization__path", "issue_date", "pk")
    )
    for proposal in proposals:
        loaded = load_proposal(proposal.pk)
        for document in (ProposalDocument(loaded), NominationListDocument(loaded)):
            yield from document_files(proposal.organization, document)
        export = ProposalListExport(proposal)
        yield proposal.organization, export.filename(), export.content()
        if proposal.signed_scan:
            with proposal.signed_scan.open("rb") as scan:
                stem = ProposalDocument(loaded).filename("pdf").removesuffix(".pdf")
                yield proposal.organization, f"{stem}-ban-ky.pdf", scan.read()


def decision_documents(school_year):
    decisions = (
        Decision.objects.filter(status=Decision.Status.RECORDED)
        .filter(**_in_year("decision_date", school_year))
        .select_related("organization")
        .order_by("organization__path", "decision_date", "pk")
    )
    for decision in decisions:
        document = DecisionDocument(load_decision(decision.pk))
        yield from document_files(decision.organization, document)
        export = DecisionListExport(decision)
        yield decision.organization, export.filename(), export.content()
        batch = (
            decision.certificate_batches.filter(status=CertificateBatch.Status.DONE)
            .exclude(file="")
            .order_by("-finished_at")
            .first()
        )
        if batch is not None:
            with batch.file.open("rb") as handle:
                yield decision.organization, batch.file.name.rsplit("/", 1)[-1], handle.read()
