"""The top menu on a laptop (1366 px) is one line for every demo account, nothing in it
past the window's edge; on a phone (390 px) it folds behind the toggler and opens; the
user's menu holds the logout; the favicon is served; the menu offers each person only
pages useful to them."""

import pytest

from tests.e2e.conftest import login, logout

ACCOUNTS = ["admin", "so", "phong", "hieutruong", "ctcd", "totruong", "giaovien", "khoitruong"]

MENU_GEOMETRY = """() => {
  const bar = document.querySelector("nav.site-nav");
  const brand = bar.querySelector(".navbar-brand").getBoundingClientRect();
  const links = [...bar.querySelectorAll(".navbar-brand, .nav-link")]
    .map((el) => el.getBoundingClientRect());
  return {
    height: bar.getBoundingClientRect().height,
    brandHeight: brand.height,
    tops: [...new Set(links.map((r) => Math.round(r.top)))],
    right: Math.max(...links.map((r) => r.right)),
  };
}"""


@pytest.mark.parametrize("username", ACCOUNTS)
def test_the_menu_is_one_line_at_1366(page, live_server, demo, username):
    page.set_viewport_size({"width": 1366, "height": 800})
    login(page, live_server, username)
    geometry = page.evaluate(MENU_GEOMETRY)
    # One line: every link on the brand's line, the bar as tall as one line of it.
    assert max(geometry["tops"]) - min(geometry["tops"]) <= 8, (username, geometry)
    assert geometry["height"] <= geometry["brandHeight"] + 2 * 8 + 2, (username, geometry)
    assert geometry["right"] <= 1366, (username, geometry)
    menu = page.locator("nav.site-nav").inner_text()
    reviewers = {"hieutruong", "ctcd", "totruong", "khoitruong"}
    assert ("Duyệt đăng ký" in menu) == (username in reviewers)
    assert ("Đăng ký thi đua" in menu) == (username not in {"admin", "so", "phong"})
    logout(page)
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def test_the_menu_folds_on_a_phone(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "admin")
    menu = page.locator("#main-nav")
    plans = menu.get_by_role("link", name="Kế hoạch", exact=True)
    assert not plans.is_visible()
    page.get_by_role("button", name="Mở menu").click()
    plans.wait_for(state="visible")
    menu.get_by_role("button", name="Quản lý").click()
    menu.get_by_role("link", name="Nhật ký thay đổi").click()
    page.wait_for_url(f"{live_server.url}/audit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.request.get(f"{live_server.url}/static/favicon.svg").ok
