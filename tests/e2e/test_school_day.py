"""A school's day from each person's home page (issue 16): the teacher starts her M1
from her home and sees whom it waits for; the group leader finds it first among what
waits for him and forwards it; the chair approves it from her home; the principal sees
participation per union group, reminds a group after confirming and opens the
details. Screenshots at 1366 and 390 px go to $SCREENSHOT_DIR when it is set."""

import re

from registrations.models import InnovationRegistration, Status
from tests.e2e.conftest import login, picture


def shoot(page, name):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        picture(page, f"school-day-{name}-{width}.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    page.set_viewport_size({"width": 1366, "height": 900})


def home_as(page, live_server, username):
    login(page, live_server, username)


def test_each_person_starts_the_day_from_their_home(page, live_server, demo):
    # The teacher: her form's next step, started from the home page.
    home_as(page, live_server, "giaovien")
    mine = page.get_by_test_id("home-registrations")
    assert "bạn chưa đăng ký" in mine.inner_text()
    assert page.get_by_test_id("home-waiting").count() == 0
    assert page.get_by_role("link", name="Duyệt đăng ký").count() == 0
    shoot(page, "teacher-home")
    mine.get_by_role("link", name="Đăng ký mẫu M1").click()
    page.get_by_label("2. Nhiệm vụ được giao").fill("Giáo viên chủ nhiệm lớp 1A")
    page.get_by_label("Phương pháp giảng dạy").check()
    page.get_by_label("5. Mục tiêu giải pháp đổi mới").fill("Đọc theo cặp mỗi tuần")
    page.get_by_label("6. Dự kiến kết quả sẽ đạt được sau khi thực hiện đổi mới").fill(
        "Học sinh đọc to, rõ"
    )
    page.get_by_role("button", name="Nộp").click()
    assert "Đã nộp" in page.get_by_role("alert").first.inner_text()
    item = InnovationRegistration.objects.get(person__user__username="giaovien")
    page.goto(f"{live_server.url}/")
    step = page.get_by_test_id("home-m1").inner_text()
    assert "Đang chờ tổ trưởng công đoàn" in step and "Võ Thị Bích Trâm" in step
    shoot(page, "teacher-submitted")

    # The group leader: what waits for him, oldest first; forwards the teacher's form.
    home_as(page, live_server, "totruong")
    waiting = page.get_by_test_id("home-waiting")
    assert "M1 – Lê Văn Khải" in waiting.inner_text()
    shoot(page, "leader-home")
    waiting.get_by_role("link", name="M1 – Lê Văn Khải").click()
    page.get_by_role("button", name=re.compile("^Chuyển lên")).click()
    assert "Đã chuyển lên chủ tịch công đoàn" in page.get_by_role("alert").first.inner_text()
    item.refresh_from_db()
    assert item.status == Status.FORWARDED

    # The chair: the forwarded form on her home; approves it.
    home_as(page, live_server, "ctcd")
    waiting = page.get_by_test_id("home-waiting")
    assert "M1 – Lê Văn Khải" in waiting.inner_text()
    shoot(page, "chair-home")
    waiting.get_by_role("link", name="M1 – Lê Văn Khải").click()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    assert "Đã duyệt." in page.get_by_role("alert").first.inner_text()
    item.refresh_from_db()
    assert item.status == Status.APPROVED

    # The teacher sees it approved.
    home_as(page, live_server, "giaovien")
    assert "Đã duyệt." in page.get_by_test_id("home-m1").inner_text()

    # The principal: participation per union group, a reminder after confirming.
    home_as(page, live_server, "hieutruong")
    school = page.get_by_test_id("home-school")
    row = school.get_by_role("row").filter(has_text="Tổ công đoàn số 1")
    figures = re.search(r"(\d+)/(\d+) \(", row.inner_text())
    assert figures is not None
    shoot(page, "principal-home")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="Nhắc").click()
    assert "Đã gửi nhắc nhở tới" in page.get_by_role("alert").first.inner_text()
    assert questions and "Tổ công đoàn số 1" in questions[0]
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("home-school").get_by_role(
        "link", name="Chi tiết tham gia, ai chưa đăng ký"
    ).click()
    assert "Tổ công đoàn số 1" in page.get_by_test_id("participation-table").inner_text()
