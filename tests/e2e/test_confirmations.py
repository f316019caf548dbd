"""Irreversible steps ask first, saying what they will do (issue 15, item 6): the block
leader who dismisses "Chốt xếp hạng" or "Kết thúc bầu" changes nothing; accepting the
question posts the form."""

import datetime

from django.utils import timezone

from emulation.blocks import ranking
from emulation.blocks.models import EmulationBlock
from schools.demo import DEMO_SCHOOL
from schools.models import SchoolYear
from tests.e2e.conftest import sign_in


def test_closing_the_ranking_and_the_vote_ask_first(page, live_server, demo):
    block = EmulationBlock.objects.get(school_year=SchoolYear.current())
    # Both buttons are enabled once their deadline has passed (not every score or vote
    # is in); one school has voted.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    EmulationBlock.objects.filter(pk=block.pk).update(
        ranking_deadline=yesterday, vote_deadline=yesterday
    )
    candidate = block.memberships.get(school__name=DEMO_SCHOOL).school
    ranking.cast_vote(demo.users["khoitruong"], block, candidate)
    sign_in(page, live_server, "khoitruong")
    page.goto(f"{live_server.url}/blocks/{block.pk}/")
    for button in ("close-ranking", "close-vote"):
        assert page.get_by_test_id(button).is_enabled(), button
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
    # Accepted, the form is posted to its own URL: past the deadline, the one vote cast
    # elects its school (a dismissed question never reached the service).
    assert page.url == f"{live_server.url}/blocks/{block.pk}/#vote"
    block.refresh_from_db()
    assert block.vote_closed_at is not None and block.next_leader_school == candidate
    alerts = page.locator(".alert").all_inner_texts()
    assert f"Khối trưởng năm học sau: {candidate.name}." in alerts
    assert page.get_by_test_id("next-leader").is_visible()
