"""Excel exports of awards, read back with openpyxl."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from awards.aggregation import Filters, build_report, year_report
from awards.exports import (
    DecisionListExport,
    NominationListExport,
    ProposalListExport,
    RoundReportExport,
    YearReportExport,
)
from awards.models import Awardee, Round
from schools.models import SchoolYear
from tests.awards.round_data import OUT, scenario, send
from tests.factories import PersonFactory, UnitFactory
from tests.factories.awards import make_decision, make_nomination, make_round

pytestmark = pytest.mark.django_db


def trim(row):
    """A row without the empty cells openpyxl pads it with up to the widest row."""
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return tuple(row)


def read(export, sheet=None):
    book = load_workbook(io.BytesIO(export.content()))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [trim(row) for row in ws.iter_rows(values_only=True)]


def test_proposal_list(tree):
    round = make_round(tree.office_a, deadline_in_days=3)
    team = UnitFactory(organization=tree.school_a1, kind="professional_team", name="Tổ Toán")
    people = [
        PersonFactory(organization=tree.school_a1, full_name="Trần Văn Bình", team=team),
        PersonFactory(
            organization=tree.school_a1, full_name="Nguyễn Thị Ánh", position="principal"
        ),
        PersonFactory(organization=tree.school_a1, full_name="Đặng Văn An"),
        PersonFactory(organization=tree.school_a1, full_name='=HYPERLINK("x")'),
    ]
    ldtt = [make_nomination(round, p, title="ldtt", status="submitted") for p in people[:3]]
    cstd = make_nomination(
        round, people[3], title="cstdcs", status="submitted", achievements="Dạy giỏi\x07 cấp tỉnh"
    )
    group = make_nomination(
        round, organization=tree.school_a1, unit=tree.group_a1, status="submitted"
    )
    proposal = send(
        round,
        tree.school_a1,
        [
            (group, OUT.PENDING, ""),
            (cstd, OUT.RETURNED, "Thiếu minh chứng"),
            *[(n, OUT.ACCEPTED, "") for n in ldtt],
        ],
        number=5,
        symbol="TTr-THA1",
    )
    proposal.issue_date = datetime.date(2026, 3, 8)
    proposal.save()
    export = ProposalListExport(proposal)
    assert export.filename() == f"danh-sach-to-trinh-{proposal.pk}.xlsx"
    rows = read(export)
    assert rows[0] == (f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG – {round.name}",)
    assert rows[1] == ("(Kèm theo Tờ trình số 05/TTr-THA1 ngày 08/03/2026 của Trường A1)",)
    assert rows[2] == (
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Đơn vị",
        "Danh hiệu / hình thức khen thưởng",
        "Thành tích tóm tắt",
        "Kết quả xét",
        "Ý kiến",
    )
    # by award (titles in catalogue order, then award forms), then Vietnamese name order
    assert [r[:5] for r in rows[3:]] == [
        (1, "Đặng Văn An", "Giáo viên", "Trường A1", "Lao động tiên tiến"),
        (2, "Nguyễn Thị Ánh", "Hiệu trưởng", "Trường A1", "Lao động tiên tiến"),
        (3, "Trần Văn Bình", "Giáo viên", "Tổ Toán, Trường A1", "Lao động tiên tiến"),
        (4, '=HYPERLINK("x")', "Giáo viên", "Trường A1", "Chiến sĩ thi đua cơ sở"),
        (5, "Tổ công đoàn 1", None, "Trường A1", "Giấy khen (Giám đốc Sở GDĐT)"),
    ]
    assert rows[6][5:] == ("Dạy giỏi cấp tỉnh", "Trả lại", "Thiếu minh chứng")
    assert rows[3][6] == "Chấp nhận" and rows[7][6] == "Chờ xét"
    # a name that looks like a formula stays text
    book = load_workbook(io.BytesIO(export.content()))
    assert book.active["B7"].data_type == "s"


def test_unnumbered_proposal_heading(tree):
    round = make_round(tree.office_a)
    proposal = send(round, tree.school_a1, [], status="draft")
    rows = read(ProposalListExport(proposal))
    assert rows[1] == ("(Kèm theo tờ trình của Trường A1, chưa ghi số)",)
    assert len(rows) == 3


def test_decision_list(tree):
    round = make_round(tree.dept_a)
    people = [
        PersonFactory(organization=tree.school_a1, full_name="Phạm Thị Yến"),
        PersonFactory(organization=tree.school_a2, full_name="Hoàng Văn Ân"),
    ]
    nominations = [make_nomination(round, p, title="ldtt", status="accepted") for p in people]
    nominations.append(
        make_nomination(
            round, organization=tree.school_a1, collective=tree.school_a1, title="ttldtt"
        )
    )
    decision = make_decision(tree.dept_a, nominations, number=12)
    decision.decision_date = datetime.date(2026, 5, 20)
    decision.symbol = "QĐ-SGDĐT"
    decision.save()
    for awardee, amount in zip(
        decision.awardees.order_by("order"), [702_000, 702_000, 1_872_000], strict=True
    ):
        awardee.amount = amount
        awardee.save()
    export = DecisionListExport(decision)
    rows = read(export)
    assert rows[0] == ("DANH SÁCH KHEN THƯỞNG",)
    assert rows[1] == ("(Kèm theo Quyết định số 12/QĐ-SGDĐT ngày 20/05/2026 của Sở A)",)
    assert rows[2] == (
        "STT",
        "Họ và tên / tập thể",
        "Chức vụ",
        "Đơn vị",
        "Danh hiệu / hình thức khen thưởng",
        "Tiền thưởng (đồng)",
        "Ghi chú",
    )
    assert rows[3:6] == [
        (1, "Hoàng Văn Ân", "Giáo viên", "Trường A2", "Lao động tiên tiến", 702000),
        (2, "Phạm Thị Yến", "Giáo viên", "Trường A1", "Lao động tiên tiến", 702000),
        (3, "Trường A1", None, "Trường A1", "Tập thể lao động tiên tiến", 1872000),
    ]
    assert rows[6][1:6] == ("Tổng cộng", None, None, None, 3276000)
    assert rows[7][1].startswith("Bằng chữ: ")
    assert "Ba triệu hai trăm bảy mươi sáu nghìn đồng" in " ".join(str(c) for c in rows[7] if c)
    ws = load_workbook(io.BytesIO(export.content())).active
    assert ws["F4"].number_format == "#,##0"
    assert ws["B7"].font.bold and ws["F7"].font.bold


def test_nomination_list_of_a_round(tree):
    data = scenario(tree)
    export = NominationListExport(tree.dept_a, [data.round])
    rows = read(export)
    assert rows[0] == ("Danh sách đề nghị khen thưởng – Quý I năm 2026 – Sở A",)
    assert rows[1] == (
        "STT",
        "Đơn vị gửi",
        "Đơn vị đề nghị",
        "Họ và tên / tập thể",
        "Cá nhân / tập thể",
        "Chức vụ",
        "Tổ",
        "Danh hiệu / hình thức khen thưởng",
        "Thành tích tóm tắt",
        "Tờ trình số",
        "Ngày gửi",
        "Kết quả xét",
        "Ý kiến",
        "Trạng thái hiện tại",
    )
    first = rows[2]
    assert first[:8] == (
        1,
        "Phòng A",
        "Trường A1",
        "Lê Văn An",
        "Cá nhân",
        "Giáo viên",
        None,
        "Lao động tiên tiến",
    )
    sent = timezone.localtime(data.office_proposal.sent_at).date()
    assert first[9:] == (
        "07/TTr-PGDĐT",
        datetime.datetime.combine(sent, datetime.time()),
        "Chấp nhận",
        None,
        "Đã gửi, chờ cấp trên xét",
    )
    by_name = {r[3]: r for r in rows[2:]}
    assert by_name["Tổ công đoàn 1"][4:6] == ("Tập thể", None)
    assert by_name["Đỗ Minh Châu"][9] == "09/TTr-PGDĐT"  # its latest proposal
    assert by_name["Võ Thị Bình"][11:13] == ("Không chấp nhận", "Chưa đủ điều kiện")
    assert len(rows) == 2 + 5


def test_nomination_list_filtered(tree):
    data = scenario(tree)
    export = NominationListExport(tree.dept_a, [data.round], Filters(level="upper_secondary"))
    rows = read(export)
    assert rows[1] == ("Lọc theo cấp học: THPT",)
    assert [r[3] for r in rows[3:]] == ["Võ Thị Bình"]


def test_year_export_has_round_column(tree):
    data = scenario(tree)
    second = Round.objects.create(
        campaign=data.round.campaign, name="Quý II năm 2026", deadline=timezone.localdate()
    )
    nomination = make_nomination(
        second, PersonFactory(organization=tree.thpt_a, full_name="Lý Văn Kha"), status="submitted"
    )
    send(second, tree.thpt_a, [(nomination, OUT.PENDING, "")], number=4)
    report = year_report(tree.dept_a, SchoolYear.current())
    export = YearReportExport(report, SchoolYear.current())
    book = load_workbook(io.BytesIO(export.content()))
    assert book.sheetnames == ["Theo đơn vị", "Theo đợt", "Danh sách đề nghị"]
    senders = list(book["Theo đơn vị"].iter_rows(values_only=True))
    assert senders[2][:7] == (
        "STT",
        "Đơn vị",
        "Loại đơn vị",
        "Số đợt: Đúng hạn",
        "Số đợt: Gửi muộn",
        "Số đợt: Quá hạn, chưa gửi",
        "Số đợt: Chưa gửi (còn hạn)",
    )
    assert senders[3][1:8] == ("Phòng A", "Phòng GDĐT", 1, 0, 0, 1, 4)
    assert senders[4][1:8] == ("THPT A", "Trường", 1, 1, 0, 0, 2)
    assert senders[6][1] == "Tổng cộng" and senders[6][3:8] == (2, 1, 1, 2, 6)
    rounds = list(book["Theo đợt"].iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rounds] == ["Quý I năm 2026", "Quý II năm 2026"]
    assert rounds[1][4:9] == (1, 0, 0, 2, 1)
    nominations = list(book["Danh sách đề nghị"].iter_rows(min_row=2, values_only=True))
    assert nominations[0][:3] == ("STT", "Đợt", "Đơn vị gửi")
    assert [(r[1], r[4]) for r in nominations[1:] if r[2] == "THPT A"] == [
        ("Quý I năm 2026", "Võ Thị Bình"),
        ("Quý II năm 2026", "Lý Văn Kha"),
    ]


def test_round_report_export_totals(tree):
    data = scenario(tree)
    report = build_report(tree.dept_a, [data.round])
    rows = read(RoundReportExport(report, data.round), "Tổng hợp")
    header = rows[2]
    assert header[6:] == (
        "Tổng số đề nghị",
        "Cá nhân",
        "Tập thể",
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Giấy khen (Giám đốc Sở GDĐT)",
        "Chờ xét",
        "Chấp nhận",
        "Trả lại",
        "Không chấp nhận",
        "Đã có quyết định khen thưởng",
    )
    assert rows[3][6:] == (4, 3, 1, 2, 1, 1, 1, 2, 1, 0, 0)
    assert rows[4][6:] == (1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0)
    assert rows[6][1] == "Tổng cộng"
    assert rows[6][5] == "Đúng hạn: 1; Gửi muộn: 1; Quá hạn, chưa gửi: 1"
    assert rows[6][6:] == (5, 4, 1, 2, 2, 1, 1, 2, 1, 1, 0)


def test_awarded_nominations_are_counted(tree):
    data = scenario(tree)
    make_decision(tree.dept_a, [data.an])
    report = build_report(tree.dept_a, [data.round])
    assert report.total().counts.awarded == 1
    assert Awardee.objects.count() == 1


def test_nomination_list_query_count(tree, django_assert_num_queries):
    data = scenario(tree)
    export = NominationListExport(tree.dept_a, [data.round])
    with django_assert_num_queries(1):
        export.content()
