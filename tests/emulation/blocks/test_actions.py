"""The block's pages as its people use them (issue 15, items 2, 3 and 8): reports sent
as a file and read by the office, lateness counted, the office's approval and reopening,
bad input shown at its field with what was typed kept, and the page's query count."""

import datetime
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation.blocks import ranking, services
from emulation.blocks.models import BlockReport, Score
from schools.models import Role, SchoolYear
from tests.factories import OrganizationFactory, user_with_role

TODAY = timezone.localdate()


def word_file(text):
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(
        "bao-cao.docx",
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_late_word_report_is_read_by_the_office_and_counted(client, tree, block, media):
    services.create_report_deadlines(
        tree.users["principal_a1"],
        block,
        BlockReport.Kind.MIDYEAR,
        TODAY - datetime.timedelta(days=3),
    )
    report = block.reports.get(school=tree.school_a2)
    client.force_login(tree.users["principal_a2"])
    response = client.post(
        reverse("block_report_submit", args=[report.pk]),
        {"content": "Sơ kết học kỳ I: 12 sáng kiến.", "attachment": word_file("Báo cáo")},
        follow=True,
    )
    assert "Đã nộp báo cáo; nộp muộn 3 ngày so với hạn." in response.content.decode()
    report.refresh_from_db()
    assert report.was_late and report.days_late == 3
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("block_report_detail", args=[report.pk])).content.decode()
    assert "Sơ kết học kỳ I: 12 sáng kiến." in page and "muộn 3 ngày" in page
    file = client.get(reverse("block_report_file", args=[report.pk]))
    assert file["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.Document(io.BytesIO(b"".join(file))).paragraphs[0].text == "Báo cáo"
    # on the office's list: the one sent late and the two not sent (A1 and A4) count
    rows = client.get(reverse("block_list")).context["rows"]
    assert [r["late_reports"] for r in rows] == [3]


def test_a_report_that_is_not_pdf_or_word_is_refused_at_its_field(client, tree, block, media):
    services.create_report_deadlines(
        tree.users["principal_a1"], block, BlockReport.Kind.MIDYEAR, TODAY
    )
    report = block.reports.get(school=tree.school_a2)
    client.force_login(tree.users["principal_a2"])
    html = SimpleUploadedFile("bao-cao.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client.post(
        reverse("block_report_submit", args=[report.pk]),
        {"content": "Nội dung đã gõ", "attachment": html},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "phải là PDF hoặc Word (.docx)" in page
    assert "Nội dung đã gõ" in page  # what was typed is kept
    report.refresh_from_db()
    assert report.submitted_at is None and not report.attachment
    assert list(media.rglob("*.*")) == []


def test_a_bad_meeting_time_is_shown_at_its_field(client, tree, block):
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("block_meeting_create", args=[block.pk]),
        {
            "period_label": "Quý I",
            "starts_at": "32/13/2026 08:00",
            "place": "Phòng họp A1",
            "host_school": tree.school_a1.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["meeting_form"]
    assert form.errors["starts_at"] == ["Hãy nhập thời gian dạng dd/mm/yyyy hh:mm."]
    assert 'value="Phòng họp A1"' in response.content.decode()
    assert not block.meetings.exists()


def test_the_office_approves_and_reopens_from_the_page(client, tree, block):
    ranking.set_criteria(tree.users["principal_a1"], block, [("Nhiệm vụ", 10)])
    criterion = block.criteria.get()
    block.ranking_deadline = TODAY - datetime.timedelta(days=1)
    block.save()
    ranking.score(
        tree.users["principal_a1"], block, tree.school_a2, criterion, 9, Score.Kind.LEADER
    )
    ranking.close_ranking(tree.users["principal_a1"], block)
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("block_detail", args=[block.pk])).content.decode()
    assert "chờ Phòng duyệt" in page and 'data-testid="approve-ranking"' in page
    refused = client.post(
        reverse("block_ranking_approve", args=[block.pk]),
        {"leading_school": tree.school_a4.pk, "note": ""},
    )
    assert refused.status_code == 200
    assert "hãy ghi lý do ở ô Ý kiến" in refused.content.decode()
    client.post(
        reverse("block_ranking_reopen", args=[block.pk]),
        {"reason": "Trường A4 chưa được chấm."},
    )
    block.refresh_from_db()
    assert block.ranking_closed_at is None and block.office_note == "Trường A4 chưa được chấm."
    client.force_login(tree.users["principal_a1"])
    page = client.get(reverse("block_detail", args=[block.pk])).content.decode()
    assert "Ý kiến của Phòng" in page and "Trường A4 chưa được chấm." in page


def block_page_queries(client, tree, block):
    client.force_login(tree.users["principal_a1"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("block_detail", args=[block.pk])).status_code == 200
    return len(queries)


def test_the_block_page_costs_the_same_for_more_members(client, tree):
    schools = [tree.school_a1, tree.school_a2]
    block = services.create_block(
        tree.users["office_a"], tree.office_a, SchoolYear.current(), "Khối", schools[0], schools
    )
    leader = tree.users["principal_a1"]
    services.set_target_items(leader, block, [("Tỷ lệ", "%"), ("Danh hiệu", "")])
    ranking.set_criteria(leader, block, [("Nhiệm vụ", 10), ("Phong trào", 10)])
    services.create_report_deadlines(leader, block, BlockReport.Kind.MIDYEAR, TODAY)
    few = block_page_queries(client, tree, block)
    for n in range(6):
        school = OrganizationFactory(name=f"Trường thêm {n}", parent=tree.office_a)
        user_with_role(Role.PRINCIPAL, school, username=f"ht_them_{n}")
        block.memberships.create(school=school, school_year=block.school_year)
    services.create_report_deadlines(leader, block, BlockReport.Kind.MIDYEAR, TODAY)
    assert block_page_queries(client, tree, block) == few
