"""Excel exports of the schools app (common/workbooks.py writes them)."""

from django.utils.translation import gettext as _

from common.workbooks import Sheet, StreamedWorkbook


class PeopleExport(StreamedWorkbook):
    def __init__(self, organization, people):
        self.organization = organization
        self.people = people
        self.workbook_title = _("Danh sách cán bộ")

    def sheets(self):
        yield Sheet(
            _("Danh sách"),
            [self.title()],
            self.headers(),
            self.rows(),
            [6, 28, 12, 10, 22, 20, 20, 28],
        )

    def title(self):
        return _("Danh sách cán bộ, giáo viên, nhân viên – %(org)s") % {
            "org": self.organization.name
        }

    def headers(self):
        return [
            _("STT"),
            _("Họ và tên"),
            _("Ngày sinh"),
            _("Giới tính"),
            _("Chức vụ"),
            _("Tổ chuyên môn"),
            _("Tổ công đoàn"),
            _("Email"),
        ]

    def rows(self):
        for number, p in enumerate(self.people, start=1):
            yield [
                number,
                p.full_name,
                p.date_of_birth.strftime("%d/%m/%Y") if p.date_of_birth else "",
                p.get_gender_display(),
                p.get_position_display(),
                p.team.name if p.team else "",
                p.union_group.name if p.union_group else "",
                p.email,
            ]
