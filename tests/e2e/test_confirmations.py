"""Irreversible steps ask first, saying what they will do (issue 15, item 6): the block
leader who dismisses "Chốt xếp hạng" or "Kết thúc bầu" changes nothing; accepting the
question posts the form."""

from emulation.blocks.models import EmulationBlock
from schools.models import SchoolYear
from tests.e2e.conftest import login


def test_closing_the_ranking_and_the_vote_ask_first(page, live_server, demo):
    block = EmulationBlock.objects.get(school_year=SchoolYear.current())
    login(page, live_server, "khoitruong")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_test_id("close-ranking").click()
    page.once("dialog", dismiss)
    page.get_by_test_id("close-vote").click()
    block.refresh_from_db()
    assert block.ranking_closed_at is None and block.vote_closed_at is None
    assert questions[0].startswith("Chốt xếp hạng của khối?")
    assert questions[1].startswith("Kết thúc bầu khối trưởng năm sau?")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_test_id("close-vote").click()
    # Accepted, the form is posted: the demo's current year has no vote yet, so the
    # service answers that (a dismissed question never reached it).
    assert "Chưa có phiếu bầu nào." in page.locator(".alert").all_inner_texts()
