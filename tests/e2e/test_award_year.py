"""A year of awards in a browser (issue 13): giaovien registers the titles he aims for;
hieutruong keeps the council's minutes and downloads them; nominates him; phong accepts
and sends up; so records the decision, which pays the base salary in force × 0.3; the
certificate is made; the teacher finds it on his own history page."""

import io
from decimal import Decimal

import pdfplumber
from django.utils import timezone

from awards.law import LawOn, round_up
from awards.models import AwardRecord, Decision, Nomination, Round, TitleRegistration
from tests.e2e.conftest import sign_in
from tests.e2e.test_awards import OFFICE, SCHOOL, TEACHER, accept_dialogs, alert_text


def pdf_words(path):
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def switch(page, live_server, username):
    sign_in(page, live_server, username)


def test_registration_minutes_nomination_decision_money_certificate_history(
    page, live_server, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    accept_dialogs(page)
    open_round = Round.objects.filter(deadline__gte=timezone.localdate()).order_by("deadline")[0]

    # The teacher registers at the start of the year.
    sign_in(page, live_server, "giaovien")
    page.goto(f"{live_server.url}/awards/")
    page.get_by_role("link", name="Đăng ký danh hiệu thi đua đầu năm").click()
    page.get_by_test_id("my-registration").get_by_role("link").click()
    page.get_by_label("Đăng ký thi đua (danh hiệu)").select_option(label="Lao động tiên tiến")
    page.get_by_label("Đăng ký khen thưởng").select_option(label="Giấy khen (Giám đốc Sở GDĐT)")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã ghi đăng ký thi đua của bạn." in alert_text(page)
    assert (
        "Bạn đã đăng ký: Lao động tiên tiến" in page.get_by_test_id("my-registration").inner_text()
    )
    assert TitleRegistration.objects.get(person__full_name=TEACHER).award_form.code == (
        "giay-khen-giam-doc-so"
    )

    # The principal keeps the minutes of the council's vote and downloads them.
    switch(page, live_server, "hieutruong")
    page.goto(f"{live_server.url}/awards/council/")
    page.locator("a[href*='/awards/votes/']").first.click()
    page.get_by_test_id("minutes").get_by_role("link", name="Ghi biên bản").click()
    page.get_by_label("Địa điểm họp").fill("Phòng họp Hội đồng, Trường Tiểu học Lai Uyên")
    page.get_by_label("Bắt đầu lúc").fill("14:00")
    page.get_by_label("Kết thúc lúc").fill("13:00")
    page.get_by_label("Thư ký").select_option(index=1)
    page.get_by_role("button", name="Lưu biên bản").click()
    assert "Giờ kết thúc phải sau giờ bắt đầu" in page.get_by_test_id("minutes-form").inner_text()
    page.get_by_label("Kết thúc lúc").fill("16:30")
    page.get_by_role("button", name="Lưu biên bản").click()
    assert "Đã lưu biên bản." in alert_text(page)
    with page.expect_download() as download_info:
        page.get_by_test_id("minutes").get_by_role("link", name="PDF").click()
    minutes = pdf_words(download_info.value.path())
    assert "BIÊN BẢN" in minutes and "Phòng họp Hội đồng" in minutes
    assert "Tổng số thành viên Hội đồng: 3; có mặt: 3" in minutes, minutes
    assert "33,3% (cần > 50%) Không" in minutes  # the 6th candidate: 1 vote in 3

    # The principal nominates the teacher and sends the proposal to the Phòng.
    page.goto(f"{live_server.url}/awards/nominations/")
    page.get_by_role("link", name=open_round.name).click()
    page.get_by_label("Cá nhân").select_option(label=TEACHER)
    page.get_by_label("hoặc hình thức khen thưởng").select_option(
        label="Giấy khen (Giám đốc Sở GDĐT)"
    )
    page.get_by_label("Thành tích đạt được (tóm tắt)").fill("Giáo viên dạy giỏi cấp huyện.")
    page.get_by_role("button", name="Lưu đề nghị").click()
    assert "Đã lưu đề nghị khen thưởng." in alert_text(page)
    nomination = Nomination.objects.get(person__full_name=TEACHER, round=open_round)
    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_label("Lập tờ trình mới").select_option(value=str(open_round.pk))
    page.get_by_role("button", name="Lập tờ trình").click()
    page.locator(f"input[name=nominations][value='{nomination.pk}']").check()
    page.get_by_role("button", name="Lưu danh sách").click()
    page.get_by_test_id("send").click()
    assert "Đã gửi tờ trình lên" in alert_text(page)

    # The Phòng accepts it and sends it up to the Sở.
    switch(page, live_server, "phong")
    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_test_id("incoming").locator("tr", has_text=SCHOOL).filter(
        has_text=open_round.name
    ).get_by_role("link").click()
    page.get_by_role("button", name="Chấp nhận tất cả đề nghị còn chờ").click()
    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_label("Lập tờ trình mới").select_option(value=str(open_round.pk))
    page.get_by_role("button", name="Lập tờ trình").click()
    page.locator(f"input[name=nominations][value='{nomination.pk}']").check()
    page.get_by_role("button", name="Lưu danh sách").click()
    page.get_by_test_id("send").click()
    assert "Đã gửi tờ trình lên Sở Giáo dục và Đào tạo Bình Dương" in alert_text(page)

    # The Sở accepts and records its decision: the money is the base in force × 0.3.
    switch(page, live_server, "so")
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
    decision = Decision.objects.get(round=open_round)
    amount, _row = LawOn(decision.decision_date).money(None, nomination.award_form_id, False)
    expected = f"{amount:,}".replace(",", ".")  # 760.000 from 01/07/2026 (2.530.000 × 0,3)
    assert amount == round_up(Decimal("0.3") * LawOn(decision.decision_date).base.amount)
    assert expected in page.get_by_test_id("awardees").inner_text()
    response = page.request.get(f"{live_server.url}/awards/decisions/{decision.pk}/quyet-dinh.pdf")
    document = pdf_words(io.BytesIO(response.body()))
    assert f"Tổng số tiền thưởng: {expected} đồng (Bằng chữ:" in document

    # Certificates, then the teacher's own history page.
    page.get_by_test_id("make-certificates").click()
    page.wait_for_url("**/awards/certificates/**")
    switch(page, live_server, "giaovien")
    page.goto(f"{live_server.url}/awards/")
    page.get_by_role("link", name="Hồ sơ thi đua – khen thưởng").click()
    page.get_by_label("Họ tên / tập thể").fill("le van khai")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_test_id("history-table").get_by_role("link", name=TEACHER).first.click()
    history = page.get_by_test_id("history-table").inner_text()
    assert decision.reference in history and "Giấy khen (Giám đốc Sở GDĐT)" in history
    assert AwardRecord.objects.get(awardee__decision=decision).person.full_name == TEACHER
