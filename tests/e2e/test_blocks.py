"""khoitruong defines targets; hieutruong fills them and confirms the covenant;
khoitruong schedules a meeting and closes the ranking; phong sees the block's progress."""

from emulation.blocks import services
from emulation.blocks.models import CovenantConfirmation, EmulationBlock
from schools.models import SchoolYear
from tests.e2e.conftest import login


def post_form(page, action):
    return page.locator(f"form:has(input[name=action][value={action}])")


def test_block_year(page, live_server, demo):
    block = EmulationBlock.objects.get(school_year=SchoolYear.current())
    url = f"{live_server.url}/blocks/{block.pk}/"

    login(page, live_server, "khoitruong")
    page.goto(url)
    page.get_by_label("Danh mục chỉ tiêu").fill(
        "Danh hiệu tập thể đăng ký |\nTỷ lệ CB-GV-NV đạt Lao động tiên tiến | %"
    )
    page.get_by_role("button", name="Lưu danh mục chỉ tiêu").click()
    assert "Đã lưu danh mục chỉ tiêu." in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Danh hiệu tập thể đăng ký").fill("Tập thể lao động xuất sắc")
    page.get_by_label("Tỷ lệ CB-GV-NV đạt Lao động tiên tiến (%)").fill("85")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()

    # The other members register theirs outside this test's browser.
    items = list(block.target_items.all())
    for membership in block.memberships.select_related("school"):
        if membership.school.name not in ("Trường THCS Lai Hưng", "Trường Tiểu học Lai Uyên"):
            services.fill_targets(
                demo.users["admin"],
                block,
                membership.school,
                {items[0].pk: "Tập thể lao động tiên tiến", items[1].pk: "80"},
            )

    page.context.clear_cookies()
    login(page, live_server, "hieutruong")
    page.get_by_role("link", name="Khối thi đua").first.click()
    page.get_by_role("link", name=block.name).first.click()
    page.get_by_label("Danh hiệu tập thể đăng ký").fill("Tập thể lao động xuất sắc")
    page.get_by_label("Tỷ lệ CB-GV-NV đạt Lao động tiên tiến (%)").fill("90")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    page.get_by_role("button", name="Xác nhận ký giao ước").click()
    assert "Đã xác nhận giao ước thi đua." in page.get_by_role("alert").first.inner_text()
    row = page.get_by_test_id("targets-table").locator("tr", has_text="Trường Tiểu học Lai Uyên")
    assert "90" in row.inner_text() and "Đã ký" in row.inner_text()
    assert CovenantConfirmation.objects.filter(block=block).count() == 1

    page.context.clear_cookies()
    login(page, live_server, "khoitruong")
    page.goto(url)
    meeting = page.get_by_test_id("meeting-form")
    meeting.get_by_label("Đợt").fill("Quý I năm 2027")
    meeting.get_by_label("Thời gian (dd/mm/yyyy hh:mm)").fill("15/01/2027 08:00")
    meeting.get_by_label("Địa điểm").fill("Phòng họp Trường Tiểu học Lai Uyên")
    meeting.get_by_label("Trường đăng cai").select_option(label="Trường Tiểu học Lai Uyên")
    meeting.get_by_role("button", name="Lên lịch họp").click()
    assert "Quý I năm 2027" in page.get_by_test_id("meetings").inner_text()

    form = page.locator("form", has_text="Trường Tiểu học Lai Uyên – khối trưởng chấm")
    for field in form.locator("input[name^=points-]").all():
        field.fill("9")
    form.get_by_role("button", name="Lưu điểm").click()
    page.once("dialog", lambda dialog: dialog.accept())  # the step asks first
    page.get_by_role("button", name="Chốt xếp hạng").click()
    assert "Trường Tiểu học Lai Uyên" in page.get_by_test_id("leading-unit").inner_text()

    page.context.clear_cookies()
    login(page, live_server, "phong")
    page.get_by_role("link", name="Khối thi đua").first.click()
    row = page.get_by_test_id("block-table").locator("tr", has_text="2026-2027")
    text = row.inner_text()
    assert "1/5" in text  # one covenant confirmation of five schools
    assert "Đã chốt: Trường Tiểu học Lai Uyên" in text
