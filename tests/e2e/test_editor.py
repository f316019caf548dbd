"""Documents entered in the site's editor by pasting their text (issue 14): a school's
three-page plan in at most 10 actions, and a document of each issuer kind — Công đoàn,
Đoàn, Liên đội, Chi bộ — and a joint plan, each published, printed and read back:
motto, number form, signature form, padded date, parts in order. At 1366 and 390 px."""

import io
from pathlib import Path

import pdfplumber

from emulation.models import Plan
from schools.models import SchoolYear
from tests.e2e.conftest import login
from tests.emulation.fixtures import EXPECTED, document_text

THREE_PAGES = Path(__file__).resolve().parent / "documents" / "ke_hoach_truong.txt"


class Actions:
    """Counts what the author does in the browser: each navigation, click and paste."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def goto(self, url):
        self.count += 1
        self.page.goto(url)

    def click(self, locator):
        self.count += 1
        locator.click()

    def paste(self, locator, text):
        self.count += 1
        locator.fill(text)

    def select(self, locator, value):
        self.count += 1
        locator.select_option(value)


def pdf_text(path):
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages), "\n".join(page.extract_text() or "" for page in pdf.pages)


def enter_by_pasting(page, live_server, text, issuer_kind=None):
    """New draft, paste, publish, download the PDF; returns (actions, plan, pdf path)."""
    actions = Actions(page)
    actions.goto(f"{live_server.url}/plans/new/")
    if issuer_kind:
        actions.select(page.get_by_label("Tổ chức ban hành"), issuer_kind)
    actions.click(page.get_by_role("button", name="Tạo bản nháp"))
    page.wait_for_url("**/plans/*/edit/")
    actions.paste(page.get_by_label("Dán toàn bộ văn bản"), text)
    actions.click(page.get_by_test_id("paste-submit"))
    page.wait_for_selector(".alert-success")
    assert page.get_by_test_id("editor-problems").is_hidden()
    actions.click(page.get_by_test_id("plan-publish"))
    actions.click(page.get_by_test_id("publish-confirm"))
    page.wait_for_url("**/plans/*/")
    # "Tải PDF" opens the PDF in the browser's viewer; the test reads what it opens.
    href = page.get_by_role("link", name="Tải PDF").get_attribute("href")
    actions.count += 1
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    plan = Plan.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    return actions.count, plan, io.BytesIO(response.body())


def test_a_three_page_plan_is_entered_in_ten_actions(page, live_server, demo):
    year = SchoolYear.current().start_date.year
    text = THREE_PAGES.read_text("utf-8").format(
        year=year, year2=year + 1, school_year=f"{year} - {year + 1}"
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "hieutruong")
    count, plan, path = enter_by_pasting(page, live_server, text)
    assert count <= 10, count
    pages, printed = pdf_text(path)
    assert pages >= 3
    flat = " ".join(printed.split())
    assert "Số: 04/KH-THLU" in flat
    assert f"Lai Uyên, ngày 05 tháng 02 năm {year + 1}" in flat
    headings = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA", "III. THỜI GIAN THỰC HIỆN"]
    headings += ["IV. TIÊU CHUẨN VÀ HÌNH THỨC KHEN THƯỞNG", "V. TỔ CHỨC THỰC HIỆN"]
    assert [flat.index(h) for h in headings] == sorted(flat.index(h) for h in headings)
    assert "d) Tích cực tự học" in flat and "Nguyễn Thị Hồng Nhung" in flat
    assert plan.number == 4 and plan.status == Plan.Status.PUBLISHED

    # On a phone the editor and the preview stack, readable without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_each_issuer_kind_pasted_published_and_printed(page, live_server, demo):
    """The demo already holds these plans (its loader pastes the same texts): they are
    removed first, or each register would refuse its number a second time."""
    Plan.objects.filter(organization__name="Trường Tiểu học Lai Uyên").exclude(
        issuer_kind="state", joint_issuer_kind=""
    ).delete()
    year = SchoolYear.current()
    login(page, live_server, "hieutruong")
    for kind in ("youth", "pioneers", "party", "joint"):
        count, plan, path = enter_by_pasting(page, live_server, document_text(kind, year))
        motto, number, signature = EXPECTED[kind]
        _pages, printed = pdf_text(path)
        assert motto in printed and number in printed, kind
        positions = [printed.index(line) for line in signature]
        assert positions == sorted(positions), kind
        assert plan.issuer_kind == ("state" if kind == "joint" else kind)
        assert count <= 10
    login(page, live_server, "ctcd")  # the union chair writes the Công đoàn's own plan
    count, plan, path = enter_by_pasting(
        page, live_server, document_text("union", year), issuer_kind="union"
    )
    _pages, printed = pdf_text(path)
    assert "Số: 05/KH-CĐCS" in printed and "TM. BAN CHẤP HÀNH" in printed
    assert plan.issuer_kind == "union" and plan.created_by.username == "ctcd"
