"""Excel of a province's nominations: the Sở's list of 50,000 nominations received in a
round (NominationListExport), and the round page's workbook (RoundReportExport: the
summary per sender plus the same list). Target: at most 10 s and 300 MB peak memory.

The data (seed_scale's province, 700 schools, one nomination per person, sent school →
Phòng → Sở) is made once on a throw-away SQLite database; each export then runs in a
fresh process, so its peak resident memory (ru_maxrss) is the export's own: Python,
Django and the export, nothing of the data generation. A second run under tracemalloc
gives the peak of Python allocations alone."""

import io
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc

NOMINATIONS = int(os.environ.get("BENCH_NOMINATIONS", "50000"))
SCHOOLS = 700
OFFICES = 10
TARGET_SECONDS = 10
TARGET_MB = 300


def setup_django(db):
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def generate(db):
    """The province, its people and the round's nominations and proposals."""
    setup_django(db)
    from django.core.management import call_command
    from django.utils import timezone

    from awards.models import AwardForm, Nomination, Proposal, ProposalItem, Round, Title
    from emulation.models import Campaign
    from schools.management.commands.seed_scale import PROVINCE
    from schools.models import Organization, Person, SchoolYear

    call_command("migrate", verbosity=0)
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


def measure(db, kind, province_pk, round_pk, traced):
    """Run in a fresh process: time, peak RSS and (traced) peak Python allocations."""
    setup_django(db)
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


def _in_fresh_process(function, *args):
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(function, args)


def main():
    fd, db = tempfile.mkstemp(suffix=".sqlite3")
    os.close(fd)
    try:
        started = time.perf_counter()
        province_pk, round_pk = _in_fresh_process(generate, db)
        print(
            f"Excel of nominations: {NOMINATIONS} nominations of {SCHOOLS} schools generated "
            f"in {time.perf_counter() - started:.1f} s"
        )
        print(f"{'export':<42}{'rows':>8}{'s':>8}{'peak RSS MB':>13}{'traced MB':>11}{'KB':>8}")
        worst_seconds = worst_mb = 0
        for kind, label in [
            ("list", "NominationListExport (Sở, 1 round)"),
            ("page", "RoundReportExport (summary + list)"),
        ]:
            elapsed, rss, _traced, size, rows = _in_fresh_process(
                measure, db, kind, province_pk, round_pk, False
            )
            traced = "–"
            if kind == "list":  # tracemalloc makes the run about three times slower
                traced = _in_fresh_process(measure, db, kind, province_pk, round_pk, True)[2]
                traced = f"{traced / 2**20:.0f}"
            worst_seconds = max(worst_seconds, elapsed)
            worst_mb = max(worst_mb, rss / 2**20)
            print(
                f"{label:<42}{rows:>8}{elapsed:>8.2f}{rss / 2**20:>13.0f}"
                f"{traced:>11}{size // 1024:>8}"
            )
        verdict = "OK" if worst_seconds <= TARGET_SECONDS and worst_mb <= TARGET_MB else "OVER"
        print(
            f"target ≤ {TARGET_SECONDS} s and ≤ {TARGET_MB} MB: {verdict} "
            f"(worst {worst_seconds:.2f} s, {worst_mb:.0f} MB)"
        )
    finally:
        os.unlink(db)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
