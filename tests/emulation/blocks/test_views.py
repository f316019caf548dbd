import io

import pdfplumber
import pytest
from django.urls import reverse

from emulation.blocks import services
from schools.models import SchoolYear
from tests.factories import OrganizationFactory


def test_block_list_query_count_does_not_grow(client, tree, block, django_assert_num_queries):
    client.force_login(tree.users["office_a"])
    # session, user, roles (with the school year), blocks, filled targets, schools for
    # the form (2)
    with django_assert_num_queries(7):
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
    with django_assert_num_queries(7):
        response = client.get(reverse("block_list"))
    assert len(response.context["rows"]) == 4


def test_bad_input_gets_messages(client, tree, block):
    """Bad input: the page again (200) with the error at the field and what was typed
    kept; a step the user may not take: a message and back to the block."""
    from emulation.blocks import ranking
    from emulation.blocks.models import BlockMeeting

    def messages_of(response):
        return [str(m) for m in response.context["messages"]]

    again = "Chưa lưu được; hãy xem lỗi ở ô nhập."
    client.force_login(tree.users["principal_a1"])
    bad_date = client.post(
        reverse("block_meeting_create", kwargs={"pk": block.pk}),
        {
            "period_label": "Quý I",
            "starts_at": "32/13/2026 08:00",
            "place": "Phòng họp A1",
            "host_school": tree.school_a1.pk,
        },
    )
    assert bad_date.status_code == 200 and again in messages_of(bad_date)
    page = bad_date.content.decode()
    assert "Hãy nhập thời gian dạng dd/mm/yyyy hh:mm." in page
    for typed in ("32/13/2026 08:00", "Quý I", "Phòng họp A1"):
        assert f'value="{typed}"' in page, typed
    assert bad_date.context["meeting_form"].has_error("starts_at")
    assert not BlockMeeting.objects.exists()
    bad_points = client.post(
        reverse("block_criteria", kwargs={"pk": block.pk}), {"criteria": "Nhiệm vụ | nhiều"}
    )
    assert bad_points.status_code == 200 and again in messages_of(bad_points)
    page = bad_points.content.decode()
    assert "Điểm tối đa của “Nhiệm vụ” phải là số nguyên." in page
    assert "Nhiệm vụ | nhiều</textarea>" in page
    assert not block.criteria.exists()
    ranking.set_criteria(tree.users["principal_a1"], block, [("Nhiệm vụ", 10)])
    client.force_login(tree.users["principal_a2"])
    refused = client.post(reverse("block_ranking_close", kwargs={"pk": block.pk}))
    assert refused.status_code == 302
    followed = client.get(refused["Location"])
    assert "Bạn không có quyền thực hiện thao tác này." in messages_of(followed)
    block.refresh_from_db()
    assert block.ranking_closed_at is None


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


def plan_text(block):
    from emulation.documents import PlanDocument, load_plan

    with pdfplumber.open(io.BytesIO(PlanDocument(load_plan(block.plan.pk)).pdf())) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def test_demo_block_plan_prints_the_blocks_own_data(demo_in_test):
    """The plan's tables come from the block: last year's ranking in its closed order,
    this year's targets, and the calendar of deadlines and meetings; a meeting moved on
    the block's page moves in the printed plan."""
    import datetime

    from django.utils import timezone

    from emulation.blocks.models import EmulationBlock
    from emulation.blocks.ranking import ranking
    from emulation.blocks.tables import plan_disagreements

    block = EmulationBlock.objects.get(school_year=SchoolYear.current())
    text = plan_text(block)
    last = EmulationBlock.objects.get(
        school_year__end_date__lt=block.school_year.start_date, name=block.name
    )
    assert f"Tổng điểm năm học {last.school_year.name}" in text
    order = [school.name for school, _own, _total in ranking(last)]
    rows = [f"{n} {name}" for n, name in enumerate(order, start=1)]
    positions = [text.index(row) for row in rows]
    assert positions == sorted(positions)  # printed in the ranking's closed order
    assert f"1 {last.leading_school.name}" in text and "Đơn vị dẫn đầu" in text
    for day in (block.targets_deadline, block.covenant_deadline, block.vote_deadline):
        assert day.strftime("%d/%m/%Y") in text
    for meeting in block.meetings.all():
        when = timezone.localtime(meeting.starts_at)
        assert f"{when:%H:%M} ngày {when:%d/%m/%Y} Họp khối {meeting.period_label}" in text
    for due in block.reports.values_list("due_date", flat=True):
        assert due.strftime("%d/%m/%Y") in text
    rates = block.target_items.get(unit="%").values.values_list("value", flat=True)
    assert rates and all(f" {rate} " in text for rate in rates)
    assert "KHỐI TRƯỞNG" in text
    assert "Hiệu trưởng Trường THCS Lai Hưng" in text and "2017" not in text
    assert plan_disagreements(block) == []  # the demo's block holds its plan's dates
    meeting = block.meetings.order_by("starts_at")[1]  # the only step of its day
    planned = timezone.localtime(meeting.starts_at).date()
    meeting.starts_at += datetime.timedelta(days=3)
    meeting.save()
    moved = timezone.localtime(meeting.starts_at)
    assert f"{moved:%H:%M} ngày {moved:%d/%m/%Y} Họp khối" in plan_text(block)
    # the plan's schedule still announces the first date: the leader is told
    assert [day for day, _what in plan_disagreements(block)] == [planned]


def test_every_member_school_opens_the_blocks_plan(client, tree, block):
    """The block's plan is the leader school's (A1); A2 and A4 are its siblings, yet
    members: they open it from the block page. Another office's school does not; a
    draft stays at the leader school."""
    from emulation.models import Plan
    from tests.factories.emulation import make_plan

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
