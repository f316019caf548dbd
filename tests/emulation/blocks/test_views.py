import io

import pdfplumber
import pytest
from django.urls import reverse

from emulation.blocks import services
from schools.models import SchoolYear
from tests.factories import OrganizationFactory


def test_block_list_query_count_does_not_grow(client, tree, block, django_assert_num_queries):
    client.force_login(tree.users["office_a"])
    # session, user, school year, roles, blocks, filled targets, schools for the form (2)
    with django_assert_num_queries(8):
        response = client.get(reverse("block_list"))
    assert [r["block"].name for r in response.context["rows"]] == ["Khối 1"]
    for i in range(3):
        school = OrganizationFactory(parent=tree.office_a, name=f"Trường thêm {i}")
        services.create_block(
            tree.users["office_a"],
            tree.office_a,
            SchoolYear.current(),
            f"Khối thêm {i}",
            school,
            [school],
        )
    with django_assert_num_queries(8):
        response = client.get(reverse("block_list"))
    assert len(response.context["rows"]) == 4


def test_bad_input_gets_messages(client, tree, block):
    url = reverse("block_action", kwargs={"pk": block.pk})
    client.force_login(tree.users["principal_a1"])
    bad_date = client.post(
        url,
        {
            "action": "schedule_meeting",
            "starts_at": "32/13/2026",
            "place": "A1",
            "host_school": tree.school_a1.pk,
        },
        follow=True,
    )
    assert "Ngày giờ không hợp lệ" in bad_date.content.decode()
    bad_points = client.post(
        url, {"action": "set_criteria", "criteria": "Nhiệm vụ | nhiều"}, follow=True
    )
    assert "phải là số nguyên" in bad_points.content.decode()
    client.force_login(tree.users["principal_a2"])
    refused = client.post(url, {"action": "close_ranking"}, follow=True)
    assert "Bạn không có quyền thực hiện thao tác này." in refused.content.decode()


def test_covenant_pdf_lists_every_school_and_target(client, tree, block):
    services.set_target_items(tree.users["principal_a1"], block, [("Tỷ lệ LĐTT", "%")])
    item = block.target_items.get()
    services.fill_targets(tree.users["principal_a2"], block, tree.school_a2, {item.pk: "85"})
    client.force_login(tree.users["office_a"])
    response = client.get(reverse("block_covenant_pdf", kwargs={"pk": block.pk}))
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    for expected in [
        "BẢNG GIAO ƯỚC THI ĐUA",
        "KHỐI 1",
        "Trường A1",
        "Trường A2",
        "Trường A4",
        "Tỷ lệ LĐTT (%)",
        "85",
        "KHỐI TRƯỞNG",
        "Hiệu trưởng Trường A1",
    ]:
        assert expected in text, expected


def test_covenant_as_word_has_the_pdf_parts(client, tree, block):
    from emulation.blocks.documents import CovenantDocument
    from emulation.views import DOCX
    from tests.emulation.test_word import (
        assert_in_order,
        assert_page_numbers_from_page_two,
        assert_same_words,
        flat_text,
        header_cells,
        read,
    )

    services.set_target_items(tree.users["principal_a1"], block, [("Tỷ lệ LĐTT", "%")])
    item = block.target_items.get()
    services.fill_targets(tree.users["principal_a2"], block, tree.school_a2, {item.pk: "85"})
    client.force_login(tree.users["office_a"])
    response = client.get(reverse("block_covenant_docx", kwargs={"pk": block.pk}))
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="giao-uoc-thi-dua-{block.pk}.docx"'
    )
    word = read(response.content)
    assert_page_numbers_from_page_two(word)
    left, _right = header_cells(word)
    assert " ".join(left).startswith("PHÒNG A KHỐI 1")
    assert_in_order(
        flat_text(word),
        ["BẢNG GIAO ƯỚC THI ĐUA", "Khối 1 – năm học", "KHỐI TRƯỞNG", "Hiệu trưởng Trường A1"],
    )
    table = word.tables[1]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["STT", "Trường", "Tỷ lệ LĐTT (%)", "Xác nhận"],
        ["1", "Trường A1", "", ""],
        ["2", "Trường A2", "85", ""],
        ["3", "Trường A4", "", ""],
    ]
    assert_same_words(word, CovenantDocument(block).pdf())
    page = client.get(reverse("block_detail", kwargs={"pk": block.pk})).content.decode()
    assert reverse("block_covenant_docx", kwargs={"pk": block.pk}) in page


@pytest.mark.parametrize("role", ["principal_a2", "teacher_a1"])
def test_meeting_calendar_file(client, tree, block, role):
    from django.utils import timezone

    meeting = services.schedule_meeting(
        tree.users["principal_a1"],
        block,
        period_label="Quý I năm 2027",
        starts_at=timezone.now(),
        place="Trường A2, phòng họp",
        host_school=tree.school_a2,
    )
    client.force_login(tree.users[role])
    body = client.get(reverse("block_meeting_ics", kwargs={"pk": meeting.pk})).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Họp Khối 1 – Quý I năm 2027" in body
    assert "LOCATION:Trường A2\\, phòng họp" in body


def test_archive_holds_the_covenant(tree, block, tmp_path):
    from emulation.archive import write_archive

    services.set_target_items(tree.users["principal_a1"], block, [("Tỷ lệ LĐTT", "%")])
    item = block.target_items.get()
    for key, school in [
        ("principal_a1", tree.school_a1),
        ("principal_a2", tree.school_a2),
        ("principal_a4", tree.school_a4),
    ]:
        services.fill_targets(tree.users[key], block, school, {item.pk: "80"})
    services.confirm_covenant(tree.users["principal_a2"], block, tree.school_a2)
    written = write_archive(block.school_year, tmp_path)
    [files] = [f for folder, f in written.items() if folder.startswith(f"{tree.school_a1.pk:05d}")]
    assert f"giao-uoc-thi-dua-{block.pk}.pdf" in files
    assert f"giao-uoc-thi-dua-{block.pk}.docx" in files


def test_demo_block_plan_prints_last_years_results_and_this_years_targets(db):
    from emulation.blocks.models import EmulationBlock
    from emulation.documents import PlanDocument, load_plan
    from schools.demo import load_demo

    load_demo()
    block = EmulationBlock.objects.get(school_year=SchoolYear.current())
    item = block.target_items.create(name="Số sáng kiến", unit="sáng kiến")
    item.values.create(school=block.leader_school, value="7")
    with pdfplumber.open(io.BytesIO(PlanDocument(load_plan(block.plan.pk)).pdf())) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    last = SchoolYear.objects.filter(end_date__lt=block.school_year.start_date).latest("end_date")
    assert f"Tổng điểm năm học {last.name}" in text
    assert "1 Trường THCS Lai Hưng" in text and "Đơn vị dẫn đầu" in text
    assert "Số sáng kiến (sáng kiến)" in text and "KHỐI TRƯỞNG" in text
    assert "Hiệu trưởng Trường THCS Lai Hưng" in text and "2017" not in text


def test_every_member_school_opens_the_blocks_plan(client, tree, block):
    """The block's plan is the leader school's (A1); A2 and A4 are its siblings, yet
    members: they open it from the block page. Another office's school does not; a
    draft stays at the leader school."""
    from emulation.models import Plan
    from tests.emulation.conftest import make_plan

    plan = make_plan(tree.school_a1, Plan.Status.PUBLISHED, title="Kế hoạch Khối 1")
    block.plan = plan
    block.save(update_fields=["plan"])
    url = reverse("plan_detail", kwargs={"pk": plan.pk})
    client.force_login(tree.users["principal_a2"])
    page = client.get(reverse("block_detail", kwargs={"pk": block.pk})).content.decode()
    assert url in page
    for key, status in [("principal_a2", 200), ("principal_a4", 200), ("principal_b1", 404)]:
        client.force_login(tree.users[key])
        assert client.get(url).status_code == status, key
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    client.force_login(tree.users["principal_a2"])
    assert client.get(url).status_code == 404
