"""Excel exports of the schools app, as small classes that build their rows once."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .xmltext import cell_value


class XlsxExport:
    """Base: a title row, a header row and data rows; `content()` gives the bytes."""

    sheet_title = "Danh sách"

    def headers(self):
        raise NotImplementedError

    def rows(self):
        raise NotImplementedError

    def title(self):
        return ""

    def content(self):
        wb = Workbook()
        ws = wb.active
        ws.title = self.sheet_title
        if self.title():
            _append(ws, [self.title()])
            ws["A1"].font = Font(bold=True, size=13)
        _append(ws, self.headers())
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in self.rows():
            _append(ws, row)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _append(ws, values):
    """A row of user data. Text stays text with the user's wording: every string cell is
    typed as a string ("s"), which Excel never runs as a formula whatever its first
    character (= + - @), cleaned as every workbook's cells (schools/xmltext.py)."""
    ws.append([cell_value(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


class PeopleExport(XlsxExport):
    def __init__(self, organization, people):
        self.organization = organization
        self.people = people

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
