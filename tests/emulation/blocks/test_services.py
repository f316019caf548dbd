import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from emulation.blocks import services
from emulation.blocks.models import BlockReport
from schools.models import SchoolYear
from schools.services import ServiceError

TARGETS = [("Danh hiệu tập thể", ""), ("Tỷ lệ LĐTT", "%")]


def fill_all(tree, block):
    items = list(block.target_items.all())
    for key, school in [
        ("principal_a1", tree.school_a1),
        ("principal_a2", tree.school_a2),
        ("principal_a4", tree.school_a4),
    ]:
        services.fill_targets(
            tree.users[key], block, school, {items[0].pk: "TTLĐXS", items[1].pk: "85"}
        )


def test_only_office_staff_create_and_a_school_is_in_one_block_a_year(tree, block):
    with pytest.raises(PermissionDenied):
        services.create_block(
            tree.users["principal_a1"],
            tree.office_a,
            SchoolYear.current(),
            "Khối 2",
            tree.school_a1,
            [],
        )
    with pytest.raises(ServiceError) as error:
        services.create_block(
            tree.users["office_a"],
            tree.office_a,
            SchoolYear.current(),
            "Khối 2",
            tree.school_a2,
            [tree.school_a2],
        )
    assert str(error.value) == (
        "Mỗi trường chỉ thuộc một khối trong một năm học: Trường A2 đã ở Khối 1."
    )
    with pytest.raises(ServiceError, match="không thuộc Phòng A: Trường B1"):
        services.create_block(
            tree.users["office_a"],
            tree.office_a,
            SchoolYear.current(),
            "Khối 3",
            tree.school_b1,
            [tree.school_b1],
        )


def test_targets_covenant_flow(tree, block):
    with pytest.raises(PermissionDenied):  # only the leader defines the items
        services.set_target_items(tree.users["principal_a2"], block, TARGETS)
    services.set_target_items(tree.users["principal_a1"], block, TARGETS)
    items = list(block.target_items.all())
    with pytest.raises(PermissionDenied):  # a principal fills only their own school
        services.fill_targets(tree.users["principal_a2"], block, tree.school_a1, {items[0].pk: "x"})
    services.fill_targets(
        tree.users["principal_a2"],
        block,
        tree.school_a2,
        {items[0].pk: "TTLĐTT", items[1].pk: "80"},
    )
    assert [s.name for s in services.missing_targets(block)] == ["Trường A1", "Trường A4"]
    with pytest.raises(ServiceError, match="chưa đăng ký đủ chỉ tiêu: Trường A1, Trường A4"):
        services.confirm_covenant(tree.users["principal_a2"], block, tree.school_a2)
    fill_all(tree, block)
    services.confirm_covenant(tree.users["principal_a2"], block, tree.school_a2)
    with pytest.raises(ServiceError, match="đã xác nhận giao ước trước đó"):
        services.confirm_covenant(tree.users["principal_a2"], block, tree.school_a2)
    with pytest.raises(ServiceError, match="đã ký giao ước"):
        services.fill_targets(
            tree.users["principal_a2"], block, tree.school_a2, {items[0].pk: "khác"}
        )


def test_targets_deadline(tree, block):
    services.set_target_items(tree.users["principal_a1"], block, TARGETS)
    block.targets_deadline = timezone.localdate() - datetime.timedelta(days=1)
    block.save()
    with pytest.raises(ServiceError, match="Đã hết hạn đăng ký chỉ tiêu"):
        fill_all(tree, block)


def test_copy_to_next_year_puts_the_elected_leader_in_charge(tree, block):
    block.next_leader_school = tree.school_a2
    block.save()
    [copy] = services.copy_blocks_to_next_year(
        tree.users["office_a"], tree.office_a, block.school_year
    )
    assert copy.leader_school == tree.school_a2
    assert copy.school_year.start_date.year == block.school_year.start_date.year + 1
    assert {m.school for m in copy.memberships.all()} == {
        tree.school_a1,
        tree.school_a2,
        tree.school_a4,
    }


def test_reports_and_lateness(tree, block):
    services.create_report_deadlines(
        tree.users["principal_a1"],
        block,
        BlockReport.Kind.MIDYEAR,
        timezone.localdate() - datetime.timedelta(days=1),
    )
    report = block.reports.get(school=tree.school_a2)
    assert report.is_overdue(timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.submit_report(tree.users["principal_a4"], report, "Nội dung")
    with pytest.raises(ServiceError, match="chưa có nội dung"):
        services.submit_report(tree.users["principal_a2"], report, " ")
    services.submit_report(tree.users["principal_a2"], report, "Nội dung")
    with pytest.raises(ServiceError, match="đã được nộp"):
        services.submit_report(tree.users["principal_a2"], report, "Lần hai")


def test_minutes_accept_only_pdf(tree, block, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    meeting = services.schedule_meeting(
        tree.users["principal_a1"],
        block,
        period_label="Quý I",
        starts_at=timezone.now(),
        place="A1",
        host_school=tree.school_a1,
    )
    with pytest.raises(ServiceError, match="phải là tệp PDF"):
        services.record_minutes(
            tree.users["principal_a1"], meeting, "", SimpleUploadedFile("bb.pdf", b"MZ not a pdf")
        )
    meeting = services.record_minutes(
        tree.users["principal_a1"],
        meeting,
        "Đã họp",
        SimpleUploadedFile("bb.pdf", b"%PDF-1.4 minutes"),
    )
    assert meeting.minutes_file.read().startswith(b"%PDF")
    with pytest.raises(PermissionDenied):
        services.record_minutes(tree.users["principal_a2"], meeting, "Sửa")


def test_targets_are_read_by_the_kind_their_unit_declares(tree, block):
    """'abc' is no percentage and '-2' no number of people (issue 15, item 5); nothing of
    a form with one wrong value is saved; good values are stored as printed."""
    from emulation.blocks.models import TargetItem, TargetValue

    leader, member = tree.users["principal_a1"], tree.users["principal_a2"]
    services.set_target_items(
        leader,
        block,
        [
            ("Tỷ lệ LĐTT", "%"),
            ("Số sáng kiến", "sáng kiến"),
            ("Đạt chuẩn", "có/không"),
            ("Ghi chú", ""),
        ],
    )
    items = {i.name: i for i in block.target_items.all()}
    assert [items[n].kind for n in ("Tỷ lệ LĐTT", "Số sáng kiến", "Đạt chuẩn", "Ghi chú")] == [
        TargetItem.Kind.PERCENT,
        TargetItem.Kind.COUNT,
        TargetItem.Kind.YES_NO,
        TargetItem.Kind.TEXT,
    ]
    ids = {name: str(item.pk) for name, item in items.items()}
    with pytest.raises(ServiceError) as refused:
        services.fill_targets(
            member,
            block,
            tree.school_a2,
            {ids["Tỷ lệ LĐTT"]: "abc", ids["Số sáng kiến"]: "-2", ids["Đạt chuẩn"]: "có"},
        )
    assert str(refused.value) == (
        "“Tỷ lệ LĐTT” là tỷ lệ phần trăm: hãy nhập một số từ 0 đến 100, ví dụ 85. "
        "“Số sáng kiến” là số lượng (sáng kiến): hãy nhập một số nguyên không âm."
    )
    assert not TargetValue.objects.exists()
    with pytest.raises(ServiceError, match="từ 0 đến 100"):
        services.fill_targets(member, block, tree.school_a2, {ids["Tỷ lệ LĐTT"]: "120"})
    services.fill_targets(
        member,
        block,
        tree.school_a2,
        {
            ids["Tỷ lệ LĐTT"]: "85,5%",
            ids["Số sáng kiến"]: "03",
            ids["Đạt chuẩn"]: "x",
            ids["Ghi chú"]: "Phấn đấu",
        },
    )
    stored = dict(TargetValue.objects.values_list("item__name", "value"))
    assert stored == {
        "Tỷ lệ LĐTT": "85,5",
        "Số sáng kiến": "3",
        "Đạt chuẩn": "Có",
        "Ghi chú": "Phấn đấu",
    }
