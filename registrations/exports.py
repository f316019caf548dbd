"""Excel summaries of the registrations, as small classes that build their rows once
(like schools/exports.py): a school's campaign (every M1 but drafts, per union group,
the M2 groups) and an office's participation per school. Constant query counts."""

from django.utils import timezone
from django.utils.translation import gettext as _

from common.vietnamese import sort_by_text, sort_people
from common.workbooks import Sheet, StreamedWorkbook, Total
from schools.models import Unit

from . import permissions
from .models import InnovationRegistration, Status, TeacherGroup
from .participation import office_participation, percent


def _date(value):
    return timezone.localtime(value).date() if value else None


def _person_name(user):
    """The reviewer as printed: their staff record's name, else the account's."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None:
        return person.full_name
    return user.get_full_name() or user.get_username()


class CampaignSummaryExport(StreamedWorkbook):
    """Workbook "Tổng hợp đăng ký" of one school's campaign. Drafts are left out: they
    are private to their author."""

    def __init__(self, campaign):
        self.campaign = campaign
        self.school = campaign.organization
        self.workbook_title = _("Tổng hợp đăng ký")

    def filename(self):
        return f"tong-hop-dang-ky-{self.campaign.pk}.xlsx"

    def registrations(self):
        return list(
            permissions.with_approver(
                InnovationRegistration.objects.filter(campaign=self.campaign, school=self.school)
            )
            .exclude(status=Status.DRAFT)
            .select_related("person__team", "union_group", "reviewer__person")
            .order_by("person__sort_key", "pk")
        )

    def groups(self):
        groups = (
            permissions.with_approver(
                TeacherGroup.objects.filter(campaign=self.campaign, school=self.school)
            )
            .exclude(status=Status.DRAFT)
            .select_related("leader", "team", "union_group")
            .prefetch_related("members")
        )
        return sort_by_text(groups, lambda g: g.name)

    def union_groups(self):
        return sort_by_text(
            Unit.objects.filter(organization=self.school, kind=Unit.Kind.UNION_GROUP),
            lambda u: u.name,
        )

    def headers(self):
        return [
            _("STT"),
            _("Họ và tên"),
            _("Tổ công đoàn"),
            _("Tổ chuyên môn"),
            _("Nhiệm vụ được giao"),
            _("Lĩnh vực đổi mới, sáng tạo"),
            _("Thực trạng vấn đề dự kiến đổi mới"),
            _("Mục tiêu, giải pháp đổi mới"),
            _("Dự kiến kết quả đạt được"),
            _("Thời gian dự kiến thử nghiệm"),
            _("Các bước tiến hành thử nghiệm"),
            _("Phạm vi công bố và nhân rộng"),
            _("Trạng thái"),
            _("Người duyệt"),
            _("Ngày nộp"),
            _("Ngày duyệt"),
            _("Kết quả sơ kết"),
            _("Kết quả tổng kết"),
        ]

    WIDTHS = [6, 26, 18, 18, 30, 30, 40, 40, 40, 20, 40, 30, 22, 24, 12, 12, 20, 20]

    def rows(self, registrations):
        for number, r in enumerate(registrations, start=1):
            yield [
                number,
                r.person.full_name,
                r.union_group.name if r.union_group else "",
                r.person.team.name if r.person.team else "",
                r.assigned_task,
                r.fields_text,
                r.current_state,
                r.goals_and_solutions,
                r.expected_results,
                r.trial_period,
                r.steps,
                r.dissemination_scope,
                permissions.status_label(r),
                _person_name(r.reviewer),
                _date(r.submitted_at),
                _date(r.approved_at),
                r.get_midyear_result_display(),
                r.get_yearend_result_display(),
            ]

    def group_rows(self, groups):
        for number, g in enumerate(groups, start=1):
            members = sort_people(m for m in g.members.all() if m.pk != g.leader_id)
            yield [
                number,
                g.name,
                g.leader.full_name,
                ", ".join(m.full_name for m in members),
                g.team.name if g.team else "",
                g.union_group.name if g.union_group else "",
                permissions.status_label(g),
            ]

    def sheets(self):
        registrations = self.registrations()
        heading = _("Tổng hợp đăng ký – %(campaign)s – %(school)s") % {
            "campaign": self.campaign.name,
            "school": self.school.name,
        }
        headers = self.headers()
        yield Sheet(_("Tổng hợp"), [heading], headers, self.rows(registrations), self.WIDTHS)
        by_group = {}
        for r in registrations:
            by_group.setdefault(r.union_group_id, []).append(r)
        units = self.union_groups()
        known = {u.pk for u in units}
        for unit in units:
            yield Sheet(
                unit.name,
                [f"{heading} – {unit.name}"],
                headers,
                self.rows(by_group.get(unit.pk, [])),
                self.WIDTHS,
            )
        # Registrations whose union group is gone or was never set.
        others = [r for r in registrations if r.union_group_id not in known]
        if others:
            title = _("Chưa có tổ công đoàn")
            yield Sheet(title, [f"{heading} – {title}"], headers, self.rows(others), self.WIDTHS)
        yield Sheet(
            _("Nhóm M2"),
            [
                _("Nhóm nhà giáo cùng nhau phát triển (mẫu M2) – %(school)s")
                % {"school": self.school.name}
            ],
            [
                _("STT"),
                _("Tên nhóm"),
                _("Trưởng nhóm"),
                _("Thành viên"),
                _("Tổ chuyên môn"),
                _("Tổ công đoàn"),
                _("Trạng thái"),
            ],
            self.group_rows(self.groups()),
            [6, 40, 26, 60, 20, 18, 22],
        )


class OfficeSummaryExport(StreamedWorkbook):
    """Participation of every school below an office in a school year."""

    def __init__(self, office, school_year):
        self.office = office
        self.school_year = school_year
        self.workbook_title = _("Tổng hợp đăng ký")

    def filename(self):
        return f"tong-hop-dang-ky-{self.office.pk}-{self.school_year.name}.xlsx"

    def rows(self, schools):
        for number, row in enumerate(schools, start=1):
            yield [
                number,
                row.school.name,
                row.total,
                row.registered,
                row.percent,
                row.approved,
                row.groups,
            ]
        total = sum(r.total for r in schools)
        registered = sum(r.registered for r in schools)
        yield Total(
            [
                "",
                _("Tổng cộng"),
                total,
                registered,
                percent(registered, total),
                sum(r.approved for r in schools),
                sum(r.groups for r in schools),
            ]
        )

    def sheets(self):
        schools = office_participation(self.office, self.school_year)
        yield Sheet(
            _("Tổng hợp"),
            [
                _("Tổng hợp đăng ký đổi mới, sáng tạo – %(office)s – năm học %(year)s")
                % {"office": self.office.name, "year": self.school_year.name}
            ],
            [
                _("STT"),
                _("Trường"),
                _("Số CB-GV-NV"),
                _("Đã đăng ký"),
                _("Tỷ lệ %"),
                _("Đã duyệt"),
                _("Số nhóm M2"),
            ],
            self.rows(schools),
            [6, 40, 14, 14, 10, 12, 14],
        )
