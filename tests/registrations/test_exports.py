"""Excel summaries (campaign, office), the group-assignment table made from approved M2
groups, and the year-end archive provider."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from common.workbooks import sheet_title
from emulation.archive import ARCHIVE_PROVIDERS, write_archive
from emulation.models import Annex, GroupAssignment, Plan
from registrations.archive import registration_documents
from registrations.exports import CampaignSummaryExport, OfficeSummaryExport
from registrations.group_table import sync_group_table
from registrations.models import Result, Status
from schools.models import SchoolYear, Unit
from tests.factories import PersonFactory, UnitFactory
from tests.factories.registrations import make_campaign, make_group, make_registration, person

HEADERS = [
    "STT",
    "Họ và tên",
    "Tổ công đoàn",
    "Tổ chuyên môn",
    "Nhiệm vụ được giao",
    "Lĩnh vực đổi mới, sáng tạo",
    "Thực trạng vấn đề dự kiến đổi mới",
    "Mục tiêu, giải pháp đổi mới",
    "Dự kiến kết quả đạt được",
    "Thời gian dự kiến thử nghiệm",
    "Các bước tiến hành thử nghiệm",
    "Phạm vi công bố và nhân rộng",
    "Trạng thái",
    "Người duyệt",
    "Ngày nộp",
    "Ngày duyệt",
    "Kết quả sơ kết",
    "Kết quả tổng kết",
]


def workbook(content):
    return load_workbook(io.BytesIO(content))


def values(ws, first_row=3):
    return [list(row) for row in ws.iter_rows(min_row=first_row, values_only=True)]


def member(tree, name, union_group=None, team=None):
    return PersonFactory(
        organization=tree.school_a1,
        full_name=name,
        union_group=union_group or tree.group_a1,
        team=team,
    )


@pytest.fixture
def summary_data(tree, campaign_a1):
    """Three registrations that count (An approved, Ánh submitted with a formula, Khác
    returned in Tổ công đoàn 2), a draft, and three groups (one a draft)."""
    group_2 = UnitFactory(organization=tree.school_a1, name="Tổ công đoàn 2")
    team = UnitFactory(
        organization=tree.school_a1, name="Tổ Toán", kind=Unit.Kind.PROFESSIONAL_TEAM
    )
    an = member(tree, "Đặng Văn An", team=team)
    anh = member(tree, "Lê Thị Ánh")
    binh = member(tree, "Trần Văn Bình")
    khac = member(tree, "Hồ Văn Khác", union_group=group_2)
    day = timezone.make_aware(datetime.datetime(2026, 10, 5, 23, 30))
    make_registration(
        campaign_a1,
        an,
        status=Status.APPROVED,
        reviewer=tree.users["chair_a1"],
        submitted_at=day,
        approved_at=day + datetime.timedelta(days=2),
        midyear_result=Result.EXCELLENT,
        field_other="Chuyển đổi số",
    )
    make_registration(
        campaign_a1,
        anh,
        status=Status.SUBMITTED,
        submitted_at=day,
        assigned_task="=SUM(A1)",
        steps="- Khảo sát\n- Thử nghiệm",
    )
    make_registration(campaign_a1, binh, status=Status.DRAFT, assigned_task="Bí mật nháp")
    make_registration(campaign_a1, khac, status=Status.RETURNED)
    make_group(campaign_a1, binh, [khac, an], status=Status.APPROVED, name="Nhóm Toán", team=team)
    make_group(campaign_a1, anh, status=Status.SUBMITTED, name="Nhóm Anh văn")
    make_group(campaign_a1, khac, status=Status.DRAFT, name="Nhóm nháp")
    return group_2


def test_campaign_summary_sheets_and_rows(tree, campaign_a1, summary_data):
    export = CampaignSummaryExport(campaign_a1)
    wb = workbook(export.content())
    assert export.filename() == f"tong-hop-dang-ky-{campaign_a1.pk}.xlsx"
    assert wb.properties.title == "Tổng hợp đăng ký"
    assert wb.sheetnames == ["Tổng hợp", "Tổ công đoàn 1", "Tổ công đoàn 2", "Nhóm M2"]

    ws = wb["Tổng hợp"]
    assert ws["A1"].value == ("Tổng hợp đăng ký – Đổi mới, sáng tạo trong dạy và học – Trường A1")
    assert values(ws, 2)[0] == HEADERS
    rows = values(ws)
    assert [r[:4] for r in rows] == [
        [1, "Đặng Văn An", "Tổ công đoàn 1", "Tổ Toán"],
        [2, "Lê Thị Ánh", "Tổ công đoàn 1", None],
        [3, "Hồ Văn Khác", "Tổ công đoàn 2", None],
    ]
    assert rows[0][4:] == [
        "Giáo viên chủ nhiệm lớp 3A",
        "Phương pháp giảng dạy; Chuyển đổi số",
        "Học sinh còn ngại phát biểu",
        "Tổ chức học theo nhóm nhỏ",
        "90% học sinh tham gia phát biểu",
        "Học kỳ I",
        "Khảo sát; thử nghiệm; đánh giá",
        "Tổ khối 3",
        "Đã duyệt",
        "Trần Thị Ctcd_a1",
        datetime.datetime(2026, 10, 5),
        datetime.datetime(2026, 10, 7),
        "Hoàn thành xuất sắc",
        None,
    ]
    assert rows[1][12:16] == [
        "Đã nộp, chờ tổ công đoàn",
        None,
        datetime.datetime(2026, 10, 5),
        None,
    ]
    assert rows[2][12] == "Trả lại để sửa"
    assert ws["O3"].number_format == "DD/MM/YYYY"
    # Text that Excel would run stays text, with the user's wording.
    assert ws["E4"].value == "=SUM(A1)" and ws["E4"].data_type == "s"
    assert ws["K4"].value == "- Khảo sát\n- Thử nghiệm" and ws["K4"].data_type == "s"
    # Drafts are private to their author.
    everything = [v for sheet in wb for row in values(sheet, 1) for v in row]
    assert "Bí mật nháp" not in everything and "Nhóm nháp" not in everything
    people = [r[1] for name in wb.sheetnames[:3] for r in values(wb[name])]
    assert "Trần Văn Bình" not in people

    assert [r[:3] for r in values(wb["Tổ công đoàn 1"])] == [
        [1, "Đặng Văn An", "Tổ công đoàn 1"],
        [2, "Lê Thị Ánh", "Tổ công đoàn 1"],
    ]
    assert values(wb["Tổ công đoàn 1"], 2)[0] == HEADERS
    assert [r[:3] for r in values(wb["Tổ công đoàn 2"])] == [[1, "Hồ Văn Khác", "Tổ công đoàn 2"]]

    groups = wb["Nhóm M2"]
    assert values(groups, 2) == [
        ["STT", "Tên nhóm", "Trưởng nhóm", "Thành viên", "Tổ chuyên môn", "Tổ công đoàn",
         "Trạng thái"],
        [1, "Nhóm Anh văn", "Lê Thị Ánh", None, None, "Tổ công đoàn 1",
         "Đã nộp, chờ tổ công đoàn"],
        [2, "Nhóm Toán", "Trần Văn Bình", "Đặng Văn An, Hồ Văn Khác", "Tổ Toán",
         "Tổ công đoàn 1", "Đã duyệt"],
    ]  # fmt: skip


def test_union_group_sheet_titles_are_valid_and_unique(tree, campaign_a1):
    UnitFactory(
        organization=tree.school_a1, name="Tổ [Văn]: Sử/Địa *GDCD? \\ rất dài tên của trường"
    )
    UnitFactory(organization=tree.school_a1, name="Tổng hợp")
    teacher = person(tree.users["teacher_a1"])
    make_registration(campaign_a1, teacher, status=Status.SUBMITTED)
    names = workbook(CampaignSummaryExport(campaign_a1).content()).sheetnames
    assert names == [
        "Tổng hợp",
        "Tổ công đoàn 1",
        "Tổ Văn Sử Địa GDCD rất dài tên",
        "Tổng hợp (2)",
        "Nhóm M2",
    ]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_sheet_title():
    taken = set()
    assert sheet_title("'Tổ 1'", taken) == "Tổ 1"
    assert sheet_title("tổ 1", taken) == "tổ 1 (2)"
    assert sheet_title("a" * 40, taken) == "a" * 31
    assert sheet_title("a" * 40, taken) == "a" * 27 + " (2)"
    assert sheet_title("[]", taken) == "Trang"
    assert sheet_title("b" * 30 + "'x", taken) == "b" * 30


@pytest.mark.parametrize("count", [2, 8])
def test_campaign_summary_query_count(tree, campaign_a1, django_assert_num_queries, count):
    for number in range(count):
        someone = member(tree, f"Nguyễn Văn Số{number}")
        make_registration(
            campaign_a1, someone, status=Status.APPROVED, reviewer=tree.users["chair_a1"]
        )
        make_group(campaign_a1, someone, [person(tree.users["teacher_a1"])],
                   status=Status.SUBMITTED, name=f"Nhóm {number}")  # fmt: skip
    with django_assert_num_queries(4):  # registrations, union groups, groups, members
        content = CampaignSummaryExport(campaign_a1).content()
    wb = workbook(content)
    assert len(values(wb["Tổng hợp"])) == count and len(values(wb["Nhóm M2"])) == count


def test_office_summary(tree, campaign_a1, django_assert_num_queries):
    an = member(tree, "Đặng Văn An")
    make_registration(campaign_a1, an, status=Status.APPROVED)
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), status=Status.SUBMITTED)
    make_registration(campaign_a1, person(tree.users["chair_a1"]), status=Status.DRAFT)
    make_group(campaign_a1, an, status=Status.SUBMITTED)
    make_group(campaign_a1, an, status=Status.DRAFT, name="Nhóm nháp")
    year = SchoolYear.current()
    export = OfficeSummaryExport(tree.office_a, year)
    with django_assert_num_queries(3):
        content = export.content()
    ws = workbook(content)["Tổng hợp"]
    assert export.filename() == f"tong-hop-dang-ky-{tree.office_a.pk}-{year.name}.xlsx"
    assert ws["A1"].value == (f"Tổng hợp đăng ký đổi mới, sáng tạo – Phòng A – năm học {year.name}")
    # School A1: 4 staff of the tree and An; A2: its principal and Lê Thị Hai.
    assert values(ws, 2) == [
        ["STT", "Trường", "Số CB-GV-NV", "Đã đăng ký", "Tỷ lệ %", "Đã duyệt", "Số nhóm M2"],
        [1, "Trường A1", 5, 2, 40, 1, 1],
        [2, "Trường A2", 2, 0, 0, 0, 0],
        [None, "Tổng cộng", 7, 2, 28.6, 1, 1],
    ]


# -- group table --------------------------------------------------------------------


def group_table_annex(campaign, status=Plan.Status.PUBLISHED, rows=()):
    plan = Plan.objects.create(
        campaign=campaign,
        organization=campaign.organization,
        school_year=campaign.school_year,
        title="Kế hoạch phối hợp",
        status=status,
    )
    annex = Annex.objects.create(plan=plan, kind=Annex.Kind.GROUP_TABLE)
    for order, (team, group) in enumerate(rows):
        GroupAssignment.objects.create(annex=annex, order=order, team_name=team, group_name=group)
    return annex


def table(annex):
    return list(annex.group_rows.values_list("team_name", "group_name"))


def test_sync_group_table_from_approved_groups(tree, campaign_a1):
    def team(name):
        return UnitFactory(organization=tree.school_a1, name=name, kind=Unit.Kind.PROFESSIONAL_TEAM)

    toan, anh, dia = team("Tổ Toán – Lý"), team("Tổ Anh văn"), team("Tổ Địa lý")
    leader = person(tree.users["leader_a1"])
    make_group(campaign_a1, leader, status=Status.APPROVED, name="Nhóm ôn thi", team=toan)
    make_group(campaign_a1, leader, status=Status.APPROVED, name="Nhóm đọc hiểu", team=anh)
    make_group(campaign_a1, leader, status=Status.APPROVED, name="Nhóm bản đồ", team=dia)
    make_group(campaign_a1, leader, status=Status.APPROVED, name="Nhóm công tác xã hội")
    make_group(campaign_a1, leader, status=Status.APPROVED, name="Nhóm âm nhạc", team=toan)
    make_group(campaign_a1, leader, status=Status.SUBMITTED, name="Nhóm chưa duyệt", team=toan)
    published = group_table_annex(campaign_a1, rows=[("CŨ", "NHÓM CŨ")])
    issued = group_table_annex(campaign_a1, Plan.Status.ISSUED, rows=[("CŨ", "NHÓM CŨ")])
    text_annex = Annex.objects.create(plan=published.plan, kind=Annex.Kind.TEXT)

    assert sync_group_table(campaign_a1) == 5
    # By team then group, Vietnamese order (Anh < Địa < Toán; âm < ôn), no team last.
    assert table(published) == [
        ("TỔ ANH VĂN", "NHÓM ĐỌC HIỂU"),
        ("TỔ ĐỊA LÝ", "NHÓM BẢN ĐỒ"),
        ("TỔ TOÁN – LÝ", "NHÓM ÂM NHẠC"),
        ("TỔ TOÁN – LÝ", "NHÓM ÔN THI"),
        ("", "NHÓM CÔNG TÁC XÃ HỘI"),
    ]
    assert table(issued) == [("CŨ", "NHÓM CŨ")]
    assert table(text_annex) == []
    assert sync_group_table(campaign_a1) == 5  # idempotent
    assert len(table(published)) == 5


def test_sync_group_table_without_annex(tree, campaign_a1):
    make_group(campaign_a1, person(tree.users["leader_a1"]), status=Status.APPROVED)
    assert sync_group_table(campaign_a1) == 0
    assert not GroupAssignment.objects.exists()


# -- archive -------------------------------------------------------------------------


def test_archive_yields_the_summary_and_the_bundle(tree, campaign_a1, tmp_path):
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), status=Status.APPROVED)
    campaign_b1 = make_campaign(tree.school_b1)
    make_registration(campaign_b1, person(tree.users["teacher_b1"]), status=Status.SUBMITTED)
    files = list(registration_documents(SchoolYear.current()))
    assert [(org, name) for org, name, _content in files] == [
        (tree.school_a1, f"tong-hop-dang-ky-{campaign_a1.pk}.xlsx"),
        (tree.school_a1, f"mau-M1-M2-{campaign_a1.pk}.pdf"),
        (tree.school_a1, f"mau-M1-M2-{campaign_a1.pk}.docx"),
    ]
    assert files[0][2].startswith(b"PK") and files[1][2].startswith(b"%PDF")
    assert files[2][2].startswith(b"PK")
    assert registration_documents in ARCHIVE_PROVIDERS
    written = write_archive(SchoolYear.current(), tmp_path)
    folder = [f for f, names in written.items() if f"mau-M1-M2-{campaign_a1.pk}.pdf" in names]
    assert len(folder) == 1


def test_archive_of_a_year_without_approved_forms(tree, campaign_a1):
    make_registration(campaign_a1, person(tree.users["teacher_a1"]), status=Status.SUBMITTED)
    assert list(registration_documents(SchoolYear.current())) == []
