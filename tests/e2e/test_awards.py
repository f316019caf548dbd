"""hieutruong nominates giaovien with evidence and sends the proposal; phong accepts it
and sends the Phòng's proposal; so follows the round, exports it to Excel, accepts and
records a decision; the certificate's QR link opens the public verification page."""

import io
import re

import openpyxl
import pdfplumber
from django.utils import timezone

from awards.models import CertificateBatch, Decision, Nomination, Round
from tests.e2e.conftest import sign_in

TEACHER = "Lê Văn Khải"
SCHOOL = "Trường Tiểu học Lai Uyên"
OFFICE = "Phòng Giáo dục và Đào tạo huyện Bàu Bàng"


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def alert_text(page):
    return page.get_by_role("alert").first.inner_text()


def test_nomination_goes_up_and_comes_back_as_a_certificate(
    page, live_server, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    accept_dialogs(page)
    open_round = Round.objects.filter(deadline__gte=timezone.localdate()).order_by("deadline")[0]

    # The principal nominates the teacher, with evidence, and sends the proposal.
    sign_in(page, live_server, "hieutruong")
    page.goto(f"{live_server.url}/awards/nominations/")
    page.get_by_role("link", name=open_round.name).click()
    page.get_by_label("Cá nhân").select_option(label=TEACHER)
    page.get_by_label("hoặc hình thức khen thưởng").select_option(
        label="Giấy khen (Giám đốc Sở GDĐT)"
    )
    page.get_by_label("Thành tích đạt được (tóm tắt)").fill(
        "Giáo viên dạy giỏi cấp huyện; có sáng kiến được công nhận cấp trường."
    )
    page.get_by_role("button", name="Lưu đề nghị").click()
    assert "Đã lưu đề nghị khen thưởng." in alert_text(page)
    evidence = tmp_path / "giay-chung-nhan.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% proof of the award\n")
    page.get_by_label("Thêm tệp").set_input_files(str(evidence))
    page.get_by_role("button", name="Tải lên").click()
    assert "Đã thêm minh chứng" in alert_text(page)
    assert "giay-chung-nhan.pdf" in page.get_by_test_id("evidence").inner_text()
    nomination = Nomination.objects.get(person__full_name=TEACHER, round=open_round)

    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_label("Lập tờ trình mới").select_option(value=str(open_round.pk))
    page.get_by_role("button", name="Lập tờ trình").click()
    page.locator(f"input[name=nominations][value='{nomination.pk}']").check()
    page.get_by_role("button", name="Lưu danh sách").click()
    page.get_by_test_id("send").click()
    assert "Đã gửi tờ trình lên" in alert_text(page)
    assert page.get_by_test_id("proposal-status").inner_text() == "Đã gửi"

    # The Phòng accepts it and sends its own proposal to the Sở.
    sign_in(page, live_server, "phong")
    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_test_id("incoming").locator("tr", has_text=SCHOOL).filter(
        has_text=open_round.name
    ).get_by_role("link").click()
    page.get_by_role("button", name="Chấp nhận tất cả đề nghị còn chờ").click()
    # on to the next proposal waiting for the Phòng, or back to the list
    assert "Đã chấp nhận tất cả đề nghị còn chờ xét." in alert_text(page)
    assert "Tờ trình này đã xét xong" in page.locator(".alert").all_inner_texts()[1]
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED
    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_label("Lập tờ trình mới").select_option(value=str(open_round.pk))
    page.get_by_role("button", name="Lập tờ trình").click()
    page.locator(f"input[name=nominations][value='{nomination.pk}']").check()
    page.get_by_role("button", name="Lưu danh sách").click()
    page.get_by_test_id("send").click()
    assert "Đã gửi tờ trình lên Sở Giáo dục và Đào tạo Bình Dương" in alert_text(page)

    # The Sở sees it in the round page and exports the page to Excel.
    sign_in(page, live_server, "so")
    page.goto(f"{live_server.url}/awards/rounds/{open_round.pk}/")
    row = page.locator("tr", has_text=OFFICE).first
    assert row.is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Excel")).first.click()
    with open(download_info.value.path(), "rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))
    cells = [str(c) for sheet in workbook for r in sheet.iter_rows(values_only=True) for c in r]
    assert OFFICE in cells

    # The Sở accepts the Phòng's nomination and records its decision.
    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_test_id("incoming").locator("tr", has_text=OFFICE).filter(
        has_text=open_round.name
    ).get_by_role("link").click()
    page.get_by_role("button", name="Chấp nhận tất cả đề nghị còn chờ").click()
    page.goto(f"{live_server.url}/awards/decisions/")
    page.get_by_test_id("decision-create").get_by_label("Quyết định mới").select_option(
        value=str(open_round.pk)
    )
    page.get_by_role("button", name="Lập quyết định").click()
    page.locator(f"input[name=nominations][value='{nomination.pk}']").check()
    page.get_by_role("button", name="Lưu danh sách").click()
    record = page.get_by_test_id("record-form")
    record.get_by_label("Thẩm quyền").fill("KT.")
    record.get_by_label("Chức vụ người ký").fill("PHÓ GIÁM ĐỐC")
    record.get_by_label("Người ký", exact=True).fill("Nguyễn Phương Dung")
    record.get_by_role("button", name="Ban hành").click()
    assert "Đã ban hành quyết định." in alert_text(page)
    assert page.get_by_test_id("decision-status").inner_text() == "Đã ban hành"
    decision = Decision.objects.get(round=open_round)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.AWARDED

    # Certificates: made (here at once), downloaded; the printed QR link verifies.
    page.get_by_test_id("make-certificates").click()
    batch = CertificateBatch.objects.get(decision=decision)
    page.wait_for_url(f"**/awards/certificates/{batch.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Tải")).first.click()
    with pdfplumber.open(download_info.value.path()) as pdf:
        text = pdf.pages[0].extract_text()
    assert TEACHER.upper() in text.upper()
    verify_url = re.search(r"http://\S+/verify/[0-9a-f-]{36}/", text.replace("\n", "")).group(0)
    page.context.clear_cookies()
    page.goto(verify_url)
    body = page.locator("main").inner_text()
    assert TEACHER in body and decision.reference in body
