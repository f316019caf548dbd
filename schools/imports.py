"""Excel import of staff lists: the template, the parser and its per-row validation.

Parsing never writes anything. `parse_staff_file` returns every problem of the file, per
row and column, in Vietnamese; `services.import_staff` saves all rows or none.

The work is bounded whatever the file holds: its size, what it unpacks to, every row of
the sheet (blank rows count: a million of them cost as much to read), and each cell's
length (a longer text is cut when read and reported, never carried whole into a page).
The preview is made once, at upload, and kept (`ImportResult.preview()`): showing it
again, or a page of it, reads nothing from the file.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from common import xlsx
from common.fields import DayField
from common.vietnamese import search_key

from .models import Person, Unit

COLUMNS = [
    ("full_name", "Họ và tên"),
    ("date_of_birth", "Ngày sinh"),
    ("gender", "Giới tính"),
    ("position", "Chức vụ"),
    ("team", "Tổ chuyên môn"),
    ("union_group", "Tổ công đoàn"),
    ("email", "Email"),
]
SCHOOL_POSITIONS = [
    Person.Position.PRINCIPAL,
    Person.Position.VICE_PRINCIPAL,
    Person.Position.TEACHER,
    Person.Position.STAFF,
]


def _label_map(choices):
    return {search_key(str(label)): value for value, label in choices}


REQUIRED = {"required": gettext_lazy("Ô này không được để trống.")}
CELL_READ_MAX = 1000  # characters of a cell read at all: every column holds far less
PREVIEW_CELL_MAX = 200  # characters of a cell shown in the preview
MAX_UNPACKED_RATIO = 10  # an .xlsx unpacks to at most this many times the upload limit


class StaffRowForm(forms.Form):
    """Validation of one row of the staff list, with Vietnamese messages."""

    full_name = forms.CharField(max_length=150, error_messages=REQUIRED)
    date_of_birth = DayField(
        required=False,
        cells=True,
        invalid=gettext_lazy("Ngày sinh không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."),
    )
    gender = forms.CharField(error_messages=REQUIRED)
    position = forms.CharField(error_messages=REQUIRED)
    team = forms.CharField(max_length=150, required=False)
    union_group = forms.CharField(max_length=150, error_messages=REQUIRED)
    email = forms.EmailField(
        required=False, error_messages={"invalid": gettext_lazy("Địa chỉ email không hợp lệ.")}
    )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Hãy ghi đủ họ và tên."))
        return name

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value is None:
            return value
        today = timezone.localdate()  # the date in Viet Nam, not the server's
        age = today.year - value.year
        if not 16 <= age <= 80:
            raise forms.ValidationError(
                _("Ngày sinh %(date)s không hợp lý (tuổi phải từ 16 đến 80).")
                % {"date": value.strftime("%d/%m/%Y")}
            )
        return value

    def clean_gender(self):
        value = _label_map(Person.Gender.choices).get(search_key(self.cleaned_data["gender"]))
        if value is None:
            raise forms.ValidationError(_("Giới tính phải là “Nam” hoặc “Nữ”."))
        return value

    def clean_position(self):
        choices = [(p.value, p.label) for p in SCHOOL_POSITIONS]
        value = _label_map(choices).get(search_key(self.cleaned_data["position"]))
        if value is None:
            raise forms.ValidationError(
                _("Chức vụ phải là một trong: %(list)s.")
                % {"list": ", ".join(str(p.label) for p in SCHOOL_POSITIONS)}
            )
        return value


@dataclass
class ImportRow:
    number: int  # row number in the sheet, as Excel shows it
    raw: dict
    cleaned: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # field name -> list of messages

    def add_error(self, field_name, message):
        self.errors.setdefault(field_name, []).append(str(message))

    @property
    def ok(self):
        return not self.errors


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    new_teams: list = field(default_factory=list)
    new_union_groups: list = field(default_factory=list)
    sheet_rows: int = 0  # rows read below the header, blank ones included

    def preview(self, columns=COLUMNS):
        """What the preview page shows, as JSON kept with the upload: every row's
        number, its cells as text (long ones shortened) and its messages."""
        return {
            "file_errors": [str(e) for e in self.file_errors],
            "new_teams": list(self.new_teams),
            "new_union_groups": list(self.new_union_groups),
            "sheet_rows": self.sheet_rows,
            "rows": [
                {
                    "number": row.number,
                    "cells": {name: _shown(row.raw.get(name)) for name, _label in columns},
                    "errors": row.errors,
                }
                for row in self.rows
            ],
        }

    @property
    def ok(self):
        return not self.file_errors and all(row.ok for row in self.rows)

    @property
    def error_rows(self):
        return [row for row in self.rows if not row.ok]

    @property
    def error_count(self):
        return sum(len(msgs) for row in self.rows for msgs in row.errors.values())


def build_template():
    """The downloadable .xlsx template, with dropdowns for gender and position."""
    book = xlsx.Workbook(title=_("Mẫu danh sách nhân sự"))
    book.add_sheet(
        "Danh sách",
        [
            [(label, xlsx.BOLD) for _name, label in COLUMNS],
            ["Nguyễn Thị An", "05/09/1985", "Nữ", "Giáo viên", "Tổ Toán", "Tổ công đoàn 1", ""],
        ],
        widths=[28, 14, 10, 18, 24, 24, 30],
        frozen_rows=1,
        text_columns={2},  # a date typed in stays the text the import reads
        validations=[
            ("C2:C1001", ["Nam", "Nữ"]),
            ("D2:D1001", [str(p.label) for p in SCHOOL_POSITIONS]),
        ],
    )
    guide = [
        _("Mỗi dòng là một người. Không đổi tên, không đổi thứ tự các cột ở dòng 1."),
        _("Ngày sinh ghi theo dạng dd/mm/yyyy, ví dụ 05/09/1985."),
        _("Giới tính: Nam hoặc Nữ."),
        _("Chức vụ: %(list)s.") % {"list": ", ".join(str(p.label) for p in SCHOOL_POSITIONS)},
        _("Tổ chuyên môn, Tổ công đoàn: ghi đúng tên tổ; tổ chưa có sẽ được tạo mới."),
        _("Không dùng công thức; hãy dán giá trị."),
    ]
    book.add_sheet("Hướng dẫn", [[line] for line in guide], widths=[100])
    return book.content()


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _shown(value):
    text = cell_text(value)
    return text if len(text) <= PREVIEW_CELL_MAX else text[: PREVIEW_CELL_MAX - 1] + "…"


def _unpacked_size(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def open_sheet(data, result):
    """The first sheet of an uploaded .xlsx, or None with the reason in `result`: size,
    what it unpacks to and damage are checked before openpyxl reads a row (every Excel
    import goes through here)."""
    if len(data) > settings.STAFF_IMPORT_MAX_BYTES:
        result.file_errors.append(
            _("Tệp lớn hơn %(mb)s MB. Hãy kiểm tra lại tệp.")
            % {"mb": settings.STAFF_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
        return None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        result.file_errors.append(
            _("Tệp không phải tệp Excel (.xlsx). Hãy tải mẫu về, điền và lưu dạng .xlsx.")
        )
        return None
    try:
        unpacked = _unpacked_size(data)
    except (zipfile.BadZipFile, OSError):
        unpacked = None
    if unpacked is None or unpacked > settings.STAFF_IMPORT_MAX_BYTES * MAX_UNPACKED_RATIO:
        result.file_errors.append(
            _(
                "Tệp Excel này khi giải nén quá lớn so với một danh sách nhân sự. Hãy mở "
                "tệp, xoá các trang tính và dòng thừa, lưu lại dạng .xlsx rồi tải lên lại."
            )
        )
        return None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        result.file_errors.append(
            _("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.")
        )
        return None
    if not wb.worksheets:
        result.file_errors.append(_("Tệp không có trang tính nào."))
        return None
    return wb.worksheets[0]


def read_upload(data, columns=COLUMNS, form_class=None, empty_message=None, title_rows=0):
    """An uploaded .xlsx read as far as its rows (see `read_rows`): (result, rows), rows
    None when the file itself is refused (why in `result.file_errors`)."""
    result = ImportResult()
    sheet = open_sheet(data, result)
    if sheet is None:
        return result, None
    return result, read_rows(sheet, result, columns, form_class, empty_message, title_rows)


def _check_headers(header_row, result, columns):
    got = [search_key(cell_text(v)) for v in header_row]
    expected = [search_key(label) for _name, label in columns]
    if got[: len(expected)] != expected:
        missing = [
            label for (_n, label), key in zip(columns, expected, strict=True) if key not in got
        ]
        message = _("Dòng tiêu đề không đúng mẫu. Cần đúng các cột: %(cols)s.") % {
            "cols": ", ".join(label for _n, label in columns)
        }
        if missing:
            message += " " + _("Thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)}
        result.file_errors.append(message)
        return False
    return True


def read_rows(sheet, result, columns=COLUMNS, form_class=None, empty_message=None, title_rows=0):
    """Header check, row limit, formulas; returns ImportRow objects with raw text (every
    Excel import reads its rows here; `form_class` gives each column's length limit).
    `title_rows`: how many title lines may stand above the header (a list exported by
    the product and sent back)."""
    form_class = form_class or StaffRowForm
    iterator = sheet.iter_rows(values_only=True)
    header = next(iterator, None)
    first, header_number = search_key(columns[0][1]), 1
    for _skipped in range(title_rows):
        if header is None or search_key(cell_text(header[0] if header else "")) == first:
            break
        header, header_number = next(iterator, None), header_number + 1
    if header is None:
        result.file_errors.append(_("Trang tính trống: không có dòng nào."))
        return []
    if not _check_headers(header, result, columns):
        return []
    limit = settings.STAFF_IMPORT_MAX_ROWS
    rows = []
    for number, values in enumerate(iterator, start=header_number + 1):
        result.sheet_rows += 1
        if result.sheet_rows > limit:
            # Every row counts, blank ones too, and reading stops here.
            result.file_errors.append(
                _(
                    "Trang tính có hơn %(limit)s dòng (kể cả dòng trống). Hãy xoá các dòng "
                    "trống thừa, hoặc chia danh sách thành nhiều tệp, mỗi tệp tối đa "
                    "%(limit)s dòng."
                )
                % {"limit": f"{limit:,}".replace(",", ".")}
            )
            return []
        values = list(values[: len(columns)]) + [None] * (len(columns) - len(values))
        if all(cell_text(v) == "" for v in values):
            continue
        rows.append(_read_row(number, values, columns, form_class))
    if not rows:
        result.file_errors.append(
            empty_message or _("Trang tính chưa có dòng nhân sự nào dưới dòng tiêu đề.")
        )
    return rows


def _read_row(number, values, columns, form_class):
    row = ImportRow(number=number, raw={})
    for index, ((name, label), value) in enumerate(zip(columns, values, strict=True), start=1):
        cell = f"{get_column_letter(index)}{number}"
        if isinstance(value, str) and value.startswith("="):
            row.add_error(
                name,
                _("Ô %(cell)s (%(col)s) chứa công thức; hãy dán giá trị.")
                % {"cell": cell, "col": label},
            )
            value = ""
        if isinstance(value, str) and len(value) > CELL_READ_MAX:
            limit = getattr(form_class.base_fields[name], "max_length", None) or CELL_READ_MAX
            row.add_error(
                name,
                _("Ô %(cell)s (%(col)s) dài %(len)s ký tự; tối đa %(max)s ký tự.")
                % {
                    "cell": cell,
                    "col": label,
                    "len": f"{len(value):,}".replace(",", "."),
                    "max": f"{limit:,}".replace(",", "."),
                },
            )
            value = value[:CELL_READ_MAX]
        row.raw[name] = value
    return row


def _validate_row(row):
    data = {}
    for name, _label in COLUMNS:
        value = row.raw.get(name)
        if (
            name == "date_of_birth"
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            row.add_error(name, _("Ngày sinh phải là ngày theo dạng dd/mm/yyyy."))
            value = ""
        data[name] = cell_text(value)
    form = StaffRowForm(data)
    if form.is_valid():
        row.cleaned = form.cleaned_data
    else:
        for name, messages in form.errors.items():
            if name not in row.errors:
                for message in messages:
                    row.add_error(name, message)
        row.cleaned = {**data, **form.cleaned_data}


def _check_duplicates(rows, school, result):
    existing = {
        (p.search_name, p.date_of_birth): p
        for p in Person.objects.filter(organization=school).only(
            "search_name", "date_of_birth", "full_name"
        )
    }
    seen = {}
    for row in rows:
        name = row.cleaned.get("full_name")
        if not name or "full_name" in row.errors:
            continue
        key = (search_key(name), row.cleaned.get("date_of_birth"))
        if key in seen:
            row.add_error(
                "full_name",
                _("Trùng với dòng %(row)s (cùng họ tên và ngày sinh).") % {"row": seen[key]},
            )
        else:
            seen[key] = row.number
        if key in existing:
            row.add_error("full_name", _("Người này đã có trong danh sách nhân sự của trường."))


def _resolve_units(rows, school, result):
    units = {
        (u.kind == Unit.Kind.UNION_GROUP, search_key(u.name)): u
        for u in Unit.objects.filter(organization=school)
    }
    new_teams, new_groups = {}, {}
    for row in rows:
        for field_name, is_group, new in (
            ("team", False, new_teams),
            ("union_group", True, new_groups),
        ):
            name = row.cleaned.get(field_name)
            if not name or field_name in row.errors:
                continue
            unit = units.get((is_group, search_key(name)))
            row.cleaned[f"{field_name}_unit"] = unit
            if unit is None:
                new.setdefault(search_key(name), name)
    result.new_teams = sorted(new_teams.values())
    result.new_union_groups = sorted(new_groups.values())


def parse_staff_file(data, school):
    """Read and check a staff list for `school`. Writes nothing."""
    result, rows = read_upload(data)
    if rows is None:
        return result
    for row in rows:
        _validate_row(row)
    _check_duplicates(rows, school, result)
    _resolve_units(rows, school, result)
    result.rows = rows
    return result
