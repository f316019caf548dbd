"""The demo Phòng's emulation block (seed 001), led by `khoitruong`: last year's block
finished (targets, signed covenant, four meetings, reports, closed ranking and vote) and
this year's block at its start, with the block plan."""

import copy
import datetime
import json

from django.utils import timezone

from schools.demo import BLOCK_LEADER_SCHOOL, DEMO_OFFICE, DEMO_SCHOOL
from schools.models import SchoolYear

from ..demo import SEED_DIR, load_seed
from ..services import next_number
from . import ranking, services
from .models import BlockReport, EmulationBlock, LeaderVote, Score

BLOCK_NAME = "Khối thi đua số 1"
NOON = datetime.time(12, 0)
MEMBERS = [
    BLOCK_LEADER_SCHOOL,
    DEMO_SCHOOL,
    "Trường THCS Long Nguyên",
    "Trường THCS Trừ Văn Thố",
    "Trường THCS Lai Uyên",
]
TARGETS = [
    ("Danh hiệu tập thể đăng ký", ""),
    ("Tỷ lệ CB-GV-NV đạt Lao động tiên tiến", "%"),
    ("Số Chiến sĩ thi đua cơ sở", "người"),
    ("Số sáng kiến được công nhận", "sáng kiến"),
    ("Chuyên đề đăng cai", ""),
]
CRITERIA = [
    ("Thực hiện nhiệm vụ năm học", 40),
    ("Phong trào thi đua", 30),
    ("Công tác khối", 20),
    ("Sáng kiến, đổi mới", 10),
]


def _previous_year(year):
    return SchoolYear.for_date(year.start_date - datetime.timedelta(days=1))


def _set_targets(admin, leader, block, schools, base):
    """The block's target items, and each member school's values, a little different
    from school to school (`base`: the first school's rate, awards and lessons)."""
    services.set_target_items(leader, block, TARGETS)
    items = list(block.target_items.all())
    rate, awards, lessons = base
    for n, school in enumerate(schools):
        values = [
            "Tập thể lao động xuất sắc",
            str(rate + n),
            str(awards + n % 3),
            str(lessons + n),
            f"Chuyên đề quý {n % 4 + 1}",
        ]
        filled = {i.pk: v for i, v in zip(items, values, strict=True)}
        services.fill_targets(admin, block, school, filled)


def _finished_block(demo, office, year, schools):
    admin, leader = demo.users["admin"], demo.users["khoitruong"]
    block = services.create_block(admin, office, year, BLOCK_NAME, schools[0], schools)
    _set_targets(admin, leader, block, schools, (80, 3, 2))
    for school in schools:
        services.confirm_covenant(admin, block, school)
    start = year.start_date.year
    signed = timezone.make_aware(datetime.datetime(start, 10, 20, 10, 0))
    block.confirmations.update(confirmed_at=signed)  # at the first meeting, that year
    for n, (label, month) in enumerate(
        [
            ("Quý 4 năm " + str(start), 10),
            ("Quý I năm " + str(start + 1), 1),
            ("Quý II năm " + str(start + 1), 4),
            ("Tổng kết năm học", 5),
        ]
    ):
        day = datetime.datetime(start if month >= 9 else start + 1, month, 20, 8, 0)
        meeting = services.schedule_meeting(
            leader,
            block,
            period_label=label,
            starts_at=timezone.make_aware(day),
            place=schools[n % len(schools)].name,
            host_school=schools[n % len(schools)],
            agenda="Đánh giá công tác thi đua của khối",
            topic="Đổi mới sinh hoạt chuyên môn",
        )
        services.record_minutes(leader, meeting, "Các trường báo cáo; khối thống nhất nội dung.")
    for kind, due in [
        (BlockReport.Kind.MIDYEAR, datetime.date(start + 1, 1, 31)),
        (BlockReport.Kind.YEAREND, datetime.date(start + 1, 5, 25)),
        (BlockReport.Kind.BLOCK, datetime.date(start + 1, 5, 31)),
    ]:
        services.create_report_deadlines(leader, block, kind, due)
    for n, report in enumerate(block.reports.order_by("pk")):
        services.submit_report(admin, report, "Báo cáo kết quả thực hiện chỉ tiêu thi đua.")
        # Sent when they were, last year: two days early, one school three days late.
        days = 3 if n == 1 else -2
        sent = timezone.make_aware(
            datetime.datetime.combine(report.due_date + datetime.timedelta(days=days), NOON)
        )
        BlockReport.objects.filter(pk=report.pk).update(submitted_at=sent)
    office_user = demo.users["phong"]
    ranking.set_criteria(leader, block, CRITERIA)
    for n, school in enumerate(schools):
        # the leader scores the others; the office scores the leader's school
        kind, scorer = (Score.Kind.OFFICE, office_user) if n == 0 else (Score.Kind.LEADER, leader)
        for criterion in block.criteria.all():
            points = criterion.max_points - (n % 4)
            ranking.score(admin, block, school, criterion, points, Score.Kind.SELF)
            ranking.score(scorer, block, school, criterion, points - (n % 2), kind)
    block = ranking.close_ranking(leader, block)
    ranking.approve_ranking(office_user, block, block.leading_school)
    for school in schools:
        voter_user = demo.users["hieutruong"] if school.name == DEMO_SCHOOL else None
        if voter_user is None:
            LeaderVote.objects.create(block=block, voter_school=school, candidate=schools[0])
        else:
            ranking.cast_vote(voter_user, block, schools[0])
    ranking.close_vote(leader, block)
    return block


def _retarget(value, replacements):
    """Apply text replacements to every string of a seed transcription."""
    if isinstance(value, str):
        for old, new in replacements:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_retarget(v, replacements) for v in value]
    if isinstance(value, dict):
        return {k: _retarget(v, replacements) for k, v in value.items()}
    return value


def _block_plan(demo, block):
    """Seed 001 written for the demo block: its school, year and member count."""
    data = json.loads((SEED_DIR / "seed_001.json").read_text(encoding="utf-8"))
    leader = block.leader_school
    start = block.school_year.start_date.year
    replacements = [
        ("Trường Tiểu học Tân Túc", leader.name),
        ("gồm 04 trường", f"gồm {block.memberships.count():02d} trường"),
    ]
    for this, previous, following in [(2017, 2016, 2018)]:
        for sep in ("-", " - ", " – ", "- ", "–"):
            replacements += [
                (f"{this}{sep}{this + 1}", f"{start}{sep}{start + 1}"),
                (f"{previous}{sep}{previous + 1}", f"{start - 1}{sep}{start}"),
                (f"{following}{sep}{following + 1}", f"{start + 1}{sep}{start + 2}"),
            ]
    replacements += [
        ("năm 2017", f"năm {start}"),
        ("năm 2018", f"năm {start + 1}"),
        ("/2017", f"/{start}"),
        ("/2018", f"/{start + 1}"),
    ]
    data = copy.deepcopy(_retarget(data, replacements))
    data["organization"] = leader.name
    data["school_year"] = block.school_year.name
    data["title"] = (
        data["title"]
        .replace("2017- 2018", block.school_year.name)
        .replace("2017-2018", block.school_year.name)
    )
    data["subtitle"] = f"{BLOCK_NAME} - {demo.org(DEMO_OFFICE).name}"
    for signature in data["signatures"]:
        signature["position_note"] = f"Hiệu trưởng {leader.name}"
        signature["signer_name"] = "Huỳnh Văn Phát"
    data["campaign"] = f"Thi đua - khen thưởng {BLOCK_NAME}"
    # The seed leaves these two tables blank: the product prints them from the block's data.
    for section in data["sections"]:
        if section["heading"].startswith("Kết quả thi đua năm học"):
            section["heading"] = "Kết quả thi đua năm học trước của các trường trong khối"
            section["block"] = "results"
        elif section["heading"].startswith("CHỈ TIÊU ĐĂNG KÝ THI ĐUA"):
            section["heading"] = f"CHỈ TIÊU ĐĂNG KÝ THI ĐUA {BLOCK_NAME.upper()}"
            section["block"] = "targets"
        elif section["heading"].startswith("Thời gian, địa điểm"):
            section["block"] = "calendar"  # the block's own dates, printed from its data
    # The seed leaves its number and date blank (a template); the demo's plan is issued
    # with the leader school's next number, late in September.
    data["issue_date"] = f"{start}-09-25"
    data["number"] = next_number(leader, start)
    plan = load_seed(data)
    for item in plan.schedule_items.all():  # the seed's dates, moved to this year
        for name in ("start_date", "end_date", "deadline"):
            day = getattr(item, name)
            if day:
                setattr(item, name, day.replace(year=day.year + start - 2017))
        item.save()
    return plan


def load_demo_blocks(demo):
    office = demo.org(DEMO_OFFICE)
    year = demo.school_year
    if EmulationBlock.objects.filter(office=office, school_year=year).exists():
        return
    schools = [demo.org(name) for name in MEMBERS]
    _finished_block(demo, office, _previous_year(year), schools)
    block = services.create_block(
        demo.users["admin"], office, year, BLOCK_NAME, schools[0], schools
    )
    block.plan = _block_plan(demo, block)
    block.save()
    _this_year_as_planned(demo, block, schools)


def _this_year_as_planned(demo, block, schools):
    """This year's block holds what its plan prints (seed 001's calendar, moved to this
    year): the targets and covenant are due at the first meeting and the end of October,
    meetings each quarter at the leader school, reports in January and May. The first
    meeting was held; every school registered its targets and all but the demo school
    signed the covenant."""
    leader, admin = demo.users["khoitruong"], demo.users["admin"]
    start = block.school_year.start_date.year
    for label, day in [
        (f"Quý 4 năm {start}", datetime.datetime(start, 10, 20, 8, 0)),
        (f"Quý I năm {start + 1}", datetime.datetime(start + 1, 1, 25, 8, 0)),
        (f"Quý II năm {start + 1}", datetime.datetime(start + 1, 5, 18, 8, 0)),
    ]:
        meeting = services.schedule_meeting(
            leader,
            block,
            period_label=label,
            starts_at=timezone.make_aware(day),
            place=block.leader_school.name,
            host_school=block.leader_school,
            agenda="Họp khối thi đua theo kế hoạch",
        )
        if day.year == start:
            services.record_minutes(
                leader, meeting, "Thống nhất kế hoạch, chỉ tiêu và giao ước thi đua của khối."
            )
    _set_targets(admin, leader, block, schools, (85, 2, 1))
    for school in schools:
        if school.name != DEMO_SCHOOL:
            services.confirm_covenant(admin, block, school)
    signed = timezone.make_aware(datetime.datetime(start, 10, 20, 10, 0))
    block.confirmations.update(confirmed_at=signed)  # at the first meeting
    # set last: registering targets is refused once their deadline has passed
    services.set_deadlines(
        leader,
        block,
        targets_deadline=datetime.date(start, 10, 20),
        covenant_deadline=datetime.date(start, 10, 31),
        ranking_deadline=datetime.date(start + 1, 5, 18),
        vote_deadline=datetime.date(start + 1, 5, 18),
    )
    for kind, due in [
        (BlockReport.Kind.MIDYEAR, datetime.date(start + 1, 1, 31)),
        (BlockReport.Kind.BLOCK, datetime.date(start + 1, 5, 25)),
    ]:
        services.create_report_deadlines(leader, block, kind, due)
    ranking.set_criteria(leader, block, CRITERIA)
