"""The tờ trình with its annexed list, the list alone, and the báo cáo thành tích of one
nomination."""

from django.db.models import Prefetch
from django.utils import timezone

from emulation.documents import date_line, paragraphs
from emulation.rendering import OfficialDocument
from registrations.models import InnovationRegistration, Status, TeacherGroup

from ..models import DecisionBasis, Proposal, ProposalItem
from .common import (
    NBSP,
    NOMINATION_RELATED,
    confirming_head,
    count_label,
    file_stem,
    governing_body,
    grouped,
    head_of,
    nomination_queryset,
    nomination_row,
    numbered,
    place_of,
    recipient_lines,
)

# --- documents ------------------------------------------------------------------------------


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


class _ProposalParts(OfficialDocument):
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


class ProposalDocument(_ProposalParts):
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


class NominationListDocument(_ProposalParts):
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


def nomination_report_queryset():
    return (
        nomination_queryset()
        .select_related(
            "organization__parent",
            "round__campaign__school_year",
            "round__school_year",
            "person__team",
        )
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=InnovationRegistration.objects.filter(status=Status.APPROVED)
                .select_related("campaign__school_year")
                .order_by("pk"),
            ),
            Prefetch(
                "groups",
                queryset=TeacherGroup.objects.filter(status=Status.APPROVED)
                .select_related("leader", "campaign__school_year")
                .order_by("pk"),
            ),
        )
    )


def load_nomination(pk):
    return nomination_report_queryset().get(pk=pk)


def registration_lines(nomination):
    """One line per approved M1 / M2 linked to the nomination (part II of the report)."""
    lines = []
    for m1 in nomination.registrations.all():
        text = f"Đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo (mẫu M1), {m1.period_label}"
        if m1.fields_text:
            text += f", lĩnh vực: {m1.fields_text}"
        goals = " ".join(paragraphs(m1.goals_and_solutions))
        if goals:
            text += f"; giải pháp: {goals}"
        if m1.yearend_result:
            text += f"; kết quả tổng kết: {m1.get_yearend_result_display().lower()}"
        lines.append(text + ".")
    for m2 in nomination.groups.all():
        text = (
            f"Nhóm nhà giáo cùng nhau phát triển “{m2.name}” (mẫu M2, trưởng nhóm "
            f"{m2.leader.full_name}), {m2.period_label}"
        )
        approach = " ".join(paragraphs(m2.approach))
        if approach:
            text += f"; hướng giải quyết: {approach}"
        if m2.yearend_result:
            text += f"; kết quả tổng kết: {m2.get_yearend_result_display().lower()}"
        lines.append(text + ".")
    return lines


class AchievementReportDocument(OfficialDocument):
    """Báo cáo thành tích of one nomination: a person (NĐ 152/2025 Mẫu số 05 structure)
    or a collective (a team, or a whole school)."""

    template_name = "documents/awards/achievement_report.html"

    def __init__(self, nomination):
        self.nomination = nomination

    def filename(self, extension):
        name = file_stem(self.nomination.nominee_name)
        return f"bao-cao-thanh-tich-{name}-{self.nomination.pk}.{extension}"

    def report_date(self):
        proposal = (
            Proposal.objects.filter(
                items__nomination=self.nomination, organization=self.nomination.organization
            )
            .exclude(issue_date=None)
            .order_by("-issue_date")
            .first()
        )
        return proposal.issue_date if proposal else None

    def award_line(self):
        nomination = self.nomination
        if nomination.title_id:
            return f"ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU “{nomination.title.name.upper()}”"
        form = nomination.award_form
        if form is None:
            return "ĐỀ NGHỊ KHEN THƯỞNG"
        return f"ĐỀ NGHỊ TẶNG {form.name.upper()} CỦA {form.granted_by.upper()}"

    def profile(self):
        """Part I as (label, value) pairs; None values print a line of dots to fill in."""
        nomination = self.nomination
        person = nomination.person
        if person is not None:
            unit = nomination.organization.name
            if person.team_id:
                unit = f"{person.team.name}, {unit}"
            return [
                ("Họ và tên", person.full_name),
                ("Giới tính", person.get_gender_display()),
                (
                    "Sinh ngày, tháng, năm",
                    f"{person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else None,
                ),
                ("Đơn vị công tác", unit),
                ("Chức vụ", person.get_position_display()),
                ("Trình độ chuyên môn, nghiệp vụ", None),
            ]
        if nomination.unit_id:
            unit = nomination.unit
            members = (unit.union_members if unit.is_union_group else unit.team_members).count()
            return [
                ("Tên tập thể", unit.name),
                ("Thuộc đơn vị", nomination.organization.name),
                ("Số thành viên", str(members)),
            ]
        collective = nomination.collective
        return [
            ("Tên tập thể", collective.name),
            ("Cơ quan quản lý trực tiếp", collective.parent.name if collective.parent_id else ""),
            ("Số cán bộ, giáo viên, nhân viên", str(collective.people.count())),
        ]

    def signatures(self):
        nomination = self.nomination
        organization = nomination.organization
        if nomination.person_id:
            return [
                {
                    "authority_line": "",
                    "position": f"THỦ TRƯỞNG ĐƠN VỊ XÁC{NBSP}NHẬN,{NBSP}ĐỀ{NBSP}NGHỊ",
                    "position_note": f"{head_of(organization)} {organization.name}",
                    "signer_name": confirming_head(organization),
                },
                {
                    "authority_line": "",
                    "position": "NGƯỜI BÁO CÁO THÀNH TÍCH",
                    "position_note": "",
                    "signer_name": nomination.person.full_name,
                },
            ]
        if nomination.unit_id:
            return [
                {
                    "authority_line": "",
                    "position": f"THỦ TRƯỞNG ĐƠN VỊ XÁC{NBSP}NHẬN,{NBSP}ĐỀ{NBSP}NGHỊ",
                    "position_note": f"{head_of(organization)} {organization.name}",
                    "signer_name": confirming_head(organization),
                },
                {
                    "authority_line": "",
                    "position": "TỔ TRƯỞNG",
                    "position_note": nomination.unit.name,
                    "signer_name": "",
                },
            ]
        collective = nomination.collective
        above = collective.parent
        return [
            {
                "authority_line": "",
                "position": "THỦ TRƯỞNG CƠ QUAN CẤP TRÊN TRỰC TIẾP "
                f"NHẬN{NBSP}XÉT,{NBSP}XÁC{NBSP}NHẬN",
                "position_note": above.name if above else "",
                "signer_name": "",
            },
            {
                "authority_line": "",
                "position": head_of(collective).upper(),
                "position_note": collective.name,
                "signer_name": confirming_head(collective),
            },
        ]

    def context(self):
        nomination = self.nomination
        organization = nomination.organization
        round = nomination.round
        return {
            "nomination": nomination,
            "is_person": nomination.person_id is not None,
            "governing_body": governing_body(organization),
            "issuer": organization.name.upper(),
            "date_line": date_line(place_of(organization), self.report_date()),
            "type_label": "BÁO CÁO THÀNH TÍCH",
            "award_line": self.award_line(),
            "period_line": f"{round.name}, năm học {round.school_year.name.replace('-', ' - ')}",
            "profile": self.profile(),
            "duties": paragraphs(nomination.duties),
            "achievements": paragraphs(nomination.achievements),
            "initiatives": paragraphs(nomination.initiatives),
            "registrations": registration_lines(nomination),
            "previous_awards": paragraphs(nomination.previous_awards),
            "signatures": self.signatures(),
        }
