"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium),
headless. No browser is ever downloaded."""

import os
import threading
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Full-page screenshots of the journeys, for a person to look at: written when
# SCREENSHOT_DIR names a folder (`SCREENSHOT_DIR=/tmp/shots make test`), not in CI, where
# nobody looks and each costs Chromium a third of a second.
SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def picture(page, name):
    """The page as a PNG named `name` in SCREENSHOT_DIR, when it is set."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser profile per test process: a new one costs Chromium half a second of
    CPU, 41 times a pass. Motion reduced (Bootstrap then animates nothing): a click
    does not wait for an element to stop moving."""
    context = browser.new_context(locale="vi-VN", reduced_motion="reduce")
    yield context
    context.close()


@pytest.fixture
def page(browser_context, live_server):
    """A new tab for each test, in a profile that holds nothing of the test before: no
    cookie, nothing in the origin's storage (the forms' drafts live there)."""
    browser_context.clear_cookies()
    page = browser_context.new_page()
    page.set_default_timeout(10_000)
    yield page
    forget_the_origins_storage(page, live_server.url)
    page.close()


def forget_the_origins_storage(page, origin):
    if not page.url.startswith(origin):
        page.goto(f"{origin}/static/favicon.svg")
    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")


@pytest.fixture
def demo(transactional_db, demo_snapshot, settings, tmp_path_factory):
    """The demo district, committed (the live server reads it from another thread or
    connection): the rows and files `load_demo()` made once for this process, put back
    (tests/conftest.py, demo_snapshot), the files in a media folder of this test."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    finish_requests_in_flight()
    return demo_snapshot.restore(settings.MEDIA_ROOT)


@pytest.fixture(scope="session", autouse=True)
def one_request_per_connection():
    """The live server closes each connection after its answer. The browser's profile
    outlives a test (browser_context), and a kept-alive connection's thread would wait
    for its next request: finish_requests_in_flight would wait for it too."""
    from django.core.servers import basehttp

    cleanup_headers = basehttp.ServerHandler.cleanup_headers

    def closing(handler):
        cleanup_headers(handler)
        handler.headers["Connection"] = "close"
        handler.request_handler.close_connection = True

    basehttp.ServerHandler.cleanup_headers = closing
    yield
    basehttp.ServerHandler.cleanup_headers = cleanup_headers


def finish_requests_in_flight(timeout=15):
    """Wait for the live server's requests still running from the test before (its page
    closed under them). On SQLite they share the test's connection (Django's live server
    hands its threads the in-memory database's one): one that ran during the restore
    would read and write inside its transaction, and keep parts built from the old rows
    under the new generations. Daemon threads, so the server itself does not track them."""
    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)  # threading.Thread keeps it privately
        if getattr(target, "__name__", "") == "process_request_thread":
            thread.join(timeout)


def leave_the_page(page):
    """The tab leaves what it shows and stops loading it: no request of that page (an
    image or a frame behind a login, sent to the login page once the cookies are gone)
    answers later with a CSRF cookie other than the next page's form was made with."""
    page.goto("about:blank")


def login(page, live_server, username, password="demo12345"):
    """`username` signs in through the login page, from a tab holding no cookie."""
    leave_the_page(page)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def sign_in(page, live_server, username):
    """`username` signed in without the login form, for the journeys that are not about
    logging in (tests/e2e/test_accounts.py and test_navigation.py go through the form):
    a session made as Django's test client makes one, its cookie given to the browser,
    which then opens the page it goes to without the login page and the home before."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    leave_the_page(page)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def logout(page):
    """Sign out through the user's menu (the name at the menu bar's right end)."""
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
