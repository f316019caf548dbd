"""Staff list import: every bad file gets a clear Vietnamese message, nothing is saved
until confirmed, and then all rows or none."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from schools import services
from schools.imports import COLUMNS, build_template, parse_staff_file
from schools.models import Person, StaffImport, Unit

HEADER = [label for _name, label in COLUMNS]
GOOD_ROW = ["Nguyễn Thị An", "05/09/1985", "Nữ", "Giáo viên", "Tổ khối 1", "Tổ công đoàn 1", ""]


def xlsx(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(**changes):
    values = dict(zip([n for n, _l in COLUMNS], GOOD_ROW, strict=True))
    values.update(changes)
    return [values[n] for n, _l in COLUMNS]


def errors_of(result, number, field):
    return next(r for r in result.rows if r.number == number).errors.get(field, [])


def test_template_has_the_columns_and_is_accepted(tree):
    sheet = load_workbook(io.BytesIO(build_template())).active
    assert [c.value for c in sheet[1]] == HEADER
    result = parse_staff_file(build_template(), tree.school_a1)
    assert result.ok, result.rows[0].errors
    assert result.rows[0].cleaned["date_of_birth"] == datetime.date(1985, 9, 5)


def test_good_file_previews_then_imports_all(tree):
    data = xlsx([row(), row(full_name="Trần Văn Bình", gender="Nam", union_group="Tổ mới")])
    result = parse_staff_file(data, tree.school_a1)
    assert result.ok
    assert result.new_union_groups == ["Tổ mới"]
    assert result.new_teams == ["Tổ khối 1"]
    assert not Person.objects.filter(full_name="Trần Văn Bình").exists()  # preview saves nothing
    upload = services.upload_staff_list(tree.users["principal_a1"], tree.school_a1, "a.xlsx", data)
    services.import_staff(tree.users["principal_a1"], upload)
    an = Person.objects.get(full_name="Nguyễn Thị An")
    assert an.union_group == tree.group_a1  # existing group matched by name
    assert an.team.name == "Tổ khối 1" and an.gender == "female"
    assert Person.objects.get(full_name="Trần Văn Bình").union_group.name == "Tổ mới"
    upload.refresh_from_db()
    assert upload.status == StaffImport.Status.DONE and upload.imported_count == 2
    with pytest.raises(services.ServiceError, match="đã được nhập"):
        services.import_staff(tree.users["principal_a1"], upload)


def test_not_an_xlsx(tree):
    result = parse_staff_file(b"Ho va ten,Ngay sinh\nAn,1985", tree.school_a1)
    assert result.file_errors == [
        "Tệp không phải tệp Excel (.xlsx). Hãy tải mẫu về, điền và lưu dạng .xlsx."
    ]


def test_damaged_zip(tree):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    result = parse_staff_file(buffer.getvalue(), tree.school_a1)
    assert result.file_errors[0].startswith("Không đọc được tệp Excel")


def test_wrong_headers(tree):
    result = parse_staff_file(xlsx([GOOD_ROW], header=["Tên", "Ngày sinh"]), tree.school_a1)
    assert len(result.file_errors) == 1
    assert "Dòng tiêu đề không đúng mẫu" in result.file_errors[0]
    assert "Thiếu cột: Họ và tên, Giới tính, Chức vụ" in result.file_errors[0]


def test_headers_without_accents_or_case_are_accepted(tree):
    header = [
        "HO VA TEN",
        "ngay sinh",
        "Gioi tinh",
        "Chuc vu",
        "To chuyen mon",
        "To cong doan",
        "EMAIL",
    ]
    assert parse_staff_file(xlsx([GOOD_ROW], header=header), tree.school_a1).ok


def test_empty_sheet_and_header_only(tree):
    assert parse_staff_file(xlsx([], header=None), tree.school_a1).file_errors == [
        "Trang tính trống: không có dòng nào."
    ]
    assert parse_staff_file(xlsx([]), tree.school_a1).file_errors == [
        "Trang tính chưa có dòng nhân sự nào dưới dòng tiêu đề."
    ]


LIMIT_MESSAGE = (
    "Trang tính có hơn 1.000 dòng (kể cả dòng trống). Hãy xoá các dòng trống thừa, hoặc "
    "chia danh sách thành nhiều tệp, mỗi tệp tối đa 1.000 dòng."
)


def test_ten_thousand_rows_are_refused_after_reading_the_first_thousand(tree):
    rows = [row(full_name=f"Nguyễn Văn Số{i}") for i in range(10_000)]
    result = parse_staff_file(xlsx(rows), tree.school_a1)
    assert result.rows == []
    assert result.file_errors == [LIMIT_MESSAGE]
    assert result.sheet_rows == 1001  # reading stopped there


def test_blank_rows_count_toward_the_limit(tree):
    """The attack: blank rows between the staff cost reading time but were not counted."""
    rows = []
    for i in range(600):
        rows += [row(full_name=f"Nguyễn Văn Số{i}"), [None] * 6 + ["x"], []]
    data = xlsx([r if any(r) else [" "] for r in rows])
    result = parse_staff_file(data, tree.school_a1)
    assert result.file_errors == [LIMIT_MESSAGE]
    exactly = xlsx([row(full_name=f"Lê Văn Số{i}") for i in range(500)] + [[" "]] * 500)
    result = parse_staff_file(exactly, tree.school_a1)
    assert result.ok and len(result.rows) == 500 and result.sheet_rows == 1000


def test_formulas_are_refused_per_cell(tree):
    result = parse_staff_file(xlsx([row(full_name='=CONCAT("Lê ","An")')]), tree.school_a1)
    assert errors_of(result, 2, "full_name")[0] == (
        "Ô A2 (Họ và tên) chứa công thức; hãy dán giá trị."
    )
    assert not result.ok


def test_dates_typed_as_text_and_real_dates(tree):
    rows = [
        row(full_name="Lê Văn Một", date_of_birth="5/9/1985"),
        row(full_name="Lê Văn Hai", date_of_birth="1985-09-05"),
        row(full_name="Lê Văn Ba", date_of_birth=datetime.datetime(1985, 9, 5)),
        row(full_name="Lê Văn Bốn", date_of_birth="31/02/1985"),
        row(full_name="Lê Văn Năm", date_of_birth="mùng 5 tháng 9"),
        row(full_name="Lê Văn Sáu", date_of_birth=31295),
        row(full_name="Lê Văn Bảy", date_of_birth="05/09/1885"),
    ]
    result = parse_staff_file(xlsx(rows), tree.school_a1)
    for number in (2, 3, 4):
        assert errors_of(result, number, "date_of_birth") == []
        row_obj = next(r for r in result.rows if r.number == number)
        assert row_obj.cleaned["date_of_birth"] == datetime.date(1985, 9, 5)
    invalid = "Ngày sinh không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
    assert errors_of(result, 5, "date_of_birth") == [invalid]
    assert errors_of(result, 6, "date_of_birth") == [invalid]
    assert errors_of(result, 7, "date_of_birth") == ["Ngày sinh phải là ngày theo dạng dd/mm/yyyy."]
    assert errors_of(result, 8, "date_of_birth") == [
        "Ngày sinh 05/09/1885 không hợp lý (tuổi phải từ 16 đến 80)."
    ]


def test_duplicates_in_file_and_in_school(tree):
    Person.objects.create(
        organization=tree.school_a1,
        full_name="Phạm Thị Cúc",
        gender="female",
        position="teacher",
        date_of_birth=datetime.date(1990, 1, 2),
    )
    rows = [
        row(),
        row(full_name="nguyen thi an"),  # same person without accents? different name: kept
        row(full_name="Nguyễn  Thị An"),
        row(full_name="Phạm Thị Cúc", date_of_birth="02/01/1990"),
    ]
    result = parse_staff_file(xlsx(rows), tree.school_a1)
    assert errors_of(result, 2, "full_name") == []
    assert errors_of(result, 3, "full_name") == ["Trùng với dòng 2 (cùng họ tên và ngày sinh)."]
    assert errors_of(result, 4, "full_name") == ["Trùng với dòng 2 (cùng họ tên và ngày sinh)."]
    assert errors_of(result, 5, "full_name") == [
        "Người này đã có trong danh sách nhân sự của trường."
    ]


def test_field_errors_are_vietnamese_and_per_column(tree):
    rows = [row(full_name="An", gender="X", position="Lao công", union_group="", email="a@")]
    result = parse_staff_file(xlsx(rows), tree.school_a1)
    errors = result.rows[0].errors
    assert errors["full_name"] == ["Hãy ghi đủ họ và tên."]
    assert errors["gender"] == ["Giới tính phải là “Nam” hoặc “Nữ”."]
    assert errors["position"] == [
        "Chức vụ phải là một trong: Hiệu trưởng, Phó hiệu trưởng, Giáo viên, Nhân viên."
    ]
    assert errors["union_group"] == ["Ô này không được để trống."]
    assert errors["email"] == ["Địa chỉ email không hợp lệ."]


def test_a_bad_row_blocks_the_whole_import(tree):
    data = xlsx([row(), row(full_name="Lê Văn Hỏng", gender="?")])
    upload = services.upload_staff_list(tree.users["principal_a1"], tree.school_a1, "b.xlsx", data)
    before = Person.objects.count()
    with pytest.raises(services.ServiceError, match="chưa có ai được nhập"):
        services.import_staff(tree.users["principal_a1"], upload)
    assert Person.objects.count() == before
    assert not Unit.objects.filter(name="Tổ khối 1").exists()


def test_teacher_cannot_import(tree):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.upload_staff_list(tree.users["teacher_a1"], tree.school_a1, "a.xlsx", b"")


def test_upload_preview_confirm_through_the_pages(client, tree):
    client.force_login(tree.users["principal_a1"])
    upload = io.BytesIO(xlsx([row()]))
    upload.name = "danh-sach.xlsx"
    response = client.post(
        reverse("staff_upload", kwargs={"pk": tree.school_a1.pk}), {"file": upload}
    )
    staff_import = StaffImport.objects.get()
    assert response["Location"] == reverse("staff_import_preview", kwargs={"pk": staff_import.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Tệp hợp lệ: 1 người sẽ được nhập." in page
    response = client.post(reverse("staff_import_preview", kwargs={"pk": staff_import.pk}))
    assert response.status_code == 302
    assert Person.objects.filter(full_name="Nguyễn Thị An", organization=tree.school_a1).exists()


def test_bad_upload_shows_messages_not_500(client, tree):
    client.force_login(tree.users["principal_a1"])
    upload = io.BytesIO(b"%PDF-1.4 not excel")
    upload.name = "danh-sach.xlsx"
    response = client.post(
        reverse("staff_upload", kwargs={"pk": tree.school_a1.pk}), {"file": upload}, follow=True
    )
    assert response.status_code == 200
    assert "Tệp không phải tệp Excel (.xlsx)" in response.content.decode()
    # confirming a bad file is refused with a message, nothing saved
    staff_import = StaffImport.objects.get()
    response = client.post(
        reverse("staff_import_preview", kwargs={"pk": staff_import.pk}), follow=True
    )
    assert "chưa có ai được nhập" in response.content.decode()
    missing = client.post(reverse("staff_upload", kwargs={"pk": tree.school_a1.pk}), {})
    assert missing.status_code == 200
    assert "Hãy chọn tệp Excel để tải lên." in missing.content.decode()
