"""The office home (awards/office_today.py, awards/views/office_home.py): each panel's
numbers for Phòng A and Sở A of the `tree`, the page office staff land on, and the
reminder the office sends to the units below that have not sent their proposal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import Proposal, RoundReminder
from awards.office_today import office_today
from awards.services.reminders import REMIND_INTERVAL, remind_missing_senders
from emulation.models import BlockReport, Campaign, EmulationBlock, Plan
from schools.models import Person, Role, SchoolYear
from schools.services import ServiceError, assign_role
from tests.awards.object_urls.workflow import posting_of_a1
from tests.factories import user_with_role
from tests.factories.awards import make_round

S = Proposal.Status


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def sent(organization, recipient, round, status=S.SENT, days_ago=1, late=False, number=1):
    return Proposal.objects.create(
        organization=organization,
        recipient=recipient,
        round=round,
        number=number if status != S.DRAFT else None,
        symbol="TTr",
        status=status,
        sent_at=None if status == S.DRAFT else timezone.now() - datetime.timedelta(days=days_ago),
        is_late=late,
    )


# -- 1, 2: live rounds, who has sent -----------------------------------------------------


def test_live_rounds_with_days_left_and_who_has_sent(tree):
    quarter = make_round(tree.dept_a, deadline_in_days=20, name="Quý IV")
    own = make_round(tree.office_a, deadline_in_days=3, name="Đợt của Phòng A")
    make_round(tree.dept_a, deadline_in_days=-5, name="Quý III")  # closed
    make_round(tree.dept_b, deadline_in_days=10, name="Quý IV của Sở B")  # not theirs
    sent(tree.school_a1, tree.office_a, quarter)
    sent(tree.school_a2, tree.office_a, quarter, status=S.DRAFT)  # a draft is not sent

    today = office_today(tree.users["office_a"], tree.office_a)

    assert [(r.round.name, r.days_left, r.is_own) for r in today.rounds] == [
        ("Đợt của Phòng A", 3, True),
        ("Quý IV", 20, False),
    ]
    mine, theirs = today.rounds
    assert (mine.round, theirs.round) == (own, quarter)
    assert (mine.sent, mine.missing) == ([], [tree.school_a1, tree.school_a2])
    assert (theirs.sent, theirs.missing) == ([tree.school_a1], [tree.school_a2])
    assert theirs.total == 2 and today.missing_units == 2


def test_the_department_follows_its_own_senders(tree):
    quarter = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    make_round(tree.office_a, deadline_in_days=3, name="Đợt của Phòng A")  # below the Sở
    sent(tree.office_a, tree.dept_a, quarter)
    sent(tree.school_a1, tree.office_a, quarter)  # to the Phòng, not to the Sở

    today = office_today(tree.users["dept_a"], tree.dept_a)

    [row] = today.rounds
    assert row.is_own and row.days_left == 6
    assert row.sent == [tree.office_a]
    assert row.missing == [tree.thpt_a, tree.commune_a]


# -- 3: proposals waiting for review -------------------------------------------------------


def test_proposals_waiting_for_review_oldest_first(tree):
    quarter = make_round(tree.dept_a, deadline_in_days=6)
    newer = sent(tree.school_a2, tree.office_a, quarter, days_ago=2, late=True)
    older = sent(tree.school_a1, tree.office_a, quarter, days_ago=5)
    sent(tree.school_a1, tree.office_a, quarter, status=S.REVIEWED, days_ago=9)
    sent(tree.school_a1, tree.office_a, quarter, status=S.DRAFT)
    sent(tree.school_b1, tree.office_b, make_round(tree.dept_b), days_ago=30)
    sent(tree.office_a, tree.dept_a, quarter, days_ago=7)  # waits at the Sở

    today = office_today(tree.users["office_a"], tree.office_a)

    assert today.waiting == [older, newer]
    assert today.waiting_count == 2
    assert [p.days_waiting for p in today.waiting] == [5, 2]
    assert [p.item_count for p in today.waiting] == [0, 0]
    department = office_today(tree.users["dept_a"], tree.dept_a)
    assert [p.organization for p in department.waiting] == [tree.office_a]


# -- 4: the office's own deadline upward ---------------------------------------------------


def test_the_offices_own_proposal_upward(tree):
    live = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    make_round(tree.office_a, deadline_in_days=3, name="Đợt của Phòng A")  # nobody above
    user = tree.users["office_a"]

    [row] = office_today(user, tree.office_a).upward
    assert (row.round, row.days_left, row.upward.status, row.upward.is_sent) == (
        live,
        6,
        "",
        False,
    )
    draft = sent(tree.office_a, tree.dept_a, live, status=S.DRAFT)
    [row] = office_today(user, tree.office_a).upward
    assert row.upward.is_draft and row.upward.proposal_pk == draft.pk
    proposal = sent(tree.office_a, tree.dept_a, live, number=2)
    today = office_today(user, tree.office_a)
    [row] = today.upward
    assert row.upward.is_sent and row.upward.proposal_pk == proposal.pk
    assert today.upward_open == []
    assert office_today(tree.users["dept_a"], tree.dept_a).upward == []  # the Bộ has no round


def test_a_past_round_stays_while_the_office_holds_what_it_received(tree):
    received = make_round(tree.dept_a, deadline_in_days=-4, name="Quý III")
    make_round(tree.dept_a, deadline_in_days=-4, name="Quý III bis")  # nothing received
    answered = make_round(tree.dept_a, deadline_in_days=-4, name="Quý III ter")
    sent(tree.school_a1, tree.office_a, received)
    sent(tree.school_a2, tree.office_a, received)
    sent(tree.school_a1, tree.office_a, answered)
    sent(tree.office_a, tree.dept_a, answered, late=True)

    today = office_today(tree.users["office_a"], tree.office_a, school_year=received.school_year)

    assert [(r.round, r.days_late, r.upward.received) for r in today.upward] == [(received, 4, 2)]
    assert today.rounds == []  # none is live
    other_year = SchoolYear.for_date(received.deadline - datetime.timedelta(days=400))
    assert office_today(tree.users["office_a"], tree.office_a, school_year=other_year).upward == []


# -- 5: block reports ----------------------------------------------------------------------


def _report(block, school, kind, due_in, sent_in=None):
    submitted = None
    if sent_in is not None:
        noon = datetime.datetime.combine(days(sent_in), datetime.time(12))
        submitted = timezone.make_aware(noon)
    return BlockReport.objects.create(
        block=block, school=school, kind=kind, due_date=days(due_in), submitted_at=submitted
    )


def test_block_reports_overdue_and_sent_late(tree):
    year = SchoolYear.current()
    block = EmulationBlock.objects.create(
        office=tree.office_a, school_year=year, name="Khối 1", leader_school=tree.school_a1
    )
    K = BlockReport.Kind
    _report(block, tree.school_a1, K.MIDYEAR, -3)  # overdue
    _report(block, tree.school_a2, K.MIDYEAR, -10, sent_in=-8)  # late
    _report(block, tree.school_a1, K.YEAREND, 30)  # ahead
    _report(block, tree.school_a2, K.YEAREND, -20, sent_in=-21)  # on time
    _report(block, tree.school_a1, K.BLOCK, 12)  # ahead, later
    last_year = SchoolYear.for_date(year.start_date - datetime.timedelta(days=1))
    old = EmulationBlock.objects.create(
        office=tree.office_a, school_year=last_year, name="Khối cũ", leader_school=tree.school_a1
    )
    _report(old, tree.school_a1, K.MIDYEAR, -300)
    other = EmulationBlock.objects.create(
        office=tree.office_b, school_year=year, name="Khối B", leader_school=tree.school_b1
    )
    _report(other, tree.school_b1, K.MIDYEAR, -3)

    today = office_today(tree.users["office_a"], tree.office_a)

    assert [(b.name, b.overdue, b.late, b.next_due) for b in today.blocks] == [
        ("Khối 1", 1, 1, days(12))
    ]
    assert (today.overdue_reports, today.late_reports) == (1, 1)


def test_a_covenant_past_due_and_a_ranking_to_approve_show_on_the_office_home(client, tree):
    from emulation.blocks import services as block_services

    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối 1",
        tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )
    block_services.set_target_items(tree.users["principal_a1"], block, [("Danh hiệu", "")])
    item = block.target_items.get()
    for key, school in (("principal_a1", tree.school_a1), ("principal_a2", tree.school_a2)):
        block_services.fill_targets(tree.users[key], block, school, {item.pk: "TTLĐXS"})
    block_services.confirm_covenant(tree.users["principal_a1"], block, tree.school_a1)
    block.covenant_deadline = days(-1)
    block.ranking_closed_at = timezone.now()
    block.save()
    [row] = office_today(tree.users["office_a"], tree.office_a).blocks
    assert (row.member_count, row.signed) == (2, 1)
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("home")).content.decode()
    assert "1/2 trường đã ký" in page and "xếp hạng chờ Phòng duyệt" in page


# -- 6: plans of the units below -----------------------------------------------------------


def _plan(organization, year, status=Plan.Status.PUBLISHED, parent=None, **extra):
    return Plan.objects.create(
        organization=organization,
        school_year=year,
        status=status,
        parent_plan=parent,
        title=extra.pop("title", f"Kế hoạch của {organization.name}"),
        **extra,
    )


def test_which_units_below_implemented_the_offices_plans(tree):
    year = SchoolYear.current()
    plan = _plan(tree.office_a, year, number=5, issue_date=days(-30))
    done = _plan(tree.school_a1, year, parent=plan)
    _plan(tree.school_a1, year, status=Plan.Status.DRAFT, parent=plan)  # an older draft
    _plan(tree.school_a2, year, status=Plan.Status.DRAFT, parent=plan)
    _plan(tree.school_a3, year, parent=plan)  # under the commune, not the Phòng
    _plan(tree.office_a, year, status=Plan.Status.DRAFT, title="Nháp")
    old_year = SchoolYear.for_date(year.start_date - datetime.timedelta(days=400))
    _plan(tree.office_a, old_year, title="Kế hoạch năm trước")
    campaign = Campaign.objects.create(
        organization=tree.office_a, school_year=old_year, name="Điển hình tiên tiến"
    )
    running = _plan(tree.office_a, old_year, campaign=campaign, title="Còn đợt đang mở")
    campaign.rounds.create(name="Quý IV", deadline=days(10))

    today = office_today(tree.users["office_a"], tree.office_a)

    assert [p.plan for p in today.plans] == [plan, running]
    first, second = today.plans
    assert first.published == [(tree.school_a1, done.pk)]
    assert (first.drafting, first.missing, first.total) == ([tree.school_a2], [], 2)
    assert (second.published, second.missing) == ([], [tree.school_a1, tree.school_a2])
    assert today.plans_missing == 2


# -- the page ------------------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
def test_office_staff_land_on_the_office_home_and_schools_keep_theirs(client, tree):
    posting_of_a1(tree)  # the school's internal business
    make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("home"))
    shown = [t.name for t in page.templates]
    assert {"awards/office_home/page.html", "awards/office_home/_body.html"} <= set(shown)
    text = page.content.decode()
    assert "Việc hôm nay" in text and "Quý IV" in text and "còn 6 ngày" in text
    assert "Danh sách công khai" not in text
    client.force_login(tree.users["principal_a1"])
    school = client.get(reverse("home"))
    # the school's home (its sections rendered first, on their own, to be kept)
    names = [t.name for t in school.templates]
    assert "schools/home.html" in names and "awards/office_home/page.html" not in names
    assert "Danh sách công khai" in school.content.decode()
    client.force_login(tree.users["admin"])
    names = [t.name for t in client.get(reverse("home")).templates]
    assert "schools/home.html" in names and "awards/office_home/page.html" not in names


def test_staff_of_two_offices_pick_one(client, tree):
    user = tree.users["office_a"]
    assign_role(user, Role.OFFICE_STAFF, tree.commune_a, school_year=SchoolYear.current())
    client.force_login(user)
    first = client.get(reverse("home"))
    assert first.context["office"] == tree.office_a
    assert first.context["offices"] == [tree.office_a, tree.commune_a]
    picked = client.get(reverse("home"), {"office": tree.commune_a.pk})
    assert picked.context["office"] == tree.commune_a
    foreign = client.get(reverse("home"), {"office": tree.office_b.pk})
    assert foreign.context["office"] == tree.office_a


# -- the reminder --------------------------------------------------------------------------


@pytest.fixture
def addressed(tree):
    """Addresses for the managers of A1 and A2 (and a teacher of A2, who is no manager):
    on their accounts, or on their staff records."""
    vice = user_with_role(Role.VICE_PRINCIPAL, tree.school_a2, username="pht_a2")
    teacher = user_with_role(Role.TEACHER, tree.school_a2, username="gv_a2")
    for user, address in [
        (tree.users["principal_a1"], "ht.a1@truong.vn"),
        (tree.users["principal_a2"], "ht.a2@truong.vn"),
        (teacher, "gv.a2@truong.vn"),
        (tree.users["office_a"], "phong.a@phong.vn"),
    ]:
        user.email = address
        user.save(update_fields=["email"])
    # The vice principal's address is on the staff record only (as in the demo).
    Person.objects.filter(user=vice).update(email="pht.a2@truong.vn")
    return tree


def test_remind_mails_the_managers_of_the_units_missing_after_commit(
    addressed, mailoutbox, django_capture_on_commit_callbacks
):
    tree = addressed
    quarter = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    sent(tree.school_a1, tree.office_a, quarter)
    with django_capture_on_commit_callbacks(execute=True):
        reminder = remind_missing_senders(tree.users["office_a"], tree.office_a, quarter)
        assert mailoutbox == []  # nothing before the commit
    assert sorted(m.to[0] for m in mailoutbox) == ["ht.a2@truong.vn", "pht.a2@truong.vn"]
    mail = mailoutbox[0]
    assert mail.subject == "Nhắc gửi tờ trình đề nghị khen thưởng: Quý IV"
    assert "Phòng A chưa nhận được tờ trình đề nghị khen thưởng của Trường A2" in mail.body
    assert "còn 6 ngày" in mail.body
    assert list(reminder.units.all()) == [tree.school_a2]
    assert (reminder.office, reminder.mail_count, reminder.sent_by) == (
        tree.office_a,
        2,
        tree.users["office_a"],
    )
    [row] = office_today(tree.users["office_a"], tree.office_a).rounds
    assert row.last_reminder == reminder


def test_a_reminder_rolled_back_sends_nothing(addressed, django_capture_on_commit_callbacks):
    quarter = make_round(addressed.dept_a, deadline_in_days=6)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        remind_missing_senders(addressed.users["office_a"], addressed.office_a, quarter)
        transaction.set_rollback(True)
    assert callbacks == [] and not RoundReminder.objects.exists()


@pytest.mark.parametrize("role", ["principal_a1", "teacher_a1", "dept_a", "office_b"])
def test_only_the_offices_own_staff_remind(addressed, role):
    quarter = make_round(addressed.dept_a, deadline_in_days=6)
    with pytest.raises(PermissionDenied):
        remind_missing_senders(addressed.users[role], addressed.office_a, quarter)
    assert not RoundReminder.objects.exists()


def test_a_reminder_is_refused_when_it_would_reach_nobody_or_twice(
    addressed, mailoutbox, django_capture_on_commit_callbacks
):
    tree, user = addressed, addressed.users["office_a"]
    foreign = make_round(tree.dept_b, deadline_in_days=6)
    with pytest.raises(ServiceError, match="không gửi về đơn vị của bạn"):
        remind_missing_senders(user, tree.office_a, foreign)
    everyone = make_round(tree.dept_a, deadline_in_days=6, name="Đủ cả")
    sent(tree.school_a1, tree.office_a, everyone)
    sent(tree.school_a2, tree.office_a, everyone)
    with pytest.raises(ServiceError, match="đã gửi tờ trình"):
        remind_missing_senders(user, tree.office_a, everyone)
    quiet = make_round(tree.dept_a, deadline_in_days=6, name="Không ai có e-mail")
    sent(tree.school_a2, tree.office_a, quiet)
    tree.users["principal_a1"].email = ""
    tree.users["principal_a1"].save(update_fields=["email"])
    with pytest.raises(ServiceError, match="chưa có địa chỉ e-mail"):
        remind_missing_senders(user, tree.office_a, quiet)
    assert not RoundReminder.objects.exists()
    quarter = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    with django_capture_on_commit_callbacks(execute=True):
        first = remind_missing_senders(user, tree.office_a, quarter)
        with pytest.raises(ServiceError, match="có thể nhắc lại từ"):
            remind_missing_senders(user, tree.office_a, quarter)
    RoundReminder.objects.filter(pk=first.pk).update(
        sent_at=first.sent_at - REMIND_INTERVAL - datetime.timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_senders(user, tree.office_a, quarter)
    assert RoundReminder.objects.filter(round=quarter).count() == 2
    assert len(mailoutbox) == 4  # two reminders, each to A2's principal and vice principal


def test_the_remind_button_reminds_and_the_home_says_when(
    client, addressed, mailoutbox, django_capture_on_commit_callbacks
):
    tree = addressed
    quarter = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    client.force_login(tree.users["office_a"])
    home = client.get(reverse("home")).content.decode()
    url = reverse("award_round_remind", args=[quarter.pk])
    assert f'action="{url}?office={tree.office_a.pk}"' in home
    assert "Gửi thư nhắc tới lãnh đạo của 2 đơn vị chưa gửi tờ trình đợt “Quý IV”?" in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}?office={tree.office_a.pk}", follow=True)
    assert response.redirect_chain[-1][0] == f"/?office={tree.office_a.pk}#rounds"
    text = response.content.decode()
    assert "Đã nhắc 2 đơn vị chưa gửi tờ trình của đợt “Quý IV”: 3 thư" in text
    assert "Đã nhắc lúc" in text
    assert len(mailoutbox) == 3
