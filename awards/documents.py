"""Official documents of awards, laid out after Nghị định 30/2020 (templates/documents/
awards/): the proposal (tờ trình, NĐ 152/2025 Mẫu số 01) with its list annexed, the list
alone, the achievement report of one nomination, the decision with its annexed list, and
the certificates (giấy khen), one landscape page per awardee with a QR code that opens
the public verification page.

Each document builds its context once (OfficialDocument.html caches it); the PDF comes
from the same HTML through WeasyPrint."""

import segno
from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, slugify
from weasyprint import HTML

from emulation.documents import date_line, paragraphs
from emulation.rendering import DOCUMENT_BASE_URL, OfficialDocument, StaticOnlyFetcher
from registrations.models import InnovationRegistration, Status, TeacherGroup
from schools.models import Organization, Person, Role, SchoolYear
from schools.vietnamese import (
    document_number,
    money,
    money_in_words,
    search_key,
    sort_by_text,
    sort_people,
)

from .catalogue import DECREE_152
from .law import LawOn
from .models import Decision, DecisionBasis, Nomination, Proposal, ProposalItem

NBSP = "\u00a0"
# Award forms that are themselves the paper (the rest, medals, come with a certificate).
CERTIFICATE_FORMS = ("Giấy khen", "Bằng khen")
SUMMARY_CHARS = 300

# Who heads an organisation of each kind (the authority line of a decision).
HEAD_BY_KIND = {
    Organization.Kind.MINISTRY: "Bộ trưởng",
    Organization.Kind.DEPARTMENT: "Giám đốc",
    Organization.Kind.OFFICE: "Trưởng phòng",
    Organization.Kind.COMMUNE: "Chủ tịch",
    Organization.Kind.SCHOOL: "Hiệu trưởng",
}
# The collective body a "TM." (on behalf of) signature names.
BODY_BY_KIND = {
    Organization.Kind.COMMUNE: "Ủy ban nhân dân",
    Organization.Kind.OFFICE: "Ủy ban nhân dân",
}


# --- numbers and words: schools/vietnamese.py --------------------------------------------


def count_label(collectives, people):
    """'02 tập thể và 05 cá nhân', leaving out a kind that has none."""
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    if people:
        parts.append(f"{people:02d} cá nhân")
    return " và ".join(parts) or "00 cá nhân"


def award_amount(awardee):
    """The awardee's money, as computed from the dated law (awards/law.py) when the list
    was made and again when the decision was recorded."""
    return awardee.amount


# --- organisations and signatures ----------------------------------------------------------


def governing_body(organization):
    if organization.governing_body:
        return organization.governing_body.upper()
    return organization.parent.name.upper() if organization.parent_id else ""


def place_of(organization):
    if organization.place_name:
        return organization.place_name
    if organization.parent_id and organization.parent.place_name:
        return organization.parent.place_name
    return "……"


def head_of(organization):
    return HEAD_BY_KIND.get(organization.kind, "Thủ trưởng")


def principal_of(organization):
    """Name of the head of a school (or office): the person holding the position, else
    the person of a user with the principal's role there this school year."""
    person = organization.people.filter(position=Person.Position.PRINCIPAL).first()
    if person is None:
        person = Person.objects.filter(
            user__role_assignments__organization=organization,
            user__role_assignments__role=Role.PRINCIPAL,
            user__role_assignments__school_year=SchoolYear.current(),
        ).first()
    return person.full_name if person else ""


def numbered(number, symbol):
    """'12/QĐ-SGDĐT', or '      /QĐ-SGDĐT' for a draft (the number is written at signing)."""
    return document_number(number, symbol) if number is not None else f"{NBSP * 8}/{symbol}"


def file_stem(text):
    """'12/QĐ-SGDĐT' -> '12-qd-sgddt': ASCII for every file system."""
    return slugify(search_key(text.replace("/", " "))) or "van-ban"


def _sentence_case(text):
    text = text.strip().lower()
    return text[:1].upper() + text[1:]


def chair_body(office):
    """The People's Committee whose chair a Phòng GDĐT prepares decisions for, from the
    office's governing body: 'UBND HUYỆN BÀU BÀNG' -> 'Ủy ban nhân dân huyện Bàu Bàng'."""
    words = office.governing_body.split()
    if words[:1] == ["UBND"]:
        words = words[1:]
    elif [w.upper() for w in words[:4]] == ["ỦY", "BAN", "NHÂN", "DÂN"]:
        words = words[4:]
    else:
        return "Ủy ban nhân dân cấp huyện"
    if not words:
        return "Ủy ban nhân dân"
    return " ".join(["Ủy ban nhân dân", words[0].lower(), *(w.capitalize() for w in words[1:])])


def fund_holder(organization):
    """Whose award fund pays: the People's Committee for a decision a Phòng prepares."""
    if organization.kind == Organization.Kind.OFFICE:
        return chair_body(organization)
    return organization.name


def decision_issuer(decision):
    """(governing body line, issuer line) of a decision's header. A Phòng GDĐT decides
    nothing itself: it prepares the district chair's decisions, which the People's
    Committee issues (Luật 2022, Điều 80 khoản 2)."""
    organization = decision.organization
    if organization.kind == Organization.Kind.OFFICE:
        return "", chair_body(organization).upper()
    return governing_body(organization), organization.name.upper()


def decision_heads(decision):
    """(who decides, signature block) of a decision: 'Giám đốc Sở A' and the block
    'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / … / name'.

    The head ('Giám đốc') is what the signer acts for: the signer's own position without
    'Phó' when signing KT. (for the head), the organisation kind's head for TL./TUQ.; for
    TM. the collective body itself ('Ủy ban nhân dân')."""
    organization = decision.organization
    authority = decision.signer_authority.strip().upper()
    if authority and not authority.endswith("."):
        authority += "."
    office = organization.kind == Organization.Kind.OFFICE
    default_head = "Chủ tịch" if office else head_of(organization)
    position = decision.signer_position.strip() or default_head
    if authority == "TM.":
        head = BODY_BY_KIND.get(organization.kind, organization.name)
    elif office:  # the chair's decision, whatever the Phòng typed for the position
        head = "Chủ tịch"
    elif authority == "KT.":
        upper = position.upper()
        head = _sentence_case(position[4:]) if upper.startswith("PHÓ ") else default_head
    elif authority in ("TL.", "TUQ."):
        head = default_head
    else:
        head = _sentence_case(position.removeprefix("Q.").strip()) or default_head
    delegated = authority in ("KT.", "TM.", "TL.", "TUQ.")
    signature = {
        "authority_line": f"{authority} {head}".upper() if delegated else "",
        "position": (f"Q. {position}" if authority == "Q." else position).upper(),
        "position_note": "",
        "signer_name": decision.signer_name,
    }
    body = chair_body(organization) if office else organization.name
    decider = body if authority == "TM." else f"{head} {body}"
    return decider, signature


# --- rows of the lists ----------------------------------------------------------------------


NOMINATION_RELATED = ["person", "unit", "collective__parent", "organization", "title", "award_form"]


def nomination_queryset():
    return Nomination.objects.select_related(*NOMINATION_RELATED)


def nominee_unit(nomination):
    """The 'Đơn vị' column: the school of a person or a team; above a whole school."""
    if nomination.collective_id and nomination.collective_id == nomination.organization_id:
        parent = nomination.collective.parent
        return parent.name if parent else ""
    return nomination.organization.name


def nomination_row(nomination):
    person = nomination.person
    return {
        "name": nomination.nominee_name,
        "is_collective": nomination.is_collective,
        "position": person.get_position_display() if person else "",
        "unit": nominee_unit(nomination),
        "award": nomination.award_label,
        "summary": Truncator(" ".join(paragraphs(nomination.achievements))).chars(SUMMARY_CHARS),
    }


def grouped(rows, is_collective=lambda r: r["is_collective"], name=lambda r: r["name"]):
    """Parts of a list: collectives first (I), then people (II) in Vietnamese name order;
    STT restarts in each part, as in the lists offices print."""
    collectives = sort_by_text([r for r in rows if is_collective(r)], name)
    people = sort_people([r for r in rows if not is_collective(r)], name)
    parts = []
    if collectives:
        parts.append({"label": "I", "heading": "Tập thể", "rows": collectives})
    if people:
        parts.append({"label": "II" if collectives else "I", "heading": "Cá nhân", "rows": people})
    return parts, len(collectives), len(people)


def round_phrase(round):
    """'phong trào thi đua “…”, Quý IV năm 2026' for the texts that name the round."""
    if round is None:
        return ""
    return f"phong trào thi đua “{round.campaign.name}”, {round.name}"


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
        return {
            "authority_line": "",
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
            "recipients": ["Như trên", "Lưu: VT"],
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
                    "signer_name": principal_of(organization),
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
                    "signer_name": principal_of(organization),
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
                "signer_name": principal_of(collective),
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
            "recipients": ["Như Điều 3", "Lưu: VT, TĐKT"],
            "signatures": [signature],
        }


# --- certificates ----------------------------------------------------------------------------


def verification_url(token):
    return f"{settings.SITE_URL}{reverse('certificate_verify', kwargs={'token': token})}"


def qr_svg(url):
    """The QR code as inline SVG (a single path): WeasyPrint draws it as vectors, and no
    data: URI has to pass the static-only URL fetcher."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=0, omitsize=True, dark="#000", svgclass="qr", lineclass=None
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup, the URL is ours


class CertificateDocument(OfficialDocument):
    """Giấy khen: A4 landscape, one page per awardee, many awardees in one HTML."""

    template_name = "documents/awards/certificates.html"

    def __init__(self, decision, awardees=None):
        self.decision = decision
        self.awardees = awardees

    def filename(self, extension):
        decision = self.decision
        stem = file_stem(decision.reference) if decision.number is not None else decision.pk
        return f"giay-khen-{stem}.{extension}"

    def common(self):
        """What every page of the decision shares, computed once for all chunks."""
        if hasattr(self, "_common"):
            return self._common
        decision = self.decision
        organization = decision.organization
        decider, signature = decision_heads(decision)
        governing_line, issuer = decision_issuer(decision)
        self._common = {
            "governing_body": governing_line,
            "issuer": issuer,
            "grantor": decider.upper(),
            "reason": decision_reason(decision),
            "decision_line": format_html(
                "Quyết định số {}, ngày {}",
                decision.reference,
                f"{decision.decision_date:%d/%m/%Y}" if decision.decision_date else "…",
            ),
            "date_line": date_line(place_of(organization), decision.decision_date),
            "signature": signature,
        }
        return self._common

    def page(self, awardee):
        person = awardee.nomination.person
        if person is None:
            salutation = ""
        else:
            salutation = "Bà" if person.gender == Person.Gender.FEMALE else "Ông"
        gives = "TẶNG"
        if awardee.title_id:
            gives, kind = "", "GIẤY CHỨNG NHẬN"
            award_line = f"Đạt danh hiệu “{awardee.title.name}”"
        else:
            form = awardee.award_form.name if awardee.award_form_id else awardee.award_label
            if form.startswith(CERTIFICATE_FORMS):
                kind, award_line = form.upper(), ""
            else:  # a medal and the like: the certificate that goes with it
                kind, award_line = "GIẤY CHỨNG NHẬN", form
        url = verification_url(awardee.token)
        return {
            "awardee": awardee,
            "salutation": salutation,
            "gives": gives,
            "kind": kind,
            "award_line": award_line,
            "unit_line": " ".join(p for p in (awardee.position, awardee.unit_label) if p),
            "url": url,
            "qr": qr_svg(url),
        }

    def context(self):
        awardees = self.awardees
        if awardees is None:
            awardees, _ = ordered_awardees(self.decision)
        return {**self.common(), "pages": [self.page(a) for a in awardees]}

    def render(self, font_config=None):
        """The laid-out WeasyPrint document (pages can be joined across chunks; chunks
        sharing `font_config` embed the fonts once)."""
        return HTML(
            string=self.html(), base_url=DOCUMENT_BASE_URL, url_fetcher=StaticOnlyFetcher()
        ).render(font_config=font_config)

    def for_chunk(self, awardees):
        """Another document of the same decision for `awardees`, sharing the header."""
        document = CertificateDocument(self.decision, awardees)
        document._common = self.common()
        return document


__all__ = [
    "AchievementReportDocument",
    "CertificateDocument",
    "DecisionDocument",
    "NominationListDocument",
    "ProposalDocument",
    "decision_queryset",
    "nomination_report_queryset",
    "proposal_queryset",
    "award_amount",
    "load_decision",
    "load_nomination",
    "load_proposal",
    "money",
    "money_in_words",
    "ordered_awardees",
    "verification_url",
]
