"""The staff-list preview cannot be made to exhaust the server.

The attack: a 179 KB .xlsx whose every cell of 900 rows is one 20,000-character shared
string made a 124 MB preview page in 14 s, and every view of the page parsed the file
again. Now the file is read once, at upload, with every cell cut when read and every
row counted; the preview is kept, shown 50 rows a page with long cells shortened, and
refused when the file unpacks to far more than a staff list can be."""

import io
import zipfile
from unittest import mock
from xml.sax.saxutils import escape

from django.urls import reverse

from schools import imports, services
from schools.imports import COLUMNS
from schools.models import StaffImport
from tests.schools.test_imports import row, xlsx

HEADER = [label for _name, label in COLUMNS]


def upload(client, tree, content, name="danh-sach.xlsx"):
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("staff_upload", args=[tree.school_a1.pk]),
        {"file": _file(content, name)},
    )
    assert response.status_code == 302, response.content[:500]
    return StaffImport.objects.latest("pk")


def _file(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def attack_workbook(rows=900, length=20_000):
    """The attack's file: the header, then `rows` rows whose every cell points at one
    shared string of `length` characters (small on disk, huge once shown)."""
    strings = [escape(label) for label in HEADER] + ["Đ" * length]
    columns = "ABCDEFG"
    sheet = [f'<row r="1">{"".join(_ref(c, 1, i) for i, c in enumerate(columns))}</row>']
    big = len(strings) - 1
    for number in range(2, rows + 2):
        sheet.append(f'<row r="{number}">{"".join(_ref(c, number, big) for c in columns)}</row>')
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_TYPE}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_TYPE}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{s}</t></si>" for s in strings)
            + "</sst>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(sheet)}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def _ref(column, number, index):
    return f'<c r="{column}{number}" t="s"><v>{index}</v></c>'


def test_the_attack_file_makes_a_small_page_once(client, tree):
    content = attack_workbook()
    assert len(content) < 200_000  # 179 KB in the attack
    staff_import = upload(client, tree, content)
    url = reverse("staff_import_preview", args=[staff_import.pk])
    # The preview is kept: showing it (any page of it) never reads the file again.
    with (
        mock.patch.object(imports, "parse_staff_file", side_effect=AssertionError("parsed")),
        mock.patch.object(services, "parse_staff_file", side_effect=AssertionError("parsed")),
    ):
        page = client.get(url)
        last = client.get(url, {"page": "18"})
    assert page.status_code == 200 and last.status_code == 200
    html = page.content.decode()
    assert len(html) < 600_000, len(html)
    assert "(Họ và tên) dài 20.000 ký tự; tối đa 150 ký tự" in html
    assert html.count("<tr>") == 1 + 50  # the header and one page of rows
    assert "Trang 1/18" in html
    kept = StaffImport.objects.get(pk=staff_import.pk).preview
    assert max(len(v) for r in kept["rows"] for v in r["cells"].values()) <= 200


def test_the_preview_pages_and_shows_rows_with_errors_alone(client, tree):
    rows = [row(full_name=f"Nguyễn Văn Người{i}") for i in range(120)]
    rows[70] = row(full_name="An")  # one word: an error
    staff_import = upload(client, tree, xlsx(rows))
    url = reverse("staff_import_preview", args=[staff_import.pk])
    first = client.get(url).content.decode()
    assert "Trang 1/3" in first and first.count("<tr>") == 51
    assert "1 dòng có lỗi" in first
    third = client.get(url, {"page": "3"}).content.decode()
    assert third.count("<tr>") == 21
    errors = client.get(url, {"errors": "1"}).content.decode()
    assert errors.count("<tr>") == 2 and "Hãy ghi đủ họ và tên" in errors
    for page in ["0", "-1", "abc", "99999999999999999999999", "²"]:
        assert client.get(url, {"page": page}).status_code == 200, page


def test_a_file_that_unpacks_far_beyond_a_staff_list_is_refused(client, tree, settings):
    settings.STAFF_IMPORT_MAX_BYTES = 1024 * 1024
    good = xlsx([row()])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("xl/padding.xml", b" " * (11 * 1024 * 1024))
    assert len(out.getvalue()) < settings.STAFF_IMPORT_MAX_BYTES
    staff_import = upload(client, tree, out.getvalue())
    page = client.get(reverse("staff_import_preview", args=[staff_import.pk])).content.decode()
    assert "khi giải nén quá lớn" in page
    assert 'data-testid="preview-table"' not in page


def test_an_upload_kept_from_before_is_checked_once(client, tree):
    staff_import = StaffImport.objects.create(
        organization=tree.school_a1, file_name="cu.xlsx", content=xlsx([row()])
    )
    client.force_login(tree.users["principal_a1"])
    url = reverse("staff_import_preview", args=[staff_import.pk])
    assert "Tệp hợp lệ: 1 người" in client.get(url).content.decode()
    assert StaffImport.objects.get(pk=staff_import.pk).preview["rows"]
    with mock.patch.object(services, "parse_staff_file", side_effect=AssertionError("parsed")):
        assert client.get(url).status_code == 200
