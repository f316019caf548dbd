"""A year of awards in the demo district, made through the services as people would:
the council of Trường Tiểu học Lai Uyên votes and posts its list; the Sở's campaign has
four quarterly rounds (the last one still open); nominations are in every state;
proposals went up from schools to the Phòng and from the Phòng to the Sở; the Sở's
decision on the first quarter is recorded and its certificates are made."""

import datetime
import io

from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from emulation.models import Campaign, Plan, ScheduleItem
from schools.demo import BLOCK_LEADER_SCHOOL, DEMO_DEPARTMENT, DEMO_OFFICE, DEMO_SCHOOL
from schools.models import Person, SchoolYear, Unit

from . import catalogue, law_data
from .models import AwardForm, Proposal, ProposalItem, Round, Rule, Title
from .services import council, decisions, history, nominations, proposals, year_start
from .services.certificates import start_certificates
from .tasks import make_certificates

CAMPAIGN = "Xây dựng và nhân rộng điển hình tiên tiến"
QUARTER_DAYS = [(3, 10), (6, 10), (9, 10), (12, 10)]
ROMAN = {3: "I", 6: "II", 9: "III", 12: "IV"}
ACHIEVEMENTS = [
    "Giáo viên dạy giỏi cấp huyện; lớp chủ nhiệm đạt 100% học sinh hoàn thành chương trình; "
    "hướng dẫn 03 học sinh đạt giải cấp huyện.",
    "Tích cực đổi mới phương pháp dạy học, tổ chức học theo nhóm; tỷ lệ học sinh mạnh dạn "
    "phát biểu tăng từ 45% lên 90%.",
    "Có sáng kiến “Rèn kỹ năng đọc hiểu cho học sinh lớp 3” được Hội đồng khoa học cấp "
    "trường công nhận; tham gia tích cực phong trào “Đổi mới, sáng tạo trong dạy và học”.",
]


def quarterly_deadlines(today):
    """The four quarterly deadlines (10/3, 10/6, 10/9, 10/12) that end with the first one
    on or after today: three past rounds and one still open."""
    candidates = [
        datetime.date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        for month, day in QUARTER_DAYS
    ]
    upcoming = next(d for d in candidates if d >= today)
    index = candidates.index(upcoming)
    return candidates[index - 3 : index + 1]


def _pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _department_rounds(demo, department, so):
    deadlines = quarterly_deadlines(timezone.localdate())
    campaign, _created = Campaign.objects.get_or_create(
        organization=department,
        school_year=SchoolYear.for_date(deadlines[0]),
        name=CAMPAIGN,
    )
    plan = Plan.objects.create(
        campaign=campaign,
        organization=department,
        school_year=campaign.school_year,
        title="Kế hoạch xây dựng và nhân rộng điển hình tiên tiến",
        status=Plan.Status.PUBLISHED,
        symbol="KH-SGDĐT",
    )
    for order, day in enumerate(deadlines):
        ScheduleItem.objects.create(
            plan=plan,
            order=order,
            period_label=f"Quý {ROMAN[day.month]} năm {day.year}",
            activity=(
                "Các đơn vị, trường học gửi các điển hình tiên tiến tiêu biểu, xuất sắc kèm "
                "tóm tắt thành tích và minh chứng về Sở GDĐT."
            ),
            responsible="Các đơn vị, trường học",
            deadline=day,
            milestone=ScheduleItem.Milestone.NOMINATION,
        )
    nominations.rounds_from_schedule(so, campaign)
    return list(campaign.rounds.order_by("deadline"))


def _nominate(user, school, round, person, index, form):
    return nominations.save_nomination(
        user,
        school,
        round,
        {
            "person": person,
            "award_form": form,
            "duties": f"{person.get_position_display()}, {school.name}",
            "achievements": ACHIEVEMENTS[index % len(ACHIEVEMENTS)],
        },
    )


def _send(user, organization, round, items, on_time=True):
    proposal = proposals.create_proposal(user, organization, round)
    proposal.subject = "Về việc đề nghị khen thưởng điển hình tiên tiến"
    proposal.signer_name = (
        Person.objects.filter(organization=organization, user=user)
        .values_list("full_name", flat=True)
        .first()
        or ""
    )
    proposals.save_proposal(user, proposal)
    proposals.set_items(user, proposal, items)
    proposals.send_proposal(user, proposal)
    if on_time:  # the demo happens today; its history says it was sent before the deadline
        sent = timezone.make_aware(
            datetime.datetime.combine(round.deadline - datetime.timedelta(days=3), datetime.time(9))
        )
        Proposal.objects.filter(pk=proposal.pk).update(
            sent_at=sent, issue_date=sent.date(), is_late=False
        )
    return proposal


def _review(user, proposal, outcomes):
    for item in proposal.items.order_by("order"):
        outcome, comment = outcomes.get(item.nomination_id, (ProposalItem.Outcome.ACCEPTED, ""))
        proposals.review_item(user, item, outcome, comment)


def _school_year_vote(demo, school, users):
    year = SchoolYear.current()
    people = {u: Person.objects.get(user=users[u]) for u in ("hieutruong", "ctcd", "totruong")}
    board = council.set_council(
        users["hieutruong"], school, year, people["hieutruong"], list(people.values())
    )
    staff = list(Person.objects.filter(organization=school).order_by("sort_key"))
    for index, person in enumerate(staff):
        council.save_evaluation(
            users["hieutruong"],
            person,
            year,
            {
                "rating": "excellent" if index % 4 == 0 else "good",
                "initiative_recognised": index % 6 == 0,
            },
        )
    ldtt = Title.objects.get(code="ldtt")
    cstdcs = Title.objects.get(code="cstdcs")
    entries = [(ldtt, person) for person in staff[:6]] + [(cstdcs, staff[0])]
    vote = council.open_vote(
        users["hieutruong"],
        board,
        f"Bình xét danh hiệu thi đua năm học {year.name}",
        timezone.localdate() - datetime.timedelta(days=5),
        entries,
    )
    candidates = list(vote.candidates.order_by("order"))
    for voter in ("hieutruong", "ctcd", "totruong"):
        # the last LĐTT candidate gets one vote in three: not enough
        answers = {c.pk: not (c.order == 5 and voter != "hieutruong") for c in candidates}
        council.cast_ballot(users[voter], vote, answers)
    council.close_vote(users["hieutruong"], vote)
    today = timezone.localdate()
    posting = council.post_list(
        users["hieutruong"],
        vote,
        today - datetime.timedelta(days=3),
        today + datetime.timedelta(days=7),
        "Đề nghị cán bộ, giáo viên, nhân viên góp ý về danh sách trước khi nhà trường gửi "
        "đề nghị lên Phòng.",
    )
    council.comment_on_posting(
        users["giaovien"], posting, "Tôi đồng ý với danh sách đề nghị của Hội đồng."
    )


def _year_start(school, users):
    """The covenant of the staff conference, the registrations of titles, and two years
    of CSTĐCS the first teacher won before the product (entered by the principal)."""
    year = SchoolYear.current()
    principal = users["hieutruong"]
    people = {u: Person.objects.get(user=users[u]) for u in ("hieutruong", "ctcd")}
    year_start.record_covenant(
        principal,
        school,
        year,
        {
            "conference_date": year.start_date + datetime.timedelta(days=20),
            "head": people["hieutruong"],
            "union_chair": people["ctcd"],
            "content": "Thi đua dạy tốt, học tốt; 100% cán bộ, giáo viên, nhân viên đăng ký "
            "danh hiệu thi đua; không có cán bộ vi phạm đạo đức nhà giáo.",
        },
    )
    ldtt, cstdcs = Title.objects.get(code="ldtt"), Title.objects.get(code="cstdcs")
    staff = list(Person.objects.filter(organization=school).order_by("sort_key"))
    for index, person in enumerate(staff[:6]):
        year_start.register(
            principal, school, year, {"person": person, "title": cstdcs if index == 0 else ldtt}
        )
    for start in (year.start_date.year - 2, year.start_date.year - 1):
        history.add_record(
            principal,
            school,
            {
                "person": staff[0],
                "title": cstdcs,
                "school_year": SchoolYear.for_date(datetime.date(start, 10, 1)),
                "decision_number": f"{start - 2000 + 100}/QĐ-UBND",
                "decision_date": datetime.date(start + 1, 8, 15),
                "authority": "Chủ tịch UBND huyện Bàu Bàng",
            },
        )


def load_demo_awards(demo):
    # The catalogue comes with a data migration; a database emptied since (a test
    # database flushed between browser tests) gets it back here.
    catalogue.load(Title, AwardForm, Rule)
    law_data.load(django_apps)
    department = demo.org(DEMO_DEPARTMENT)
    if Round.objects.filter(campaign__organization=department, campaign__name=CAMPAIGN).exists():
        return
    users = demo.users
    school = demo.org(DEMO_SCHOOL)
    other = demo.org(BLOCK_LEADER_SCHOOL)
    office = demo.org(DEMO_OFFICE)
    hieutruong, khoitruong, phong, so = (
        users[u] for u in ("hieutruong", "khoitruong", "phong", "so")
    )
    _year_start(school, users)
    _school_year_vote(demo, school, users)
    rounds = _department_rounds(demo, department, so)
    form = AwardForm.objects.get(code="giay-khen-giam-doc-so")
    teachers = list(
        Person.objects.filter(organization=school, user__isnull=True).order_by("sort_key")
    )
    others = list(Person.objects.filter(organization=other, user__isnull=True).order_by("sort_key"))

    # Quarter 1: school → Phòng → Sở, accepted all the way, decided, certificates made.
    q1 = rounds[0]
    ours = [_nominate(hieutruong, school, q1, p, i, form) for i, p in enumerate(teachers[:2])]
    nominations.add_evidence(
        hieutruong, ours[0], SimpleUploadedFile("giay-chung-nhan-gvdg.pdf", _pdf_bytes())
    )
    theirs = [_nominate(khoitruong, other, q1, others[0], 1, form)]
    for proposal in (_send(hieutruong, school, q1, ours), _send(khoitruong, other, q1, theirs)):
        _review(phong, proposal, {})
    office_proposal = _send(phong, office, q1, ours + theirs)
    _review(so, office_proposal, {})
    decision = decisions.create_decision(
        so, department, q1, subject="Về việc khen thưởng điển hình tiên tiến Quý I"
    )
    decisions.set_awardees(so, decision, ours + theirs)
    decisions.record_decision(
        so,
        decision,
        decision_date=q1.deadline + datetime.timedelta(days=20),
        signer_name="Nguyễn Phương Dung",
        signer_position="PHÓ GIÁM ĐỐC",
        signer_authority="KT.",
    )
    batch = start_certificates(so, decision)
    make_certificates.call(batch.pk)

    # Quarter 2: the Phòng accepts one, returns one, rejects one; its proposal waits at the Sở.
    q2 = rounds[1]
    ours = [_nominate(hieutruong, school, q2, p, i, form) for i, p in enumerate(teachers[2:5])]
    proposal = _send(hieutruong, school, q2, ours)
    _review(
        phong,
        proposal,
        {
            ours[1].pk: (
                ProposalItem.Outcome.RETURNED,
                "Bổ sung minh chứng giấy chứng nhận giáo viên dạy giỏi.",
            ),
            ours[2].pk: (
                ProposalItem.Outcome.REJECTED,
                "Thành tích chưa tiêu biểu so với các đơn vị khác trong huyện.",
            ),
        },
    )
    _send(phong, office, q2, [ours[0]])

    # Quarter 3: Lai Hưng sent after the deadline (marked late); the Phòng has not decided.
    q3 = rounds[2]
    late = [_nominate(khoitruong, other, q3, p, i, form) for i, p in enumerate(others[1:3])]
    _send(khoitruong, other, q3, late, on_time=False)
    _send(hieutruong, school, q3, [_nominate(hieutruong, school, q3, teachers[5], 2, form)])

    # Quarter 4, still open: drafts at school, one of them a collective.
    q4 = rounds[3]
    draft = _nominate(hieutruong, school, q4, teachers[6], 0, form)
    nominations.add_evidence(
        hieutruong, draft, SimpleUploadedFile("san-pham-day-hoc.pdf", _pdf_bytes())
    )
    team = Unit.objects.filter(organization=school, kind=Unit.Kind.PROFESSIONAL_TEAM).first()
    if team is not None:
        nominations.save_nomination(
            hieutruong,
            school,
            q4,
            {
                "unit": team,
                "award_form": form,
                "achievements": "Tổ có 100% giáo viên đạt chuẩn; 02 giáo viên dạy giỏi cấp huyện.",
            },
        )
