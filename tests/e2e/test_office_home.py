"""The office home on the demo data, in a browser: the Phòng and the Sở log in and land on
what they must do today (a live round with its days left, proposals waiting, units that
have not sent, the deadline upward, a block's covenant overdue, plans not implemented yet);
the Phòng reminds the schools that have not sent, after saying no once. Screenshots at
1366 and 390 px wide go to $SCREENSHOT_DIR when it is set."""

from django.utils import timezone

from awards.models import Round, RoundReminder
from schools.demo import DEMO_DEPARTMENT
from tests.e2e.conftest import login, picture


def live_round():
    today = timezone.localdate()
    round = Round.objects.filter(
        campaign__organization__name=DEMO_DEPARTMENT, deadline__gte=today
    ).get()
    days = (round.deadline - today).days
    return round, "hạn cuối hôm nay" if days == 0 else f"còn {days} ngày"


def shoot(page, name):
    """Full-page screenshots at both widths; nothing wider than a phone's screen."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        picture(page, f"{name}_{width}.png")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, (name, width, overflow)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_phong_sees_its_day_and_reminds_the_schools(page, live_server, demo, mailoutbox):
    round, days_left = live_round()
    login(page, live_server, "phong")
    assert page.get_by_role("heading", name="Việc hôm nay").is_visible()
    waiting = page.get_by_test_id("waiting-proposal")
    assert waiting.count() == 2
    assert "Trường Tiểu học Lai Uyên" in waiting.nth(0).inner_text()  # the oldest first
    assert "gửi muộn" in waiting.nth(1).inner_text()
    live = page.get_by_test_id("live-round")
    assert live.count() == 1
    assert round.name in live.inner_text() and days_left in live.inner_text()
    assert "Đã gửi tờ trình: 0/13 đơn vị" in live.inner_text()
    live.get_by_test_id("round-missing").get_by_text("13 đơn vị chưa gửi").click()
    assert live.get_by_role("link", name="Trường Mầm non Hoa Sen").is_visible()
    upward = page.get_by_test_id("office-upward").inner_text()
    assert round.name in upward and "Lập tờ trình" in upward and "quá hạn" in upward
    blocks = page.get_by_test_id("office-block")
    assert "Khối thi đua số 1" in blocks.inner_text()
    assert "giao ước quá hạn" in blocks.inner_text() and "4/5 trường đã ký" in blocks.inner_text()
    plans = page.get_by_test_id("office-plan").inner_text()
    assert "2/13 đơn vị đã ban hành kế hoạch triển khai · 1 đang soạn" in plans
    assert "Danh sách công khai" not in page.content()  # the school's own business
    shoot(page, "office_home_phong")

    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_test_id("remind").click()
    assert questions == [
        f"Gửi thư nhắc tới lãnh đạo của 13 đơn vị chưa gửi tờ trình đợt “{round.name}”?"
    ]
    assert not RoundReminder.objects.exists()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_test_id("remind").click()
    message = page.locator(".alert-success").inner_text()
    assert message.startswith(f"Đã nhắc 13 đơn vị chưa gửi tờ trình của đợt “{round.name}”")
    assert "11 đơn vị chưa có lãnh đạo nào có địa chỉ e-mail" in message
    assert page.get_by_test_id("last-reminder").inner_text().startswith("Đã nhắc lúc")
    reminders = [m for m in mailoutbox if m.subject.startswith("Nhắc gửi tờ trình")]
    assert sorted(m.to[0] for m in reminders) == [
        "hieutruong@demo.thidua.vn",
        "khoitruong@demo.thidua.vn",
    ]
    shoot(page, "office_home_phong_reminded")


def test_the_so_sees_the_proposal_waiting_and_the_units_missing(page, live_server, demo):
    round, days_left = live_round()
    login(page, live_server, "so")
    waiting = page.get_by_test_id("waiting-proposal")
    assert waiting.count() == 1
    assert "Phòng Giáo dục và Đào tạo huyện Bàu Bàng" in waiting.inner_text()
    live = page.get_by_test_id("live-round").inner_text()
    assert round.name in live and days_left in live and "đợt của đơn vị" in live
    assert "Đã gửi tờ trình: 0/3 đơn vị" in live
    page.get_by_test_id("round-missing").get_by_text("3 đơn vị chưa gửi").click()
    assert page.get_by_role("link", name="Trường THPT Bàu Bàng").first.is_visible()
    plans = page.get_by_test_id("office-plan").inner_text()
    assert "Kế hoạch xây dựng và nhân rộng điển hình tiên tiến" in plans
    assert "0/3 đơn vị đã ban hành kế hoạch triển khai" in plans
    assert "Đăng ký mẫu M1" not in page.content()  # a teacher's form, not the Sở's
    shoot(page, "office_home_so")
    page.get_by_test_id("waiting-proposal").click()
    assert "/awards/proposals/" in page.url
