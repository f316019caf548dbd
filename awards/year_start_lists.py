"""The year-start registration list (danh sách đăng ký thi đua) as Excel both ways and as
a printed list. Columns as seen in practice (AWARDS.md "Dossier"): STT, Ông/Bà, Họ và
tên, Chức vụ và đơn vị, Đăng ký thi đua, Đăng ký khen thưởng. A list exported here and
sent back in is read by the same columns (the title lines above the header are
skipped)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.vietnamese import collation_key, name_sort_key, search_key
from common.workbooks import Sheet, StreamedWorkbook
from emulation.documents import date_line
from emulation.rendering import OfficialDocument
from schools.imports import cell_text, read_upload
from schools.models import Person

from .documents.common import governing_body, head_of, place_of, principal_of
from .history_import import _Holders, award_labels
from .models import HistoryImport, TitleRegistration

COLUMNS = [
    ("number", "STT"),
    ("salutation", "Ông/Bà"),
    ("name", "Họ và tên"),
    ("position", "Chức vụ và đơn vị"),
    ("title", "Đăng ký thi đua"),
    ("award", "Đăng ký khen thưởng"),
]


def registrations_of(organization, school_year):
    """Every registration of the organisation's year, in the list's order: people by
    Vietnamese name order, then collectives."""
    rows = TitleRegistration.objects.filter(
        organization=organization, school_year=school_year
    ).select_related("person", "unit", "collective", "title", "award_form")
    return sorted(
        rows,
        key=lambda r: (
            r.person_id is None,
            name_sort_key(r.person.full_name) if r.person_id else collation_key(r.holder_name),
        ),
    )


def list_rows(organization, school_year):
    for number, r in enumerate(registrations_of(organization, school_year), start=1):
        person = r.person
        salutation = ""
        if person is not None:
            salutation = "Bà" if person.gender == Person.Gender.FEMALE else "Ông"
        position = (
            f"{person.get_position_display()}, {organization.name}" if person else organization.name
        )
        yield [
            number,
            salutation,
            r.holder_name,
            position,
            r.title.name if r.title_id else "",
            str(r.award_form) if r.award_form_id else "",
        ]


class RegistrationListExport(StreamedWorkbook):
    def __init__(self, organization, school_year):
        self.organization, self.school_year = organization, school_year
        self.workbook_title = _("Danh sách đăng ký thi đua")

    def filename(self):
        return f"dang-ky-thi-dua-{self.school_year.name}.xlsx"

    def sheets(self):
        yield Sheet(
            _("Đăng ký"),
            [
                _("DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM HỌC %(year)s")
                % {"year": self.school_year.name.replace("-", " - ")},
                self.organization.name,
            ],
            [label for _name, label in COLUMNS],
            list_rows(self.organization, self.school_year),
            [6, 8, 30, 40, 30, 36],
        )


class RegistrationListDocument(OfficialDocument):
    template_name = "documents/awards/registration_list.html"

    def __init__(self, organization, school_year):
        self.organization, self.school_year = organization, school_year

    def filename(self, extension):
        return f"dang-ky-thi-dua-{self.school_year.name}.{extension}"

    def context(self):
        from django.utils import timezone

        return {
            "governing_body": governing_body(self.organization),
            "issuer": self.organization.name.upper(),
            "date_line": date_line(place_of(self.organization), timezone.localdate()),
            "school_year": self.school_year.name.replace("-", " - "),
            "headers": [label for _name, label in COLUMNS],
            "rows": list(list_rows(self.organization, self.school_year)),
            "head": head_of(self.organization).upper(),
            "head_name": principal_of(self.organization),
        }


class RegistrationRowForm(forms.Form):
    number = forms.CharField(required=False, max_length=10)
    salutation = forms.CharField(required=False, max_length=10)
    name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Ô này không được để trống.")}
    )
    position = forms.CharField(required=False, max_length=300)
    title = forms.CharField(required=False, max_length=200)
    award = forms.CharField(required=False, max_length=200)


def _resolve(row, organization, holders, titles, labels):
    data = row.cleaned
    found = holders.find(row, organization)
    title = None
    if data.get("title"):
        title = titles.get(search_key(data["title"]))
        if title is None:
            row.add_error("title", _("Không có danh hiệu thi đua tên này."))
    award = (None, None)
    if data.get("award"):
        award = labels.get(search_key(data["award"]), False)
        if award is None:
            row.add_error("award", _("Hãy ghi rõ cấp tặng, ví dụ “Giấy khen (Hiệu trưởng)”."))
        elif award is False or award[0] is not None:
            row.add_error("award", _("Không có hình thức khen thưởng tên này."))
            award = (None, None)
    if not data.get("title") and not data.get("award"):
        row.add_error("title", _("Hãy ghi danh hiệu hoặc hình thức khen thưởng đăng ký."))
    wanted = "person" if found and found[0] is not None else "collective"
    for field, chosen in (("title", title), ("award", award[1])):
        if found and chosen is not None and chosen.recipient and chosen.recipient != wanted:
            row.add_error(
                field,
                _("%(award)s dành cho cá nhân, không cho tập thể.") % {"award": chosen.name}
                if chosen.recipient == "person"
                else _("%(award)s dành cho tập thể, không cho cá nhân.") % {"award": chosen.name},
            )
    if row.ok and found:
        data["person"], data["unit"], data["collective"] = found
        data["title_obj"], data["award_form"] = title, award[1]


def parse_registration_file(data, organization):
    from .models import Title

    result, rows = read_upload(
        data,
        COLUMNS,
        RegistrationRowForm,
        _("Trang tính chưa có dòng nào dưới dòng tiêu đề."),
        title_rows=5,
    )
    if rows is None or result.file_errors:
        return result
    holders, labels = _Holders(organization), award_labels()
    titles = {}
    for t in Title.objects.all():
        titles[search_key(t.name)] = t
        if t.abbreviation:
            titles[search_key(t.abbreviation)] = t
    seen = {}
    for row in rows:
        form = RegistrationRowForm({n: cell_text(v) for n, v in row.raw.items()})
        if not form.is_valid():
            for name, messages in form.errors.items():
                for message in messages:
                    row.add_error(name, message)
            continue
        row.cleaned = form.cleaned_data
        _resolve(row, organization, holders, titles, labels)
        if row.ok:
            key = tuple(
                getattr(row.cleaned[k], "pk", None) for k in ("person", "unit", "collective")
            )
            if key in seen:
                row.add_error("name", _("Trùng với dòng %(n)s.") % {"n": seen[key]})
            seen[key] = row.number
    result.rows = rows
    return result


KIND = HistoryImport.Kind.REGISTRATIONS
