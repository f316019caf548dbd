"""Under the Content-Security-Policy nothing a page needs is blocked: the admin's plan
page (Django's admin and django-admin-sortable2), a document preview, the M1 form, and
the awards page whose delete button asks through data-confirm (static/js/confirm.js)."""

import pytest
from django.db.models import Count

from awards.models import Nomination
from emulation.models import Plan
from tests.e2e.conftest import login, logout, sign_in

# Report every violation the page sees as a console error, whatever the browser logs.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    """The page, and the CSP violations and script errors seen on it."""
    problems = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if "Content Security Policy" in msg.text or "CSP violation" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return page, problems


def test_the_watcher_sees_a_blocked_inline_script(watched, live_server, demo):
    page, problems = watched
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran === undefined")
    assert any("script-src" in p for p in problems), problems


def test_admin_plan_page_works_under_the_policy(watched, live_server, demo):
    page, problems = watched
    plan = (
        Plan.objects.annotate(bases=Count("legal_bases", distinct=True))
        .filter(bases__gte=2)
        .order_by("pk")
        .first()
    )
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/emulation/plan/")
    page.goto(f"{live_server.url}/admin/emulation/plan/{plan.pk}/change/")
    assert page.locator("#id_title").input_value() == plan.title
    # The admin's own scripts run: inline formsets add a row, the date widget opens its
    # calendar, django-admin-sortable2 moves a legal basis to the end.
    rows = int(page.input_value("#id_themes-TOTAL_FORMS"))
    page.click("#themes-group .add-row a")
    assert int(page.input_value("#id_themes-TOTAL_FORMS")) == rows + 1
    page.locator(".datetimeshortcuts a[id^=calendarlink]:visible").first.click()
    assert page.locator(".calendarbox:visible").count() == 1
    bases = page.locator("#legal_bases-group tr.has_original td.original p")
    first = bases.first.inner_text().strip()
    page.locator("#legal_bases-group tr.has_original .move-end").first.click(force=True)
    page.wait_for_function(
        "first => document.querySelector("
        "'#legal_bases-group tr.has_original td.original p').innerText.trim() !== first",
        arg=first,
    )
    assert bases.last.inner_text().strip() == first
    assert problems == []


def test_product_pages_work_under_the_policy(watched, live_server, demo):
    page, problems = watched
    plan = Plan.objects.filter(status=Plan.Status.PUBLISHED).order_by("pk").first()

    login(page, live_server, "giaovien")  # the login page and the home under the policy
    page.goto(f"{live_server.url}/plans/{plan.pk}/")  # the document preview
    page.goto(f"{live_server.url}/registrations/")
    page.get_by_role("link", name="Mẫu M1").first.click()
    page.wait_for_url("**/m1/")
    page.locator("textarea").first.fill("Nháp giữ trong trình duyệt")
    logout(page)

    draft = Nomination.objects.filter(
        status=Nomination.Status.DRAFT, organization__name="Trường Tiểu học Lai Uyên"
    ).first()
    sign_in(page, live_server, "hieutruong")
    page.goto(f"{live_server.url}/awards/nominations/{draft.pk}/")
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Xoá").click()
    page.wait_for_timeout(300)
    assert asked == ["Xoá đề nghị này?"]
    assert Nomination.objects.filter(pk=draft.pk).exists()

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Xoá").click()
    page.wait_for_url("**/awards/nominations/")
    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert problems == []
