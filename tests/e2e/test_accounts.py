"""Every demo role logs in through the browser and lands on its home page."""

import pytest

from schools.demo import ACCOUNTS
from tests.e2e.conftest import login, logout

EXPECTED_HOME = {
    "admin": ["Quản trị"],
    "so": ["Chuyên viên Sở GDĐT", "Đơn vị tôi quản lý", "Sở Giáo dục và Đào tạo Bình Dương"],
    "phong": ["Chuyên viên Phòng GDĐT", "Phòng Giáo dục và Đào tạo huyện Bàu Bàng"],
    "hieutruong": ["Hiệu trưởng", "Trường của tôi", "Trường Tiểu học Lai Uyên"],
    "ctcd": ["Chủ tịch công đoàn", "Trường Tiểu học Lai Uyên"],
    "totruong": ["Tổ trưởng công đoàn", "Tổ công đoàn số 1"],
    "giaovien": ["Giáo viên, nhân viên", "Tổ công đoàn số 1", "Lê Văn Khải"],
    "khoitruong": ["Khối trưởng", "Trường THCS Lai Hưng"],
}


def test_every_demo_account_is_checked():
    assert set(EXPECTED_HOME) == set(ACCOUNTS)


@pytest.mark.parametrize("username", sorted(EXPECTED_HOME))
def test_role_logs_in_and_sees_its_home(page, live_server, demo, username):
    login(page, live_server, username)
    roles = page.get_by_test_id("my-roles")
    profile = page.get_by_test_id("my-profile")
    text = roles.inner_text() + profile.inner_text() + page.locator("main").inner_text()
    for expected in EXPECTED_HOME[username]:
        assert expected in text, (username, expected)
    logout(page)
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def test_wrong_password_is_told_in_vietnamese(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("giaovien")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert (
        page.get_by_role("alert").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")
    )


def test_phone_layout_has_a_menu_button(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    login(page, live_server, "giaovien")
    menu = page.get_by_role("button", name="Mở menu")
    assert menu.is_visible()
    menu.click()
    page.get_by_role("link", name="Đơn vị").click()
    page.wait_for_url(f"{live_server.url}/orgs/")
    assert "Trường Tiểu học Lai Uyên" in page.locator("main").inner_text()
    context.close()


def test_principal_imports_a_staff_list(page, live_server, demo, tmp_path):
    from openpyxl import Workbook

    from schools.imports import COLUMNS

    path = tmp_path / "danh-sach.xlsx"
    wb = Workbook()
    wb.active.append([label for _n, label in COLUMNS])
    wb.active.append(
        ["Mai Thị Thu Trang", "12/03/1990", "Nữ", "Giáo viên", "Tổ khối 2", "Tổ công đoàn số 2", ""]
    )
    wb.active.append(
        ["Đinh Văn Hòa", "1/1/1988", "Nam", "Bảo vệ", "Tổ Văn phòng", "Tổ công đoàn số 3", ""]
    )
    wb.save(path)

    login(page, live_server, "hieutruong")
    page.get_by_role("link", name="Nhập danh sách từ Excel").first.click()
    page.get_by_label("Tệp danh sách (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra").click()
    assert "1 dòng có lỗi" in page.get_by_test_id("row-errors").inner_text()
    assert "Chức vụ phải là một trong" in page.get_by_test_id("preview-table").inner_text()
    assert page.get_by_role("button", name="Xác nhận nhập danh sách").count() == 0

    wb.active.delete_rows(3)
    wb.save(path)
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp danh sách (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra").click()
    page.get_by_role("button", name="Xác nhận nhập danh sách").click()
    assert "Đã nhập 1 người" in page.get_by_role("alert").inner_text()
    page.get_by_placeholder("Tìm theo tên (gõ không dấu cũng được)").fill("thu trang")
    page.get_by_role("button", name="Lọc").click()
    assert "Mai Thị Thu Trang" in page.get_by_test_id("people-table").inner_text()


def test_an_administrator_resets_a_password_and_the_teacher_must_change_it(page, live_server, demo):
    """For a teacher without e-mail: the administrator asks first, sees the temporary
    password once; the teacher logs in with it and is led to choose her own."""
    from schools.models import Person

    teacher = Person.objects.get(user__username="giaovien")
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/people/{teacher.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("reset-password").click()
    password = page.get_by_test_id("temporary-password").inner_text().strip()
    assert len(password) == 10
    logout(page)

    login_page = f"{live_server.url}/accounts/login/"
    page.goto(login_page)
    page.get_by_label("Tên đăng nhập").fill("giaovien")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/accounts/password/")
    assert "mật khẩu tạm" in page.get_by_test_id("must-change").inner_text()
    page.goto(f"{live_server.url}/plans/")  # every page leads back here
    page.wait_for_url(f"{live_server.url}/accounts/password/")
    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password1").fill("Lai-Uyen-2026-rieng")
    page.locator("#id_new_password2").fill("Lai-Uyen-2026-rieng")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/"


def test_a_forgotten_password_is_reset_by_email(page, live_server, demo, mailoutbox):
    import re

    from schools.models import Person

    Person.objects.filter(user__username="totruong").update(email="to.truong@laiuyen.edu.vn")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Email").fill("to.truong@laiuyen.edu.vn")
    page.get_by_role("button", name="Gửi thư đặt lại mật khẩu").click()
    assert "Hãy xem hộp thư" in page.locator("main").inner_text()
    link = re.search(r"https?://\S+/accounts/reset/\S+", mailoutbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.locator("#id_new_password1").fill("To-truong-2026-moi")
    page.locator("#id_new_password2").fill("To-truong-2026-moi")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    assert "Đã đặt mật khẩu mới" in page.locator("main").inner_text()
    login(page, live_server, "totruong", "To-truong-2026-moi")
