"""Excel import of award history (titles and awards received before the product, or
outside it): the template, the parser and its per-row checks. Reading and bounding the
file is schools.imports' (one way to check an upload); parsing never writes anything,
services/history.import_history saves every row or none."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import xlsx
from common.fields import DayField
from common.vietnamese import search_key
from schools.imports import cell_text, read_upload
from schools.models import Organization, Person, SchoolYear, Unit

from .models import AwardForm, AwardRecord, Title

COLUMNS = [
    ("name", "Họ và tên / tập thể"),
    ("date_of_birth", "Ngày sinh"),
    ("school_year", "Năm học"),
    ("award", "Danh hiệu / hình thức khen thưởng"),
    ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("authority", "Cấp quyết định"),
]
REQUIRED = {"required": gettext_lazy("Ô này không được để trống.")}


class HistoryRowForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages=REQUIRED)
    date_of_birth = DayField(
        required=False,
        cells=True,
        invalid=gettext_lazy("Ngày sinh không hợp lệ; ghi dd/mm/yyyy."),
    )
    school_year = forms.CharField(max_length=20, required=False)
    award = forms.CharField(max_length=200, error_messages=REQUIRED)
    decision_number = forms.CharField(max_length=60, error_messages=REQUIRED)
    decision_date = DayField(
        cells=True,
        invalid=gettext_lazy("Ngày quyết định không hợp lệ; ghi dd/mm/yyyy."),
        error_messages=REQUIRED,
    )
    authority = forms.CharField(max_length=200, error_messages=REQUIRED)

    def clean_school_year(self):
        text = "".join(self.cleaned_data["school_year"].split())
        if not text:
            return ""
        found = re.fullmatch(r"(\d{4})-(\d{4})", text)
        if not found or int(found[2]) != int(found[1]) + 1:
            raise forms.ValidationError(_("Năm học ghi dạng 2023-2024."))
        return text


def award_labels():
    """Every way a row may name a title or an award form -> (title, form); a name that
    fits two (a bare "Giấy khen") maps to None and asks for the granting level."""
    labels = {}

    def add(text, value):
        key = search_key(text)
        labels[key] = value if labels.get(key, value) == value else None

    for title in Title.objects.all():
        add(title.name, (title, None))
        if title.abbreviation:
            add(title.abbreviation, (title, None))
    for form in AwardForm.objects.all():
        add(str(form), (None, form))
        add(f"{form.name} của {form.granted_by}", (None, form))
        add(form.name, (None, form))
    return labels


def template_choices():
    return [t.name for t in Title.objects.all()] + [str(f) for f in AwardForm.objects.all()]


def build_template():
    choices = template_choices()
    book = xlsx.Workbook(title=_("Mẫu hồ sơ khen thưởng"))
    # A list longer than 255 characters does not fit a validation formula: the guide
    # sheet holds it and the dropdown points there.
    book.add_sheet(
        "Hồ sơ khen thưởng",
        [
            [(label, xlsx.BOLD) for _name, label in COLUMNS],
            [
                "Nguyễn Thị An",
                "05/09/1985",
                "2023-2024",
                "Chiến sĩ thi đua cơ sở",
                "125/QĐ-UBND",
                "20/08/2024",
                "Chủ tịch UBND huyện Bàu Bàng",
            ],
        ],
        widths=[28, 14, 12, 40, 18, 16, 36],
        frozen_rows=1,
        text_columns={2, 6},
        validations=[("D2:D1001", f"'Hướng dẫn'!$B$1:$B${max(len(choices), 1)}")],
    )
    lines = [
        _("Mỗi dòng là một danh hiệu hoặc một hình thức khen thưởng của một người hay tập thể."),
        _("Họ và tên: đúng như trong danh sách nhân sự; tập thể: tên trường hoặc tên tổ."),
        _("Ngày sinh: chỉ cần khi trường có hai người trùng họ tên."),
        _("Năm học: dạng 2023-2024; để trống thì lấy theo ngày quyết định."),
        _("Ngày: dạng dd/mm/yyyy. Không dùng công thức; hãy dán giá trị."),
        _("Danh hiệu / hình thức khen thưởng: chọn một trong các tên ở cột B."),
    ]
    rows = [
        [lines[i] if i < len(lines) else None, choices[i] if i < len(choices) else None]
        for i in range(max(len(lines), len(choices)))
    ]
    book.add_sheet("Hướng dẫn", rows, widths=[90, 50])
    return book.content()


class _Holders:
    """The people, units and collectives of an organisation's subtree, by name."""

    def __init__(self, organization):
        below = Organization.objects.filter(path__startswith=organization.path)
        self.people = {}
        for person in Person.objects.filter(organization__in=below).select_related("organization"):
            self.people.setdefault(search_key(person.full_name), []).append(person)
        self.units = {}
        for unit in Unit.objects.filter(organization__in=below).select_related("organization"):
            self.units.setdefault(search_key(unit.name), []).append(unit)
        self.collectives = {}
        for org in below:
            self.collectives.setdefault(search_key(org.name), []).append(org)

    def find(self, row, organization):
        """(person, unit, collective) named by the row, or an error on the row."""
        key = search_key(row.cleaned["name"])
        people = self.people.get(key, [])
        born = row.cleaned.get("date_of_birth")
        if born:
            people = [p for p in people if p.date_of_birth == born]
        if len(people) == 1:
            return people[0], None, None
        if len(people) > 1:
            row.add_error(
                "name",
                _("Có %(n)s người tên %(name)s: hãy ghi ngày sinh để phân biệt.")
                % {"n": len(people), "name": row.cleaned["name"]},
            )
            return None
        units, collectives = self.units.get(key, []), self.collectives.get(key, [])
        if len(units) + len(collectives) == 1:
            return None, (units or [None])[0], (collectives or [None])[0]
        message = _("Không tìm thấy %(name)s trong nhân sự, các tổ và đơn vị của %(org)s.")
        if units or collectives:
            message = _("Có nhiều tập thể tên %(name)s trong %(org)s.")
        row.add_error("name", message % {"name": row.cleaned["name"], "org": organization.name})
        return None


def _validate(row):
    form = HistoryRowForm({name: cell_text(value) for name, value in row.raw.items()})
    if not form.is_valid():
        for name, messages in form.errors.items():
            for message in messages:
                row.add_error(name, message)
    row.cleaned = getattr(form, "cleaned_data", {})


def _resolve(row, organization, holders, labels):
    if not row.ok:
        return
    award = labels.get(search_key(row.cleaned["award"]), False)
    if award is None:
        row.add_error("award", _("Hãy ghi rõ cấp tặng, ví dụ “Giấy khen (Hiệu trưởng)”."))
    elif award is False:
        row.add_error("award", _("Không có danh hiệu hay hình thức khen thưởng tên này."))
    found = holders.find(row, organization)
    if not row.ok:
        return
    row.cleaned["person"], row.cleaned["unit"], row.cleaned["collective"] = found
    row.cleaned["title"], row.cleaned["award_form"] = award
    wanted = "person" if found[0] is not None else "collective"
    chosen = award[0] or award[1]
    if chosen.recipient and chosen.recipient != wanted:
        row.add_error(
            "award",
            _("%(award)s dành cho cá nhân, không cho tập thể.") % {"award": row.cleaned["award"]}
            if chosen.recipient == "person"
            else _("%(award)s dành cho tập thể, không cho cá nhân.")
            % {"award": row.cleaned["award"]},
        )
    year = row.cleaned["school_year"]
    row.cleaned["school_year_name"] = year or SchoolYear.name_for(row.cleaned["decision_date"])
    if row.cleaned["decision_date"] > timezone.localdate():
        row.add_error("decision_date", _("Ngày quyết định ở tương lai."))


def _key(cleaned):
    holder = [getattr(cleaned[k], "pk", None) for k in ("person", "unit", "collective")]
    award = [getattr(cleaned[k], "pk", None) for k in ("title", "award_form")]
    return (*holder, *award, cleaned["school_year_name"])


def _check_duplicates(rows, organization):
    """Twice in the file, or already in the history: the same holder, award and year."""
    kept = AwardRecord.objects.filter(organization__path__startswith=organization.path).values_list(
        "person_id", "unit_id", "collective_id", "title_id", "award_form_id", "school_year__name"
    )
    known = {tuple(values): None for values in kept}
    for row in rows:
        if not row.ok:
            continue
        key = _key(row.cleaned)
        if key in known:
            earlier = known[key]
            row.add_error(
                "award",
                _("Trùng với dòng %(n)s.") % {"n": earlier}
                if earlier
                else _("Đã có trong hồ sơ khen thưởng."),
            )
        else:
            known[key] = row.number


def parse_history_file(data, organization):
    result, rows = read_upload(
        data, COLUMNS, HistoryRowForm, _("Trang tính chưa có dòng nào dưới dòng tiêu đề.")
    )
    if rows is None or result.file_errors:
        return result
    holders, labels = _Holders(organization), award_labels()
    for row in rows:
        _validate(row)
        _resolve(row, organization, holders, labels)
    _check_duplicates(rows, organization)
    result.rows = rows
    return result
