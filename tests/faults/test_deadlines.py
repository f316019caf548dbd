"""Deadlines end at midnight in Viet Nam (Asia/Ho_Chi_Minh, UTC+7 all year: no daylight
saving), whatever the server's clock says. The process clock is set to UTC here, as on a
server: 23:59:59 on the deadline in Viet Nam is 16:59:59 UTC the same day (still open);
00:00:00 the next day in Viet Nam is 17:00:00 UTC, still the deadline's date in UTC
(closed). Everything compares timezone.localdate(), never date.today().

Registration (forms M1), awards rounds (a proposal is late, never refused; its number
restarts with the calendar year in Viet Nam), emulation blocks (targets, reports)."""

import datetime
import os
import time

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardEvent, AwardForm, Proposal
from awards.services import nominations, proposals
from emulation.blocks import services as blocks
from emulation.blocks.models import BlockReport
from emulation.models import ScheduleItem
from registrations import deadlines
from registrations import services as registrations
from registrations.models import Status
from schools.models import SchoolYear
from schools.services import ServiceError
from tests.emulation.blocks.conftest import block  # noqa: F401 (fixture)
from tests.factories.awards import make_round, person_of
from tests.factories.registrations import make_campaign, make_registration

VN = datetime.timezone(datetime.timedelta(hours=7), "ICT")


@pytest.fixture(autouse=True)
def server_clock_in_utc():
    """The process runs in UTC (Django sets TZ from TIME_ZONE at start-up; a server or a
    container may not keep it): date.today() is the UTC date from here on."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def deadline(db):
    """30 October of the current school year (the registration deadline of seed 000)."""
    return datetime.date(SchoolYear.current().start_date.year, 10, 30)


def last_second(day):
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=VN)


def next_midnight(day):
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=VN)


def at(moment):
    return time_machine.travel(moment, tick=False)


def test_the_clocks_are_set_as_on_a_server(deadline):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with at(last_second(deadline)):
        assert timezone.now() == datetime.datetime.combine(
            deadline, datetime.time(16, 59, 59), tzinfo=datetime.UTC
        )
        assert timezone.localdate() == deadline == datetime.date.today()
    with at(next_midnight(deadline)):
        assert timezone.now() == datetime.datetime.combine(
            deadline, datetime.time(17), tzinfo=datetime.UTC
        )
        assert timezone.localdate() == deadline + datetime.timedelta(days=1)
        assert datetime.date.today() == deadline  # the trap: UTC still says the 30th


# --- registrations (M1) ---------------------------------------------------------------------


@pytest.fixture
def registration(tree, deadline):
    campaign = make_campaign(tree.school_a1)
    ScheduleItem.objects.filter(plan__campaign=campaign).update(deadline=deadline)
    return make_registration(campaign, person_of(tree.users["teacher_a1"]))


def test_registration_is_open_until_the_last_second_in_viet_nam(tree, registration, deadline):
    with at(last_second(deadline)):
        assert deadlines.is_open(registration.campaign, person=registration.person)
        submitted = registrations.submit(tree.users["teacher_a1"], registration)
    assert submitted.status == Status.SUBMITTED
    assert timezone.localtime(submitted.submitted_at).date() == deadline


def test_registration_closes_at_midnight_in_viet_nam(tree, registration, deadline):
    with at(next_midnight(deadline)):
        assert not deadlines.is_open(registration.campaign, person=registration.person)
        with pytest.raises(ServiceError) as refused:
            registrations.submit(tree.users["teacher_a1"], registration)
    assert str(refused.value).startswith(
        f"Đã hết hạn đăng ký ({deadline:%d/%m/%Y}). Bài của bạn vẫn được lưu"
    )
    registration.refresh_from_db()
    assert registration.status == Status.DRAFT


def test_an_extension_to_the_deadline_day_ends_at_the_same_midnight(tree, registration, deadline):
    with at(last_second(deadline - datetime.timedelta(days=5))):
        registrations.extend_deadline(
            tree.users["chair_a1"],
            registration.campaign,
            deadline + datetime.timedelta(days=2),
            person=registration.person,
        )
    extended = deadline + datetime.timedelta(days=2)
    with at(last_second(extended)):
        assert deadlines.is_open(registration.campaign, person=registration.person)
    with at(next_midnight(extended)):
        assert not deadlines.is_open(registration.campaign, person=registration.person)


# --- awards rounds ----------------------------------------------------------------------------


@pytest.fixture
def draft_proposal(tree, deadline):
    round_ = make_round(tree.dept_a)
    round_.deadline = deadline
    round_.save()
    principal = tree.users["principal_a1"]
    nomination = nominations.save_nomination(
        principal,
        tree.school_a1,
        round_,
        {
            "person": person_of(tree.users["teacher_a1"]),
            "award_form": AwardForm.objects.get(code="giay-khen-giam-doc-so"),
            "achievements": "Dạy giỏi",
        },
    )
    proposal = proposals.create_proposal(principal, tree.school_a1, round_)
    return proposals.set_items(principal, proposal, [nomination])


def test_a_proposal_sent_in_the_last_second_is_on_time(tree, draft_proposal, deadline):
    with at(last_second(deadline)):
        sent = proposals.send_proposal(tree.users["principal_a1"], draft_proposal)
    assert (sent.is_late, sent.issue_date) == (False, deadline)
    assert AwardEvent.objects.get(proposal=sent, action="send").comment == ""


def test_a_proposal_sent_at_midnight_is_late(tree, draft_proposal, deadline):
    with at(next_midnight(deadline)):
        sent = proposals.send_proposal(tree.users["principal_a1"], draft_proposal)
    assert (sent.is_late, sent.issue_date) == (True, deadline + datetime.timedelta(days=1))
    assert AwardEvent.objects.get(proposal=sent, action="send").comment == "muộn hạn"
    assert Proposal.objects.get(pk=sent.pk).status == Proposal.Status.SENT  # late, not refused


def test_document_numbers_restart_at_new_year_in_viet_nam(tree, draft_proposal, deadline):
    """A proposal sent at 00:00 on 1 January in Viet Nam (31 December, 17:00 UTC) is the
    first document of the new year."""
    new_year = datetime.date(deadline.year + 1, 1, 1)
    with at(next_midnight(new_year - datetime.timedelta(days=1))):
        assert datetime.date.today() == datetime.date(deadline.year, 12, 31)
        sent = proposals.send_proposal(tree.users["principal_a1"], draft_proposal)
    assert (sent.issue_date, sent.number) == (new_year, 1)


# --- emulation blocks ---------------------------------------------------------------------------


@pytest.fixture
def block_with_deadlines(tree, block, deadline):  # noqa: F811 (the block fixture)
    leader = tree.users["principal_a1"]
    blocks.set_target_items(leader, block, [("Tỷ lệ học sinh hoàn thành chương trình", "%")])
    blocks.set_deadlines(leader, block, targets_deadline=deadline)
    blocks.create_report_deadlines(leader, block, BlockReport.Kind.MIDYEAR, deadline)
    return block


def test_block_targets_are_taken_until_the_last_second(tree, block_with_deadlines, deadline):
    item = block_with_deadlines.target_items.get()
    principal = tree.users["principal_a2"]
    with at(last_second(deadline)):
        blocks.fill_targets(principal, block_with_deadlines, tree.school_a2, {item.pk: "100"})
    with at(next_midnight(deadline)), pytest.raises(ServiceError) as refused:
        blocks.fill_targets(principal, block_with_deadlines, tree.school_a2, {item.pk: "99"})
    assert str(refused.value) == f"Đã hết hạn đăng ký chỉ tiêu ({deadline:%d/%m/%Y})."
    assert item.values.get().value == "100"


def test_block_reports_are_late_from_midnight(client, tree, block_with_deadlines, deadline):
    client.force_login(tree.users["office_a"])
    detail = reverse("block_detail", kwargs={"pk": block_with_deadlines.pk})

    def late_reports():
        rows = client.get(reverse("block_list")).context["rows"]
        listed = next(r for r in rows if r["block"].pk == block_with_deadlines.pk)
        reports = client.get(detail).context["reports"]
        return listed["late_reports"], {r["overdue"] or r["report"].was_late for r in reports}

    reports = BlockReport.objects.filter(block=block_with_deadlines)
    on_time = reports.get(school=tree.school_a1)
    late = reports.get(school=tree.school_a2)
    with at(last_second(deadline)):
        assert late_reports() == (0, {False})
        blocks.submit_report(tree.users["principal_a1"], on_time, "Báo cáo sơ kết")
    with at(next_midnight(deadline)):
        # the report sent at the last second is on time; the two others are overdue
        assert late_reports() == (2, {False, True})
        late = blocks.submit_report(tree.users["principal_a2"], late, "Báo cáo sơ kết")
        # sent after midnight: still counted late, one day late
        assert late_reports() == (2, {False, True})
    assert late.was_late and late.days_late == 1
    on_time.refresh_from_db()
    assert not on_time.was_late and on_time.days_late == 0
