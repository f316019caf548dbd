"""The quyết định with its annexed list of awardees and their money."""

from django.utils import timezone

from common.numerals import count_label, money, money_in_words
from emulation.documents import date_line
from emulation.rendering import OfficialDocument

from ..catalogue import DECREE_152
from ..law import LawOn
from ..models import Decision, Proposal
from .common import (
    NBSP,
    award_amount,
    decision_heads,
    decision_issuer,
    file_stem,
    fund_holder,
    grouped,
    numbered,
    place_of,
    recipient_lines,
    round_phrase,
)


def decision_queryset():
    return Decision.objects.select_related("organization__parent", "round__campaign")


def load_decision(pk):
    return decision_queryset().get(pk=pk)


def ordered_awardees(decision, queryset=None):
    """The awardees as the annexed list prints them: collectives, then people in
    Vietnamese name order."""
    awardees = list(
        (queryset if queryset is not None else decision.awardees.all()).select_related(
            "nomination__person", "title", "award_form"
        )
    )
    parts, _, _ = grouped(
        awardees,
        is_collective=lambda a: a.nomination.person_id is None,
        name=lambda a: a.name,
    )
    return [awardee for part in parts for awardee in part["rows"]], parts


def decision_reason(decision):
    """The line 'Đã có thành tích …' of the certificates and Điều 1."""
    if decision.round_id:
        return f"Đã có thành tích xuất sắc trong {round_phrase(decision.round)}."
    return "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ."


class DecisionDocument(OfficialDocument):
    """Quyết định khen thưởng, with the list of awardees and their money annexed."""

    template_name = "documents/awards/decision.html"

    def __init__(self, decision):
        self.decision = decision

    def filename(self, extension):
        decision = self.decision
        if decision.number is None:
            return f"quyet-dinh-chua-co-so-{decision.pk}.{extension}"
        return f"quyet-dinh-{file_stem(decision.reference)}.{extension}"

    def reference(self):
        decision = self.decision
        symbol = decision.symbol or f"QĐ-{decision.organization.abbreviation or 'TĐKT'}"
        return numbered(decision.number, symbol)

    def subject(self):
        decision = self.decision
        subject = decision.subject.strip()
        if subject == str(Decision._meta.get_field("subject").default) and decision.round_id:
            subject = f"{subject} đợt {decision.round.name}"
        return subject

    def proposal_basis(self):
        decision = self.decision
        proposals = (
            Proposal.objects.filter(
                recipient=decision.organization,
                items__nomination__awardees__decision=decision,
            )
            .exclude(status=Proposal.Status.DRAFT)
            .select_related("organization")
            .distinct()
            .order_by("organization__name", "pk")
        )
        parts = []
        for proposal in proposals:
            text = f"{proposal.organization.name} tại Tờ trình số {proposal.reference}"
            if proposal.issue_date:
                text += f" ngày {proposal.issue_date:%d/%m/%Y}"
            parts.append(text)
        if parts:
            return f"Xét đề nghị của {'; '.join(parts)}."
        return f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {decision.organization.name}."

    def articles(self, awardees, collectives, people, total):
        decision = self.decision
        labels = list(dict.fromkeys(a.award_label for a in awardees))
        counts = count_label(collectives, people)
        reason = decision_reason(decision)
        reason = reason[0].lower() + reason[1:]
        if len(labels) == 1 and awardees[0].title_id:
            first = (
                f"Công nhận danh hiệu “{labels[0]}” cho {counts} có tên trong danh sách kèm "
                f"theo, {reason}"
            )
        elif len(labels) == 1:
            first = f"Tặng {labels[0]} cho {counts} có tên trong danh sách kèm theo, {reason}"
        else:
            first = (
                f"Khen thưởng {counts} có tên trong danh sách kèm theo (danh hiệu, hình thức "
                f"khen thưởng ghi trong danh sách), {reason}"
            )
        law = self.law()
        sources = list(dict.fromkeys(r.legal_source for r in law.multiples.values()))
        source = sources[0] if sources else DECREE_152
        if total and law.base is not None:
            second = (
                f"Tiền thưởng thực hiện theo quy định tại {source}, tính trên mức lương cơ sở "
                f"{money(law.base.amount)} ({law.base.legal_source}). Tổng số tiền thưởng: "
                f"{money(total)} (Bằng chữ: {money_in_words(total)}), trích từ Quỹ thi đua, "
                f"khen thưởng của {fund_holder(decision.organization)}."
            )
        else:
            second = f"Việc chi tiền thưởng (nếu có) thực hiện theo quy định tại {source}."
        third = (
            "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan và "
            "các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
        )
        return [("Điều 1.", first), ("Điều 2.", second), ("Điều 3.", third)]

    def law(self):
        """The law in force on the decision's date (today for a draft without one)."""
        if not hasattr(self, "_law"):
            self._law = LawOn(self.decision.decision_date or timezone.localdate())
        return self._law

    def context(self):
        decision = self.decision
        organization = decision.organization
        awardees, parts = ordered_awardees(decision)
        amounts = {awardee.pk: award_amount(awardee) for awardee in awardees}
        total = sum(amounts.values())
        collectives = sum(1 for a in awardees if a.nomination.person_id is None)
        people = len(awardees) - collectives
        for part in parts:
            part["rows"] = [
                {
                    "name": a.name,
                    "position": a.position,
                    "unit": a.unit_label,
                    "award": a.award_label,
                    "money": money(amounts[a.pk]).removesuffix(" đồng") if amounts[a.pk] else "",
                    "money_note": a.money_note,
                }
                for a in part["rows"]
            ]
        decider, signature = decision_heads(decision)
        governing_line, issuer = decision_issuer(decision)
        day = f" ngày {decision.decision_date:%d/%m/%Y}" if decision.decision_date else ""
        return {
            "decision": decision,
            "governing_body": governing_line,
            "issuer": issuer,
            "reference": self.reference(),
            "date_line": date_line(place_of(organization), decision.decision_date),
            "type_label": "QUYẾT ĐỊNH",
            "subject": self.subject(),
            "authority": decider.upper(),
            "legal_bases": [*self.law().bases, self.proposal_basis()],
            "articles": self.articles(awardees, collectives, people, total) if awardees else [],
            "parts": parts,
            "with_money": True,
            "total": money(total).removesuffix(" đồng") if total else "",
            "total_in_words": money_in_words(total) if total else "",
            "attached_to": (
                f"(Kèm theo Quyết định số {self.reference().strip(NBSP)}{day} của {decider})"
            ),
            "list_title": "DANH SÁCH KHEN THƯỞNG",
            "recipients": recipient_lines(decision.recipients) or ["Như Điều 3", "Lưu: VT, TĐKT"],
            "signatures": [signature],
        }
