"""The danh sách đề nghị khen thưởng of a proposal, printed on its own under the
tờ trình's number."""

from common.numerals import count_label

from .proposals import ProposalDocument, ProposalParts


class NominationListDocument(ProposalParts):
    """Danh sách đề nghị khen thưởng of a proposal, on its own."""

    template_name = "documents/awards/nomination_list.html"

    def filename(self, extension):
        return f"danh-sach-de-nghi-{ProposalDocument(self.proposal).stem()}.{extension}"

    def context(self):
        proposal = self.proposal
        parts, collectives, people = self.list_parts()
        return {
            **self.header(),
            "reference": "",  # the list goes with the tờ trình, under its number
            "type_label": "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "subtitle": proposal.round.name if proposal.round_id else "",
            "attached_to": self.attached_to(),
            "parts": parts,
            "total_line": f"Tổng cộng: {count_label(collectives, people)}.",
            "signatures": [self.signature()],
        }
