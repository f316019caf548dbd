"""A whole block year in the browser (issue 15): the leader sets the deadlines and the
targets, the members register and sign the covenant, a meeting is held, the block's
report is sent late with a file and read by the Phòng, the schools are scored (the
leader's own school by the Phòng), the leader closes the ranking, the Phòng approves it,
the schools elect next year's leader. Screenshots at 1366 and 390 px go to
$SCREENSHOT_DIR when it is set."""

import datetime

from django.utils import timezone

from emulation.blocks import ranking, services
from emulation.blocks.models import BlockReport, EmulationBlock, Score
from schools.models import SchoolYear
from tests.e2e.conftest import picture, sign_in

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def day(days):
    return (TODAY + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def shoot(page, name):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        picture(page, f"block-{name}-{width}.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    page.set_viewport_size({"width": 1366, "height": 900})


def as_user(page, live_server, username, url):
    sign_in(page, live_server, username)
    page.goto(url)


def accept_next_question(page):
    page.once("dialog", lambda dialog: dialog.accept())


def the_block_in_september(demo):
    """The demo's block of this year as it stood before its first meeting."""
    block = EmulationBlock.objects.get(school_year=SchoolYear.current())
    block.target_items.all().delete()
    block.confirmations.all().delete()
    block.meetings.all().delete()
    block.reports.all().delete()
    for name in services.DEADLINES:
        setattr(block, name, None)
    block.save()
    return block


def test_a_block_year(page, live_server, demo, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    block = the_block_in_september(demo)
    url = f"{live_server.url}/blocks/{block.pk}/"
    members = {m.school.name: m.school for m in block.memberships.select_related("school")}
    admin = demo.users["admin"]

    # 1. the leader: deadlines, targets, his school's values
    as_user(page, live_server, "khoitruong", url)
    page.get_by_text("Sửa các hạn").click()
    form = page.get_by_test_id("deadlines-form")
    form.get_by_label("Hạn đăng ký chỉ tiêu").fill(day(10))
    form.get_by_label("Hạn nộp kế hoạch và giao ước về Phòng").fill("31/02/2026")
    form.get_by_role("button", name="Lưu các hạn").click()
    assert "phải có dạng ngày/tháng/năm" in page.get_by_test_id("deadlines-form").inner_text()
    form = page.get_by_test_id("deadlines-form")
    assert form.get_by_label("Hạn đăng ký chỉ tiêu").input_value() == day(10)  # kept
    form.get_by_label("Hạn nộp kế hoạch và giao ước về Phòng").fill(day(20))
    form.get_by_role("button", name="Lưu các hạn").click()
    assert day(20) in page.get_by_test_id("deadlines").inner_text()
    page.get_by_label("Danh mục chỉ tiêu").fill(
        "Danh hiệu tập thể đăng ký |\nTỷ lệ CB-GV-NV đạt Lao động tiên tiến | %"
    )
    page.get_by_role("button", name="Lưu danh mục chỉ tiêu").click()
    fill = page.get_by_test_id("fill-targets")
    fill.get_by_label("Danh hiệu tập thể đăng ký").fill("Tập thể lao động xuất sắc")
    fill.get_by_label("Tỷ lệ CB-GV-NV đạt Lao động tiên tiến (%)").fill("120")
    fill.get_by_role("button", name="Lưu chỉ tiêu").click()
    assert "từ 0 đến 100" in page.get_by_test_id("fill-targets").inner_text()
    fill = page.get_by_test_id("fill-targets")
    fill.get_by_label("Tỷ lệ CB-GV-NV đạt Lao động tiên tiến (%)").fill("85")
    fill.get_by_role("button", name="Lưu chỉ tiêu").click()
    assert "Đã lưu chỉ tiêu của trường." in page.get_by_role("alert").first.inner_text()

    # the other members register outside this browser; the demo school's principal
    # registers and signs in it
    items = list(block.target_items.all())
    for name, school in members.items():
        if name not in ("Trường THCS Lai Hưng", "Trường Tiểu học Lai Uyên"):
            services.fill_targets(
                admin, block, school, {items[0].pk: "Tập thể lao động tiên tiến", items[1].pk: "80"}
            )
    as_user(page, live_server, "hieutruong", f"{live_server.url}/blocks/")
    page.get_by_role("link", name=block.name).first.click()
    page.get_by_test_id("block-plan").click()  # the block's plan opens for a member
    assert "KẾ HOẠCH" in page.content() and block.name in page.content()
    page.go_back()
    fill = page.get_by_test_id("fill-targets")
    fill.get_by_label("Danh hiệu tập thể đăng ký").fill("Tập thể lao động xuất sắc")
    fill.get_by_label("Tỷ lệ CB-GV-NV đạt Lao động tiên tiến (%)").fill("90")
    fill.get_by_role("button", name="Lưu chỉ tiêu").click()
    accept_next_question(page)
    page.get_by_test_id("confirm-covenant").click()
    assert "Đã xác nhận giao ước thi đua." in page.get_by_role("alert").first.inner_text()
    row = page.get_by_test_id("targets-table").locator("tr", has_text="Trường Tiểu học Lai Uyên")
    assert "90" in row.inner_text() and "Đã ký" in row.inner_text()
    for name, school in members.items():
        if name != "Trường Tiểu học Lai Uyên":
            services.confirm_covenant(admin, block, school)

    # 2. a meeting, and the block's report to the Phòng, sent three days late with a PDF
    as_user(page, live_server, "khoitruong", url)
    page.get_by_text("Lên lịch họp khối").click()
    meeting = page.get_by_test_id("meeting-form")
    meeting.get_by_label("Đợt").fill("Quý I")
    meeting.get_by_label("Thời gian").fill(f"{day(30)} 08:00")
    meeting.get_by_label("Địa điểm").fill("Phòng họp Trường THCS Lai Hưng")
    meeting.get_by_label("Trường đăng cai").select_option(label="Trường THCS Lai Hưng")
    meeting.get_by_role("button", name="Lên lịch họp").click()
    assert "Quý I" in page.get_by_test_id("meetings").inner_text()
    page.get_by_text("Đặt hạn nộp báo cáo").click()
    page.get_by_label("Loại báo cáo").select_option(label="Báo cáo của khối gửi Phòng")
    page.locator("#id_due_date").fill(day(-3))
    page.get_by_role("button", name="Đặt hạn nộp").click()
    report = block.reports.get(kind=BlockReport.Kind.BLOCK)
    row = page.locator(f"#report-{report.pk}")
    row.get_by_text("Nộp báo cáo").first.click()
    row.get_by_label("Nội dung báo cáo").fill("Khối đã ký giao ước; 5/5 trường đăng ký chỉ tiêu.")
    pdf = tmp_path / "bao-cao-khoi.pdf"
    pdf.write_bytes(PDF)
    row.get_by_label("Tệp báo cáo (PDF hoặc Word)").set_input_files(str(pdf))
    accept_next_question(page)  # overdue: it asks first
    row.get_by_role("button", name="Nộp báo cáo").click()
    assert "nộp muộn 3 ngày" in page.get_by_role("alert").first.inner_text()

    # 3. the Phòng sees the lateness and reads the report
    as_user(page, live_server, "phong", f"{live_server.url}/blocks/")
    row = page.get_by_test_id("block-table").locator("tr", has_text=block.school_year.name)
    assert "5/5" in row.inner_text()  # covenants signed
    assert row.locator("a.text-danger").inner_text() == "1"  # the report sent late
    row.get_by_role("link", name=block.name).click()
    page.locator(f"#report-{report.pk}").get_by_role("link", name="Đã nộp").click()
    assert "5/5 trường đăng ký chỉ tiêu" in page.get_by_test_id("report-content").inner_text()
    assert "muộn 3 ngày" in page.get_by_test_id("late").inner_text()
    assert page.get_by_test_id("report-file").get_attribute("href").endswith("/file/")
    shoot(page, "report-phong")

    # 4. scoring: self-scores and the leader's of three members outside the browser; the
    # leader scores the demo school in it; the Phòng scores the leader's school
    ranking.set_criteria(demo.users["khoitruong"], block, [("Nhiệm vụ", 60), ("Phong trào", 40)])
    criteria = list(block.criteria.all())
    leader_school = block.leader_school
    for n, (name, school) in enumerate(sorted(members.items())):
        for c in criteria:
            ranking.score(admin, block, school, c, c.max_points - n, Score.Kind.SELF)
            if school != leader_school and name != "Trường Tiểu học Lai Uyên":
                ranking.score(admin, block, school, c, c.max_points - 5 - n, Score.Kind.LEADER)
    as_user(page, live_server, "khoitruong", url)
    assert page.get_by_test_id("close-ranking").is_disabled()
    demo_school = members["Trường Tiểu học Lai Uyên"]
    sheet = page.get_by_test_id(f"score-leader-{demo_school.pk}")
    sheet.locator("summary").click()
    for field in sheet.locator("input[name^=points-]").all():
        field.fill("39")
    sheet.get_by_role("button", name="Lưu điểm").click()
    assert "Đã lưu 2 điểm." in page.get_by_role("alert").first.inner_text()
    as_user(page, live_server, "phong", url)
    sheet = page.get_by_test_id(f"score-office-{leader_school.pk}")
    sheet.locator("summary").click()
    for field in sheet.locator("input[name^=points-]").all():
        field.fill("30")
    sheet.get_by_role("button", name="Lưu điểm").click()

    # 5. the leader closes; the Phòng approves the leading unit
    as_user(page, live_server, "khoitruong", url)
    accept_next_question(page)
    page.get_by_test_id("close-ranking").click()
    assert "chờ Phòng duyệt" in page.get_by_test_id("leading-unit").inner_text()
    as_user(page, live_server, "phong", url)
    approve = page.get_by_test_id("approve-ranking")
    leading = approve.get_by_label("Đơn vị dẫn đầu").input_value()
    accept_next_question(page)
    approve.get_by_role("button", name="Duyệt xếp hạng").click()
    block.refresh_from_db()
    assert block.ranking_approved_at is not None and str(block.leading_school_id) == leading
    assert "Phòng đã duyệt xếp hạng" in page.get_by_test_id("leading-unit").inner_text()

    # 6. the vote: the demo school in the browser, the others outside; the leader ends it
    as_user(page, live_server, "hieutruong", url)
    page.get_by_label("Bầu trường").select_option(label="Trường THCS Long Nguyên")
    accept_next_question(page)
    page.get_by_role("button", name="Bỏ phiếu").click()
    assert "Đã ghi phiếu bầu." in page.get_by_role("alert").first.inner_text()
    for name, school in members.items():
        if name != "Trường Tiểu học Lai Uyên":
            block.votes.create(voter_school=school, candidate=members["Trường THCS Long Nguyên"])
    as_user(page, live_server, "khoitruong", url)
    accept_next_question(page)
    page.get_by_test_id("close-vote").click()
    assert "Trường THCS Long Nguyên" in page.get_by_test_id("next-leader").inner_text()
    shoot(page, "year-leader")
    as_user(page, live_server, "phong", url)
    shoot(page, "year-phong")
    as_user(page, live_server, "phong", f"{live_server.url}/blocks/")
    row = page.get_by_test_id("block-table").locator("tr", has_text=block.school_year.name)
    assert "Đã duyệt" in row.inner_text()
    shoot(page, "list-phong")
