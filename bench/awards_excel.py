"""Excel of a province's nominations: the Sở's list of 50,000 nominations received in a
round (NominationListExport), and the round page's workbook (RoundReportExport: the
summary per sender plus the same list). Target: at most 10 s and 300 MB peak memory.

The data (seed_scale's province, 700 schools, one nomination per person, sent school →
Phòng → Sở) is made once on a throw-away SQLite database; each export then runs in a
fresh process, so its peak resident memory (ru_maxrss) is the export's own: Python,
Django and the export, nothing of the data generation. With BENCH_TRACEMALLOC=1 a
second run of the list under tracemalloc (about three times slower) gives the peak of
Python allocations alone. bench/run.py runs it without DEBUG, which would keep every
query in memory."""

import io
import os
import random
import resource
import sys
import time
import tracemalloc

from bench.harness import in_fresh_process, row, setup_django

NOMINATIONS = int(os.environ.get("BENCH_NOMINATIONS", "50000"))
SCHOOLS = 700
OFFICES = 10
TARGET_SECONDS = 10
TARGET_MB = 300


def generate():
    """The province, its people and the round's nominations and proposals."""
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from awards.models import AwardForm, Nomination, Proposal, ProposalItem, Round, Title
    from emulation.models import Campaign
    from schools.management.commands.seed_scale import PROVINCE
    from schools.models import Organization, Person, SchoolYear

    staff = -(-NOMINATIONS // SCHOOLS) + 1
    call_command("seed_scale", offices=OFFICES, schools=SCHOOLS, staff=staff, stdout=io.StringIO())
    province = Organization.objects.get(name=PROVINCE)
    campaign = Campaign.objects.create(
        organization=province,
        school_year=SchoolYear.current(),
        name="Xây dựng và nhân rộng điển hình tiên tiến",
    )
    round = Round.objects.create(
        campaign=campaign, name="Tổng kết năm học", deadline=timezone.localdate()
    )
    rng = random.Random(2026)
    titles = list(Title.objects.filter(recipient="person"))
    forms = list(AwardForm.objects.all())
    people = list(
        Person.objects.filter(organization__path__startswith=province.path)
        .exclude(organization=province)
        .select_related("organization")
        .order_by("pk")[:NOMINATIONS]
    )
    achievements = (
        "Hoàn thành xuất sắc nhiệm vụ năm học; có sáng kiến kinh nghiệm được công nhận cấp "
        "cơ sở; 100% học sinh lớp chủ nhiệm hoàn thành chương trình; giáo viên dạy giỏi cấp "
        "huyện; tích cực tham gia các phong trào thi đua của ngành."
    )
    nominations = []
    for person in people:
        title = rng.choice(titles) if rng.random() < 0.7 else None
        nominations.append(
            Nomination(
                round=round,
                organization=person.organization,
                holder=province,
                person=person,
                title=title,
                award_form=None if title else rng.choice(forms),
                achievements=achievements,
                status=Nomination.Status.SUBMITTED,
            )
        )
    nominations = Nomination.objects.bulk_create(nominations, batch_size=2000)
    offices = {o.pk: o for o in Organization.objects.filter(parent=province)}
    schools = {o.pk: o for o in Organization.objects.filter(parent__in=list(offices))}
    sent_at = timezone.now()
    school_proposals = {
        pk: Proposal(
            organization=school,
            recipient=offices[school.parent_id],
            round=round,
            number=1,
            symbol="TTr-" + school.abbreviation,
            status=Proposal.Status.REVIEWED,
            sent_at=sent_at,
        )
        for pk, school in schools.items()
    }
    office_proposals = {
        pk: Proposal(
            organization=office,
            recipient=province,
            round=round,
            number=7,
            symbol="TTr-PGDĐT",
            status=Proposal.Status.SENT,
            sent_at=sent_at,
            is_late=rng.random() < 0.2,
        )
        for pk, office in offices.items()
    }
    Proposal.objects.bulk_create([*school_proposals.values(), *office_proposals.values()])
    outcomes = [o for o, _label in ProposalItem.Outcome.choices]
    items = []
    for order, nomination in enumerate(nominations):
        school = schools[nomination.organization_id]
        items.append(
            ProposalItem(
                proposal=school_proposals[school.pk],
                nomination=nomination,
                order=order,
                outcome=ProposalItem.Outcome.ACCEPTED,
            )
        )
        items.append(
            ProposalItem(
                proposal=office_proposals[school.parent_id],
                nomination=nomination,
                order=order,
                outcome=rng.choice(outcomes),
                comment="Bổ sung minh chứng" if rng.random() < 0.1 else "",
            )
        )
    ProposalItem.objects.bulk_create(items, batch_size=5000)
    return province.pk, round.pk


def _export(kind, province_pk, round_pk):
    from awards.aggregation import build_report
    from awards.exports import NominationListExport, RoundReportExport
    from awards.models import Round
    from schools.models import Organization

    province = Organization.objects.get(pk=province_pk)
    round = Round.objects.select_related("campaign").get(pk=round_pk)
    if kind == "list":
        return NominationListExport(province, [round]).content()
    return RoundReportExport(build_report(province, [round]), round).content()


def measure(kind, province_pk, round_pk, traced):
    """Run in a fresh process: time, peak RSS and (traced) peak Python allocations."""
    setup_django(migrate=False)
    from django.db import connection

    connection.ensure_connection()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    content = _export(kind, province_pk, round_pk)
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if traced else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_bytes = rss if sys.platform == "darwin" else rss * 1024
    rows = 0 if traced else _count_rows(content)
    return elapsed, rss_bytes, traced_peak, len(content), rows


def _count_rows(content):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = sum(1 for _row in book["Danh sách đề nghị"].iter_rows(values_only=True))
    return rows - 2  # the title and header rows


def main():
    started = time.perf_counter()
    province_pk, round_pk = in_fresh_process(generate)
    rows = [
        row(
            f"Excel: {NOMINATIONS:,} nominations of {SCHOOLS} schools generated",
            f"{time.perf_counter() - started:.0f} s",
            "",
            None,
        )
    ]
    for kind, label in [
        ("list", "NominationListExport (Sở, 1 round)"),
        ("page", "RoundReportExport (summary + list)"),
    ]:
        elapsed, rss, _traced, size, count = in_fresh_process(
            measure, kind, province_pk, round_pk, False
        )
        traced = ""
        if kind == "list" and os.environ.get("BENCH_TRACEMALLOC") == "1":
            traced = in_fresh_process(measure, kind, province_pk, round_pk, True)[2]
            traced = f", {traced / 2**20:.0f} MB traced"
        rows.append(
            row(
                f"Excel: {label}, {count:,} rows",
                f"{elapsed:.1f} s, {rss / 2**20:.0f} MB peak RSS{traced}, {size // 1024:,} KB",
                f"≤ {TARGET_SECONDS} s, ≤ {TARGET_MB} MB",
                elapsed <= TARGET_SECONDS and rss / 2**20 <= TARGET_MB,
            )
        )
    return rows
