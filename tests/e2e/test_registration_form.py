"""A teacher fills form M1 in the browser: the required items are marked, the counter
under a text counts towards its limit and turns red past it without cutting anything,
and a refused submission shows each error at its item (at 1366 and 390 px wide)."""

import pytest

from registrations.models import InnovationRegistration, Status
from tests.e2e.conftest import login, picture

TASK = "Giáo viên chủ nhiệm lớp 1A, dạy Tiếng Việt"


@pytest.mark.parametrize("width", [1366, 390])
def test_teacher_sees_each_error_at_its_item(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "giaovien")
    page.get_by_test_id("home-registrations").get_by_role("link", name="Đăng ký mẫu M1").click()
    page.wait_for_load_state()  # count() below looks once: the form whole, not half parsed

    # The items required to submit carry the mark; the others do not.
    assert page.locator("label[for=id_assigned_task] .asteriskField").count() == 1
    assert page.locator("label[for=id_steps] .asteriskField").count() == 0

    page.get_by_label("2. Nhiệm vụ được giao").fill(TASK)
    steps = page.get_by_label("8. Các bước tiến hành thử nghiệm đổi mới")
    counter = page.locator("#id_steps-counter")
    steps.fill("Khảo sát\nThử nghiệm")
    assert counter.inner_text() == "19/5.000 ký tự"
    assert "text-danger" not in (counter.get_attribute("class") or "")
    steps.fill("y" * 5001)  # pasted, nothing is cut
    assert len(steps.input_value()) == 5001
    assert counter.inner_text() == "5.001/5.000 ký tự: dài hơn giới hạn 1 ký tự."
    assert "text-danger" in counter.get_attribute("class")
    picture(page, f"m1-counter-{width}.png")

    page.get_by_role("button", name="Nộp", exact=True).click()
    error = page.locator("#div_id_steps .invalid-feedback")
    error.wait_for()
    assert "Mục này tối đa 5.000 ký tự; bạn đã nhập 5.001 ký tự." in error.inner_text()
    assert error.is_visible()
    missing = page.locator("#div_id_goals_and_solutions .invalid-feedback")
    assert missing.is_visible() and "Hãy điền mục này trước khi nộp." in missing.inner_text()
    field = page.locator("#div_id_fields .invalid-feedback")
    assert field.is_visible() and "Hãy chọn ít nhất một lĩnh vực" in field.inner_text()
    assert page.locator("#div_id_assigned_task .invalid-feedback").count() == 0
    assert len(page.locator("#id_steps").input_value()) == 5001  # kept whole
    assert "Chưa lưu được" in page.get_by_role("alert").first.inner_text()
    assert not InnovationRegistration.objects.filter(person__user__username="giaovien").exists()
    page.locator("#id_steps").scroll_into_view_if_needed()
    picture(page, f"m1-errors-{width}.png")

    page.locator("#id_steps").fill("Khảo sát; thử nghiệm; đánh giá")
    page.get_by_label("Phương pháp giảng dạy").check()
    page.get_by_label("5. Mục tiêu giải pháp đổi mới").fill("Đọc theo cặp mỗi tuần")
    page.get_by_label("6. Dự kiến kết quả sẽ đạt được sau khi thực hiện đổi mới").fill(
        "Học sinh đọc to, rõ"
    )
    page.get_by_role("button", name="Nộp", exact=True).click()
    assert "Đã nộp" in page.get_by_role("alert").first.inner_text()
    item = InnovationRegistration.objects.get(person__user__username="giaovien")
    assert item.status in (Status.SUBMITTED, Status.FORWARDED)
