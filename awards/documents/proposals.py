"""The tờ trình (NĐ 152/2025 Mẫu số 01) with its list of nominations annexed, and what
it shares with the list printed alone (awards/documents/nomination_lists.py)."""

from django.db.models import Prefetch
from django.utils import timezone

from common.numerals import count_label
from emulation.documents import date_line, paragraphs
from emulation.rendering import OfficialDocument

from ..models import DecisionBasis, Proposal, ProposalItem
from .common import (
    NBSP,
    NOMINATION_RELATED,
    file_stem,
    governing_body,
    grouped,
    head_of,
    nomination_row,
    numbered,
    place_of,
    recipient_lines,
)


def proposal_queryset():
    """Proposals with everything the tờ trình and its list print, in a fixed number of
    queries."""
    return Proposal.objects.select_related(
        "organization__parent", "recipient", "round__campaign__school_year"
    ).prefetch_related(
        Prefetch(
            "items",
            queryset=ProposalItem.objects.select_related(
                *(f"nomination__{name}" for name in NOMINATION_RELATED)
            ),
        )
    )


def load_proposal(pk):
    return proposal_queryset().get(pk=pk)


class ProposalParts(OfficialDocument):
    """What the proposal and its list share: the header and the grouped rows."""

    def __init__(self, proposal):
        self.proposal = proposal

    def reference(self):
        proposal = self.proposal
        symbol = proposal.symbol or f"TTr-{proposal.organization.abbreviation or 'TĐKT'}"
        return numbered(proposal.number, symbol)

    def list_parts(self):
        rows = [nomination_row(item.nomination) for item in self.proposal.items.all()]
        return grouped(rows)

    def attached_to(self):
        """'(Kèm theo Tờ trình số 5/TTr-THA1 ngày 05/01/2026 của Trường A1)'."""
        proposal = self.proposal
        day = f" ngày {proposal.issue_date:%d/%m/%Y}" if proposal.issue_date else ""
        return (
            f"(Kèm theo Tờ trình số {self.reference().strip(NBSP)}{day} "
            f"của {proposal.organization.name})"
        )

    def signature(self):
        proposal = self.proposal
        position = proposal.signer_position or head_of(proposal.organization)
        authority = proposal.signer_authority.strip().upper()
        return {
            # "KT. HIỆU TRƯỞNG" over "PHÓ HIỆU TRƯỞNG": signed for the head.
            "authority_line": f"{authority} {head_of(proposal.organization).upper()}"
            if authority
            else "",
            "position": position.upper(),
            "position_note": "",
            "signer_name": proposal.signer_name,
        }

    def header(self):
        proposal = self.proposal
        organization = proposal.organization
        return {
            "proposal": proposal,
            "governing_body": governing_body(organization),
            "issuer": organization.name.upper(),
            "reference": self.reference(),
            "date_line": date_line(place_of(organization), proposal.issue_date),
        }


class ProposalDocument(ProposalParts):
    """Tờ trình đề nghị khen thưởng, with the list of nominations annexed."""

    template_name = "documents/awards/proposal.html"

    def filename(self, extension):
        return f"to-trinh-{self.stem()}.{extension}"

    def stem(self):
        proposal = self.proposal
        if proposal.number is None:
            return f"chua-co-so-{proposal.pk}"
        return file_stem(proposal.reference)

    def subject(self):
        proposal = self.proposal
        subject = proposal.subject.strip()
        if subject == str(Proposal._meta.get_field("subject").default) and proposal.round_id:
            subject = f"{subject} đợt {proposal.round.name}"
        return subject

    def default_body(self, collectives, people):
        proposal = self.proposal
        organization, recipient, round = proposal.organization, proposal.recipient, proposal.round
        year = round.campaign.school_year.name.replace("-", " - ")
        return [
            f"Thực hiện phong trào thi đua “{round.campaign.name}” năm học {year}, "
            f"{organization.name} đã tổ chức bình xét, lựa chọn các tập thể, cá nhân có "
            f"thành tích tiêu biểu trong {round.name}.",
            f"{organization.name} kính đề nghị {recipient.name} xem xét, khen thưởng cho "
            f"{count_label(collectives, people)} đã có thành tích xuất sắc (có danh sách và "
            "báo cáo thành tích kèm theo).",
            f"Kính trình {recipient.name} xem xét, quyết định./.",
        ]

    def context(self):
        proposal = self.proposal
        parts, collectives, people = self.list_parts()
        return {
            **self.header(),
            "type_label": "TỜ TRÌNH",
            "subject": self.subject(),
            "recipient": proposal.recipient.name,
            "legal_bases": DecisionBasis.objects.on(
                proposal.issue_date or timezone.localdate()
            ).values_list("text", flat=True),
            "body": paragraphs(proposal.body) or self.default_body(collectives, people),
            "parts": parts,
            "attached_to": self.attached_to(),
            "list_title": "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "list_subtitle": f"{proposal.round.name}" if proposal.round_id else "",
            "recipients": recipient_lines(proposal.recipients) or ["Như trên", "Lưu: VT"],
            "signatures": [self.signature()],
        }
