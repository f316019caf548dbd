"""Queries of the office pages of a nomination round, and of the Sở's and the Phòng's
home, for two sizes of province: the number of queries must not depend on the number
of schools (the median time of each page is shown beside it).

Each size is made by seed_scale (Phòng and schools, a few staff each) on its own
throw-away SQLite database, in a fresh process, plus THPTs directly under the Sở, a
round of the Sở with nominations sent school → Phòng → Sở (some late, some missing),
and a Sở and a Phòng staff account."""

import io
import os
import random
import shutil
import tempfile
import time

from bench.harness import in_fresh_process, row

SIZES = [(2, 20, 2), (10, 700, 30)]  # (Phòng, schools, THPTs under the Sở)
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def setup_django(db):
    from bench.harness import setup_django

    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    setup_django(migrate=False)  # generate() migrates


def generate(offices, schools, thpts):
    """The province and its round; returns the objects the pages need."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from awards.models import Nomination, Proposal, ProposalItem, Round, Title
    from emulation.models import Campaign
    from schools.management.commands.seed_scale import PROVINCE
    from schools.models import Organization, Person, Role, SchoolYear
    from schools.services import assign_role

    call_command("migrate", verbosity=0)
    call_command("seed_scale", offices=offices, schools=schools, staff=3, stdout=io.StringIO())
    province = Organization.objects.get(name=PROVINCE)
    for i in range(thpts):
        school = Organization.objects.create(
            name=f"Trường THPT Số {i + 1}",
            kind=Organization.Kind.SCHOOL,
            school_level=Organization.Level.UPPER_SECONDARY,
            parent=province,
            abbreviation=f"THPT{i + 1}",
        )
        Person.objects.create(organization=school, full_name=f"Lê Văn Thầy {i}", gender="male")
    campaign = Campaign.objects.create(
        organization=province, school_year=SchoolYear.current(), name="Điển hình tiên tiến"
    )
    round = Round.objects.create(
        campaign=campaign, name="Quý I", deadline=timezone.localdate() - timezone.timedelta(1)
    )
    rng = random.Random(7)
    titles = list(Title.objects.filter(recipient="person"))
    outcomes = [o for o, _label in ProposalItem.Outcome.choices]
    senders = list(Organization.objects.filter(parent=province))
    for sender in senders:
        if rng.random() < 0.15:
            continue  # missing
        below = Person.objects.filter(organization__path__startswith=sender.path).select_related(
            "organization"
        )[: 2 * schools // offices or 2]
        nominations = Nomination.objects.bulk_create(
            Nomination(
                round=round,
                organization=p.organization,
                holder=province,
                person=p,
                title=rng.choice(titles),
                achievements="Hoàn thành xuất sắc nhiệm vụ.",
                status=Nomination.Status.SUBMITTED,
            )
            for p in below
        )
        proposal = Proposal.objects.create(
            organization=sender,
            recipient=province,
            round=round,
            number=1,
            symbol="TTr",
            status=Proposal.Status.SENT,
            sent_at=timezone.now(),
            is_late=rng.random() < 0.3,
        )
        ProposalItem.objects.bulk_create(
            ProposalItem(proposal=proposal, nomination=n, order=i, outcome=rng.choice(outcomes))
            for i, n in enumerate(nominations)
        )
    office = Organization.objects.filter(parent=province, kind="office").order_by("path").first()
    for school in Organization.objects.filter(parent=office):
        if rng.random() < 0.2:
            continue
        nominations = list(Nomination.objects.filter(round=round, organization=school))
        proposal = Proposal.objects.create(
            organization=school,
            recipient=office,
            round=round,
            status=Proposal.Status.REVIEWED,
            sent_at=timezone.now(),
        )
        ProposalItem.objects.bulk_create(
            ProposalItem(proposal=proposal, nomination=n, outcome="accepted") for n in nominations
        )
    so = get_user_model().objects.create_user("so_bench")
    assign_role(so, Role.DEPARTMENT_STAFF, province)
    phong = get_user_model().objects.create_user("phong_bench")
    assign_role(phong, Role.OFFICE_STAFF, office)
    return so, phong, province, office, round


def measure_size(db, offices, schools, thpts):
    """In a fresh process: queries and median time of each page."""
    setup_django(db)
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    so, phong, province, office, round = generate(offices, schools, thpts)
    pages = [
        ("round page, Sở", so, reverse("award_round", args=[round.pk]), {}),
        (
            "round page, Sở, level=primary",
            so,
            reverse("award_round", args=[round.pk]),
            {"level": "primary"},
        ),
        ("round page, Phòng", phong, reverse("award_round", args=[round.pk]), {}),
        (
            "drill-down to a Phòng, Sở",
            so,
            reverse("award_round_sender", args=[round.pk, office.pk]),
            {},
        ),
        ("round list, Sở", so, reverse("award_rounds"), {}),
        ("year page, Sở", so, reverse("award_year"), {}),
        ("round Excel, Sở", so, reverse("award_round_xlsx", args=[round.pk]), {}),
        ("home, Sở", so, reverse("home"), {}),
        ("home, Phòng", phong, reverse("home"), {}),
    ]
    results = []
    senders = province.children.count()
    for label, user, url, params in pages:
        client = Client()
        client.force_login(user)
        client.get(url, params)  # warm up
        timings = []
        for _ in range(REPEATS):
            caches["parts"].clear()  # the page built, not served kept (common/generations)
            caches["files"].clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (label, response.status_code)
        timings.sort()
        results.append((label, len(queries), timings[len(timings) // 2] * 1000))
    return senders, results


def main():
    measured = []
    for offices, schools, thpts in SIZES:
        fd, db = tempfile.mkstemp(suffix=".sqlite3")
        os.close(fd)
        if os.environ.get("BENCH_MIGRATED_DB"):  # bench/run.py migrated one already
            shutil.copyfile(os.environ["BENCH_MIGRATED_DB"], db)
        try:
            size = f"{schools + thpts} trường"
            measured.append((size, *in_fresh_process(measure_size, db, offices, schools, thpts)))
        finally:
            os.unlink(db)
    (small, _senders, small_pages), (big, _more_senders, big_pages) = measured
    rows = []
    for (label, queries, ms), (_label, big_queries, big_ms) in zip(
        small_pages, big_pages, strict=True
    ):
        rows.append(
            row(
                f"queries: {label} ({small} / {big})",
                f"{queries} / {big_queries} ({ms:.0f} / {big_ms:.0f} ms)",
                "the same at both sizes",
                queries == big_queries,
            )
        )
    return rows
