"""A proposal's whole dossier for the level above, as one .zip (Luật 2022 Điều 84): the
tờ trình (and its signed scan), the list as PDF and Excel, the council's minutes of the
votes its titles passed in, each nominee's báo cáo thành tích, and the evidence, one
folder per nominee. File names are ASCII, numbered in the order a clerk files them."""

import io
import zipfile

from django.db.models import Q

from .documents.achievement_reports import AchievementReportDocument, nomination_report_queryset
from .documents.common import file_stem
from .documents.nomination_lists import NominationListDocument
from .documents.proposals import ProposalDocument
from .exports import ProposalListExport
from .minutes_documents import MinutesDocument
from .models import Candidate, Vote


def _votes_of(proposal, nominations):
    """The closed votes in which the titled nominees of the proposal passed: those of
    the nominees' own schools' councils, in the year the round is for."""
    titled = [n for n in nominations if n.title_id]
    if not titled:
        return []
    schools = set()
    for n in titled:
        if n.person_id:
            schools.add(n.person.organization_id)
        elif n.unit_id:
            schools.add(n.unit.organization_id)
        else:
            schools.add(n.collective_id)
    match = Q()
    for n in titled:
        holder = {"person_id": n.person_id} if n.person_id else {"unit_id": n.unit_id}
        if not n.person_id and not n.unit_id:
            holder = {"collective_id": n.collective_id}
        match |= Q(title_id=n.title_id, **holder)
    vote_ids = Candidate.objects.filter(match, passed=True).values("vote_id")
    return list(
        Vote.objects.filter(
            pk__in=vote_ids,
            status=Vote.Status.CLOSED,
            council__school_id__in=schools,
            council__school_year_id=proposal.round.school_year_id,
        )
        .select_related("council__school", "council__chair", "minutes__secretary")
        .order_by("held_on", "pk")
    )


def dossier_name(proposal):
    return f"ho-so-{file_stem(proposal.reference or str(proposal.pk))}.zip"


def build_dossier(proposal):
    """The zip's bytes. `proposal` comes from documents.load_proposal (every part the
    tờ trình and the list need, loaded once)."""
    nominations = list(
        nomination_report_queryset()
        .filter(items__proposal=proposal)
        .prefetch_related("evidence")
        .order_by("items__order", "pk")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        letter = ProposalDocument(proposal)
        archive.writestr(f"01-{letter.filename('pdf')}", letter.pdf())
        if proposal.signed_scan:
            with proposal.signed_scan.open("rb") as scan:
                archive.writestr("01-to-trinh-ban-ky.pdf", scan.read())
        listing = NominationListDocument(proposal)
        archive.writestr(f"02-{listing.filename('pdf')}", listing.pdf())
        export = ProposalListExport(proposal)
        archive.writestr(f"02-{export.filename()}", export.content())
        for vote in _votes_of(proposal, nominations):
            minutes = MinutesDocument(vote)
            archive.writestr(f"03-bien-ban/{minutes.filename('pdf')}", minutes.pdf())
        for nomination in nominations:
            report = AchievementReportDocument(nomination)
            archive.writestr(f"04-bao-cao-thanh-tich/{report.filename('pdf')}", report.pdf())
            folder = f"05-minh-chung/{file_stem(nomination.nominee_name)}-{nomination.pk}"
            for number, evidence in enumerate(nomination.evidence.all(), start=1):
                with evidence.file.open("rb") as handle:
                    archive.writestr(f"{folder}/{number:02d}-{evidence.name}", handle.read())
    return buffer.getvalue()
