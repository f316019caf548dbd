"""The whole registration journey in the browser: giaovien fills M1, saves a draft (and
gets it back after the session expires), submits; totruong forwards; ctcd returns with a
comment; giaovien sees the comment, edits, resubmits; totruong forwards again and ctcd
approves (each review moves on to the next form waiting); the participation
page, the Excel summary and the M1 PDF reflect it."""

import io

import pdfplumber
from openpyxl import load_workbook

from registrations.models import InnovationRegistration, Status
from tests.e2e.conftest import login, sign_in

TASK = "Giáo viên chủ nhiệm lớp 1A, dạy Tiếng Việt"
SOLUTION = "Tổ chức đọc theo cặp và đọc phân vai mỗi tuần"
COMMENT = "Mục 6 cần ghi kết quả đo được"


def logout(page, live_server):
    page.context.clear_cookies()


def open_detail(page, live_server, username, pk):
    sign_in(page, live_server, username)
    page.goto(f"{live_server.url}/registrations/m1/{pk}/")


def test_registration_journey(page, live_server, demo):
    login(page, live_server, "giaovien")
    page.get_by_test_id("home-registrations").get_by_role("link", name="Đăng ký mẫu M1").click()
    page.get_by_label("2. Nhiệm vụ được giao").fill(TASK)
    page.get_by_label("Phương pháp giảng dạy").check()

    # The session expires before saving: after logging in again the text comes back.
    form_url = page.url
    page.context.clear_cookies()
    page.goto(form_url)
    page.get_by_label("Tên đăng nhập").fill("giaovien")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(form_url)
    assert page.get_by_label("2. Nhiệm vụ được giao").input_value() == TASK
    assert page.get_by_label("Phương pháp giảng dạy").is_checked()
    assert page.locator("[data-autosave-notice]").is_visible()

    page.get_by_label("5. Mục tiêu giải pháp đổi mới").fill(SOLUTION)
    page.get_by_label("6. Dự kiến kết quả sẽ đạt được sau khi thực hiện đổi mới").fill(
        "Học sinh mạnh dạn hơn"
    )
    page.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu bản nháp." in page.get_by_role("alert").first.inner_text()
    item = InnovationRegistration.objects.get(person__user__username="giaovien")
    assert item.status == Status.DRAFT and item.assigned_task == TASK
    page.get_by_role("button", name="Nộp").click()
    assert "Đã nộp" in page.get_by_role("alert").first.inner_text()

    logout(page, live_server)
    login(page, live_server, "totruong")
    page.get_by_role("link", name="Duyệt đăng ký").first.click()
    page.get_by_test_id("review-table").get_by_role("link", name="Lê Văn Khải").click()
    page.get_by_role("button", name="Chuyển lên CTCĐ").click()
    assert "Đã chuyển lên chủ tịch công đoàn." in page.get_by_role("alert").first.inner_text()

    open_detail(page, live_server, "ctcd", item.pk)
    assert "Đang chờ chủ tịch công đoàn duyệt." in page.get_by_test_id("waiting-for").inner_text()
    # returned without a comment: the error is at the comment, the form unchanged
    page.get_by_role("button", name="Trả lại để sửa").click()
    error = page.locator("#div_return-comment .invalid-feedback")
    assert "Hãy ghi ý kiến" in error.inner_text() and error.is_visible()
    item.refresh_from_db()
    assert item.status == Status.FORWARDED
    page.get_by_label("Ý kiến khi trả lại").fill(COMMENT)
    page.get_by_role("button", name="Trả lại để sửa").click()
    # then the next form waiting for her, or her list
    assert "Đã trả lại kèm ý kiến." in page.get_by_role("alert").first.inner_text()
    item.refresh_from_db()
    assert item.status == Status.RETURNED

    logout(page, live_server)
    login(page, live_server, "giaovien")
    assert COMMENT in page.get_by_test_id("home-registrations").inner_text()
    page.goto(f"{live_server.url}/registrations/m1/{item.pk}/edit/")
    page.get_by_label("6. Dự kiến kết quả sẽ đạt được sau khi thực hiện đổi mới").fill(
        "90% học sinh đọc to, rõ trước lớp"
    )
    page.get_by_role("button", name="Nộp").click()
    assert page.get_by_test_id("status").inner_text() == "Đã nộp, chờ tổ công đoàn"

    open_detail(page, live_server, "ctcd", item.pk)  # waits for the group leader again
    assert page.get_by_test_id("actions").count() == 0
    open_detail(page, live_server, "totruong", item.pk)
    page.get_by_role("button", name="Chuyển lên CTCĐ").click()
    open_detail(page, live_server, "ctcd", item.pk)
    assert "90% học sinh đọc to, rõ trước lớp" in page.get_by_test_id("changes").inner_text()
    page.get_by_role("button", name="Duyệt").click()
    assert "Đã duyệt." in page.get_by_role("alert").first.inner_text()
    item.refresh_from_db()
    assert item.status == Status.APPROVED

    campaign = item.campaign
    page.goto(f"{live_server.url}/registrations/campaigns/{campaign.pk}/participation/")
    table = page.get_by_test_id("participation-table").inner_text()
    assert "Lê Văn Khải" not in table  # no longer among the missing
    assert "Tổ công đoàn số 1" in table

    with page.expect_download() as download:
        page.goto(f"{live_server.url}/registrations/review/?campaign={campaign.pk}")
        page.get_by_role("link", name="Tải Excel tổng hợp").click()
    with open(download.value.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    khai = next(r for r in rows if "Lê Văn Khải" in r)
    assert TASK in khai and "Đã duyệt" in khai

    response = page.request.get(f"{live_server.url}/registrations/m1/{item.pk}/pdf/")
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    for heading in [
        "1. Họ tên người đăng ký",
        "2. Nhiệm vụ được giao",
        "3. Dự kiến thực hiện đổi mới sáng tạo trong lĩnh vực",
        "4. Thực trạng vấn đề dự kiến đổi mới",
        "5. Mục tiêu giải pháp đổi mới",
        "6. Dự kiến kết quả sẽ đạt được sau khi thực hiện đổi mới",
        "7. Thời gian dự kiến thử nghiệm thực hiện đổi mới",
        "8. Các bước tiến hành thử nghiệm đổi mới",
        "9. Phạm vi công bố và nhân rộng kết quả đổi mới",
    ]:
        assert heading in text, heading
    for answer in [
        "Lê Văn Khải",
        TASK,
        SOLUTION,
        "Phương pháp giảng dạy",
        "TỔ CÔNG ĐOÀN: Tổ công đoàn số 1",
        "Mẫu M1",
        "Người đăng ký",
    ]:
        assert answer in text, answer
