"""The office home costs as many queries for a Phòng of 22 schools as for one of 730 (a
commune office of a big city, or a Phòng of the scale benchmark's province), and at most
MAX_QUERIES: every panel is one or two queries whatever the number of units, rounds,
proposals, plans and reports. Both offices are made with bulk inserts and hold the same
kinds of rows in proportion to their size."""

import datetime

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Proposal, RoundReminder
from emulation.models import BlockReport, EmulationBlock, Plan
from schools.models import Organization, Role, SchoolYear
from tests.factories import user_with_role
from tests.factories.awards import make_round

MAX_QUERIES = 16
KEPT_QUERIES = 2  # session (with the generation of what the page shows), user
S = Proposal.Status


def build_office(tree, name, size, department_round):
    """A Phòng under Sở A with `size` schools and some of everything its home shows."""
    office = Organization.objects.create(
        name=name, kind=Organization.Kind.OFFICE, parent=tree.dept_a, abbreviation="PGD"
    )
    schools = Organization.objects.bulk_create(
        Organization(
            name=f"Trường Tiểu học {name} số {n}",
            kind=Organization.Kind.SCHOOL,
            school_level=Organization.Level.PRIMARY,
            parent=office,
            abbreviation=f"TH{n}",
        )
        for n in range(size)
    )
    for school in schools:  # bulk inserts skip save(): the paths, as seed_scale does
        school.path = school.compute_path()
        school.depth = office.depth + 1
    Organization.objects.bulk_update(schools, ["path", "depth"], batch_size=1000)
    user = user_with_role(Role.OFFICE_STAFF, office, username=f"chuyenvien{size}")
    now, today, year = timezone.now(), timezone.localdate(), SchoolYear.current()
    own_round = make_round(office, deadline_in_days=5, name="Đợt của Phòng")
    Proposal.objects.bulk_create(
        Proposal(
            organization=school,
            recipient=office,
            round=department_round if n % 2 else own_round,
            number=n + 1,
            symbol="TTr",
            status=S.SENT if n % 5 else S.REVIEWED,
            sent_at=now - datetime.timedelta(hours=n),
            is_late=n % 7 == 0,
        )
        for n, school in enumerate(schools)
        if n % 3 == 0
    )
    Proposal.objects.create(
        organization=office, recipient=tree.dept_a, round=department_round, status=S.DRAFT
    )
    RoundReminder.objects.create(round=own_round, office=office, sent_by=user, mail_count=3)
    for number in (1, 2):
        plan = Plan.objects.create(
            organization=office,
            school_year=year,
            status=Plan.Status.PUBLISHED,
            number=number,
            title=f"Kế hoạch số {number}",
        )
        Plan.objects.bulk_create(
            Plan(
                organization=school,
                school_year=year,
                parent_plan=plan,
                status=Plan.Status.PUBLISHED if n % 4 else Plan.Status.DRAFT,
                title="Kế hoạch triển khai",
            )
            for n, school in enumerate(schools)
            if n % 2 == 0
        )
    for number in (1, 2):
        members = schools[number - 1 :: 2]
        block = EmulationBlock.objects.create(
            office=office, school_year=year, name=f"Khối {number}", leader_school=members[0]
        )
        BlockReport.objects.bulk_create(
            BlockReport(
                block=block,
                school=school,
                kind=BlockReport.Kind.MIDYEAR,
                due_date=today - datetime.timedelta(days=3),
                submitted_at=now if n % 3 == 0 else None,
            )
            for n, school in enumerate(members)
        )
    return office, user


def home_queries(client, user):
    """The queries of building the page (not of serving it kept: common/generations)."""
    client.force_login(user)
    client.get(reverse("home"))  # session and caches warm
    caches["parts"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as kept:
        assert client.get(reverse("home")).content.count(b"<tr") == response.content.count(b"<tr")
    assert len(kept) == KEPT_QUERIES
    return len(captured), response


def test_the_office_home_costs_the_same_for_22_and_730_schools(client, tree):
    department_round = make_round(tree.dept_a, deadline_in_days=12, name="Quý IV")
    small_office, small_user = build_office(tree, "Nhỏ", 22, department_round)
    big_office, big_user = build_office(tree, "Lớn", 730, department_round)

    small, small_page = home_queries(client, small_user)
    big, big_page = home_queries(client, big_user)

    assert small == big <= MAX_QUERIES, (small, big)
    for page, office, size in [(small_page, small_office, 22), (big_page, big_office, 730)]:
        today = page.context["t"]
        assert today.office == office and len(today.senders) == size
        assert [r.round.name for r in today.rounds] == ["Đợt của Phòng", "Quý IV"]
        assert sum(r.total for r in today.rounds) == 2 * size
        assert today.waiting_count == sum(1 for n in range(size) if n % 3 == 0 and n % 5)
        unsent = [sum(1 for n in range(k) if n % 3) for k in ((size + 1) // 2, size // 2)]
        assert [b.overdue for b in today.blocks] == unsent
        assert [p.total for p in today.plans] == [size, size]
