"""The báo cáo thành tích of one nomination: a person (NĐ 152/2025 Mẫu số 05 structure)
or a collective (a team, or a whole school), with the forms M1/M2 it rests on."""

from django.db.models import Prefetch

from emulation.documents import date_line, paragraphs
from emulation.rendering import OfficialDocument
from registrations.models import InnovationRegistration, Status, TeacherGroup

from ..models import Proposal
from .common import (
    NBSP,
    confirming_head,
    file_stem,
    governing_body,
    head_of,
    nomination_queryset,
    place_of,
)


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


def _registration_line(text, detail_label, detail, form):
    """`text`, then the form's solutions or approach and its year-end result if any."""
    detail = " ".join(paragraphs(detail))
    if detail:
        text += f"; {detail_label}: {detail}"
    if form.yearend_result:
        text += f"; kết quả tổng kết: {form.get_yearend_result_display().lower()}"
    return text + "."


def registration_lines(nomination):
    """One line per approved M1 / M2 linked to the nomination (part II of the report)."""
    lines = []
    for m1 in nomination.registrations.all():
        text = f"Đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo (mẫu M1), {m1.period_label}"
        if m1.fields_text:
            text += f", lĩnh vực: {m1.fields_text}"
        lines.append(_registration_line(text, "giải pháp", m1.goals_and_solutions, m1))
    for m2 in nomination.groups.all():
        text = (
            f"Nhóm nhà giáo cùng nhau phát triển “{m2.name}” (mẫu M2, trưởng nhóm "
            f"{m2.leader.full_name}), {m2.period_label}"
        )
        lines.append(_registration_line(text, "hướng giải quyết", m2.approach, m2))
    return lines


def _signature(position, note, signer_name):
    """One of the report's two signature blocks (no authority line above them)."""
    return {
        "authority_line": "",
        "position": position,
        "position_note": note,
        "signer_name": signer_name,
    }


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
        if nomination.person_id or nomination.unit_id:
            confirming = _signature(
                f"THỦ TRƯỞNG ĐƠN VỊ XÁC{NBSP}NHẬN,{NBSP}ĐỀ{NBSP}NGHỊ",
                f"{head_of(organization)} {organization.name}",
                confirming_head(organization),
            )
            if nomination.person_id:
                reporter = _signature("NGƯỜI BÁO CÁO THÀNH TÍCH", "", nomination.person.full_name)
            else:
                reporter = _signature("TỔ TRƯỞNG", nomination.unit.name, "")
            return [confirming, reporter]
        collective = nomination.collective
        above = collective.parent
        return [
            _signature(
                f"THỦ TRƯỞNG CƠ QUAN CẤP TRÊN TRỰC TIẾP NHẬN{NBSP}XÉT,{NBSP}XÁC{NBSP}NHẬN",
                above.name if above else "",
                "",
            ),
            _signature(head_of(collective).upper(), collective.name, confirming_head(collective)),
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
