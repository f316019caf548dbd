"""What the load scenario needs on top of `seed_scale` (one Sở, 10 Phòng, 700 schools,
28,000 staff), made with bulk inserts in a few seconds:

- an account for every member of staff (the same known password, hashed once) with
  their roles of this school year: teacher (with the union group), principal and vice
  principals, one union chair and one leader per union group in every school; Phòng
  and Sở specialists (office and department staff);
- last year's and this year's registration campaign of every school (implementing the
  Sở's), each with a published plan whose schedule holds the registration deadline
  (last year's passed, this year's in 30 days);
- forms M1: last year's approved for 90 % of the staff; this year's for all but a few
  teachers of every school (the ones the scenario's teachers log in as), in every
  state, with their history rows and submitted versions;
- every Phòng's emulation blocks (seven schools each) with their quarterly meetings;
- the Sở's quarterly nominations (four rounds from its published plan): quarter I past
  its deadline and worked through (schools → Phòng, reviewed, Phòng → Sở, some late,
  some missing), quarter II half sent, III and IV ahead;
- logged-in sessions for the accounts the scenario uses (the benchmark measures pages,
  not the password hasher), written with the accounts to a JSON file.

Run by bench/load/run.py: `python bench/load/data.py OUT.json` with the server's
DATABASE_URL and DJANGO_SECRET_KEY (sessions are signed with it)."""

import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "bench-load-2026"
POOL_TEACHERS_PER_SCHOOL = 4  # teachers without this year's M1: the scenario's teachers
OFFICE_STAFF_PER_PHONG = 3
DEPARTMENT_STAFF = 5
SESSION_DAYS = 14

TASKS = [
    ("Giáo viên chủ nhiệm lớp {n}A", "teaching_method"),
    ("Giáo viên dạy Toán khối {n}", "teaching_quality"),
    ("Tổng phụ trách Đội", "student_education"),
    ("Tổ trưởng chuyên môn tổ {n}", "management"),
    ("Giáo viên Tiếng Anh khối {n}", "research"),
]
LONG_TEXT = (
    "Học sinh còn rụt rè khi trình bày trước lớp; kỹ năng tự học chưa đều. "
    "Tổ chức học theo nhóm nhỏ, giao nhiệm vụ theo tuần, kiểm tra và phản hồi kịp thời. "
) * 3


def setup():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _school_year(start_year):
    from schools.models import SchoolYear

    year, _created = SchoolYear.objects.get_or_create(
        name=f"{start_year}-{start_year + 1}",
        defaults={
            "start_date": datetime.date(start_year, 9, 1),
            "end_date": datetime.date(start_year + 1, 8, 31),
        },
    )
    return year


def make_accounts(province, year, password_hash, rng):
    """A user per member of staff and per specialist, and their roles. Returns
    {person pk: user pk} and the chosen holders of each role."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from schools.models import Organization, Person, Role, RoleAssignment

    User = get_user_model()  # noqa: N806
    offices = list(
        Organization.objects.filter(parent=province, kind=Organization.Kind.OFFICE).order_by("path")
    )
    specialists = []
    for office in offices:
        for i in range(OFFICE_STAFF_PER_PHONG):
            specialists.append(
                Person(
                    organization=office,
                    full_name=f"Nguyễn Văn Chuyên {i + 1}",
                    gender=Person.Gender.MALE,
                    position=Person.Position.SPECIALIST,
                )
            )
    for i in range(DEPARTMENT_STAFF):
        specialists.append(
            Person(
                organization=province,
                full_name=f"Trần Thị Sở {i + 1}",
                gender=Person.Gender.FEMALE,
                position=Person.Position.SPECIALIST,
            )
        )
    for person in specialists:
        person.fill_derived_fields()
    Person.objects.bulk_create(specialists, batch_size=1000)

    people = list(
        Person.objects.filter(organization__path__startswith=province.path, user=None)
        .select_related("organization")
        .order_by("organization__path", "pk")
        .values_list("pk", "organization_id", "organization__kind", "position", "union_group_id")
    )
    managers = {Person.Position.PRINCIPAL, Person.Position.VICE_PRINCIPAL}
    users = [
        User(
            username=f"u{pk}",
            password=password_hash,
            is_staff=position in managers or kind != Organization.Kind.SCHOOL,
        )
        for pk, _org, kind, position, _group in people
    ]
    User.objects.bulk_create(users, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE schools_person AS p SET user_id = u.id FROM auth_user AS u "
            "WHERE u.username = 'u' || p.id AND p.user_id IS NULL"
        )
    user_of = dict(
        Person.objects.filter(organization__path__startswith=province.path).values_list(
            "pk", "user_id"
        )
    )

    roles = []
    by_school = {}
    for pk, org, kind, position, group in people:
        user = user_of[pk]
        if kind == Organization.Kind.OFFICE:
            roles.append(RoleAssignment(user_id=user, role=Role.OFFICE_STAFF, organization_id=org))
            continue
        if kind == Organization.Kind.DEPARTMENT:
            roles.append(
                RoleAssignment(user_id=user, role=Role.DEPARTMENT_STAFF, organization_id=org)
            )
            continue
        by_school.setdefault(org, []).append((pk, position, group))
        roles.append(
            RoleAssignment(user_id=user, role=Role.TEACHER, organization_id=org, unit_id=group)
        )
        if position == Person.Position.PRINCIPAL:
            roles.append(RoleAssignment(user_id=user, role=Role.PRINCIPAL, organization_id=org))
        elif position == Person.Position.VICE_PRINCIPAL:
            roles.append(
                RoleAssignment(user_id=user, role=Role.VICE_PRINCIPAL, organization_id=org)
            )
    chairs, leaders, pool = {}, {}, {}
    for school, staff in by_school.items():
        teachers = [p for p in staff if p[1] == Person.Position.TEACHER]
        chair = teachers[0]
        chairs[school] = chair[0]
        roles.append(
            RoleAssignment(user_id=user_of[chair[0]], role=Role.UNION_CHAIR, organization_id=school)
        )
        for pk, _position, group in teachers[1:]:
            if group not in leaders:
                leaders[group] = pk
                roles.append(
                    RoleAssignment(
                        user_id=user_of[pk],
                        role=Role.UNION_GROUP_LEADER,
                        organization_id=school,
                        unit_id=group,
                    )
                )
        taken = {chair[0], *leaders.values()}
        free = [p[0] for p in teachers if p[0] not in taken]
        pool[school] = rng.sample(free, min(POOL_TEACHERS_PER_SCHOOL, len(free)))
    for role in roles:
        role.school_year = year
    RoleAssignment.objects.bulk_create(roles, batch_size=5000)
    return user_of, chairs, pool


def _campaign_with_plan(org, year, name, parent, deadline, number, plans, items):
    from emulation.models import Campaign, Plan, ScheduleItem

    campaign = Campaign(organization=org, school_year=year, name=name, parent=parent)
    plan = Plan(
        campaign=campaign,
        organization=org,
        school_year=year,
        number=number,
        symbol=f"KH-{org.abbreviation}",
        issue_date=year.start_date + datetime.timedelta(days=14),
        title=f"Kế hoạch triển khai phong trào “{name}”",
        status=Plan.Status.PUBLISHED,
        published_at=datetime.datetime.combine(
            year.start_date + datetime.timedelta(days=14), datetime.time(8), datetime.UTC
        ),
    )
    item = ScheduleItem(
        plan=plan,
        period_label="Tháng 09-10",
        activity="Cán bộ, giáo viên, nhân viên đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo.",
        responsible="Tổ công đoàn",
        deadline=deadline,
        milestone=ScheduleItem.Milestone.REGISTRATION,
    )
    plans.append(plan)
    items.append(item)
    return campaign


def make_campaigns(province, schools, years):
    """Per year, the Sở's registration campaign and one per school implementing it.
    Returns {(year pk, school pk): campaign}."""
    from emulation.models import Campaign, Plan, ScheduleItem

    name = "Đổi mới, sáng tạo trong dạy và học"
    result = {}
    for year, deadline in years:
        plans, items = [], []
        top = _campaign_with_plan(province, year, name, None, deadline, 1, plans, items)
        top.save()
        campaigns = [
            _campaign_with_plan(school, year, name, top, deadline, 5, plans, items)
            for school in schools
        ]
        Campaign.objects.bulk_create(campaigns, batch_size=2000)
        for plan in plans:
            plan.campaign_id = plan.campaign.pk
        Plan.objects.bulk_create(plans, batch_size=2000)
        for item in items:
            item.plan_id = item.plan.pk
        ScheduleItem.objects.bulk_create(items, batch_size=2000)
        for school, campaign in zip(schools, campaigns, strict=True):
            result[(year.pk, school.pk)] = campaign
    return result


def make_registrations(campaign_of, year, people, skip, user_of, rng, statuses, when):
    """Forms M1 of a year in the given states (weights), with events and versions."""
    from registrations.models import (
        InnovationRegistration,
        ReviewEvent,
        Status,
        Version,
    )

    rows = []
    for pk, school, group in people:
        if pk in skip:
            continue
        status = rng.choices(list(statuses), weights=list(statuses.values()))[0]
        task, field = rng.choice(TASKS)
        submitted = status != Status.DRAFT
        rows.append(
            InnovationRegistration(
                campaign=campaign_of[(year.pk, school)],
                person_id=pk,
                school_id=school,
                union_group_id=group,
                status=status,
                version={
                    Status.DRAFT: 1,
                    Status.SUBMITTED: 2,
                    Status.FORWARDED: 3,
                    Status.APPROVED: 3,
                }[status],
                assigned_task=task.format(n=rng.randint(1, 5)),
                fields=[field],
                current_state=LONG_TEXT[:200],
                goals_and_solutions=LONG_TEXT,
                expected_results="90% học sinh đạt yêu cầu vào cuối năm học.",
                trial_period="Học kỳ I",
                steps=LONG_TEXT[:300],
                dissemination_scope="Trong tổ chuyên môn và toàn trường.",
                submitted_at=when if submitted else None,
                submissions=1 if submitted else 0,  # its one version, below
                approved_at=when if status == Status.APPROVED else None,
            )
        )
    InnovationRegistration.objects.bulk_create(rows, batch_size=2000)
    events, versions = [], []
    for item in rows:
        author = user_of[item.person_id]
        events.append(
            ReviewEvent(registration=item, actor_id=author, action="create", to_status="draft")
        )
        if item.status == Status.DRAFT:
            continue
        events.append(
            ReviewEvent(
                registration=item,
                actor_id=author,
                action="submit",
                from_status="draft",
                to_status="submitted",
            )
        )
        versions.append(
            Version(
                registration=item,
                number=1,
                data={name: getattr(item, name) for name in item.FORM_FIELDS},
            )
        )
        if item.status in (Status.FORWARDED, Status.APPROVED):
            events.append(
                ReviewEvent(
                    registration=item,
                    action="forward",
                    from_status="submitted",
                    to_status="forwarded",
                )
            )
        if item.status == Status.APPROVED:
            events.append(
                ReviewEvent(
                    registration=item,
                    action="approve",
                    from_status="forwarded",
                    to_status="approved",
                )
            )
    ReviewEvent.objects.bulk_create(events, batch_size=5000)
    Version.objects.bulk_create(versions, batch_size=5000)
    return len(rows)


def make_blocks(offices, year, rng):
    """Each Phòng's emulation blocks of this year (seed 001): its schools in blocks of
    seven, the first one leading, four quarterly meetings (one held, three ahead)."""
    from django.utils import timezone

    from emulation.models import BlockMeeting, BlockMembership, EmulationBlock
    from schools.models import Organization

    blocks, members, meetings = [], [], []
    now = timezone.now()
    for office in offices:
        schools = list(Organization.objects.filter(parent=office).order_by("path"))
        for number, start in enumerate(range(0, len(schools), 7), start=1):
            group = schools[start : start + 7]
            block = EmulationBlock(
                office=office,
                school_year=year,
                name=f"Khối thi đua số {number}",
                leader_school=group[0],
                targets_deadline=year.start_date + datetime.timedelta(days=45),
            )
            blocks.append(block)
            members += [BlockMembership(block=block, school=s, school_year=year) for s in group]
            for quarter, days in enumerate((-40, 30, 120, 210), start=1):
                meetings.append(
                    BlockMeeting(
                        block=block,
                        period_label=f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]}",
                        starts_at=now + datetime.timedelta(days=days, hours=rng.randint(0, 8)),
                        place=f"Hội trường {rng.choice(group).name}",
                        host_school=rng.choice(group),
                        agenda="Sơ kết phong trào thi đua của quý; trao đổi kinh nghiệm.",
                    )
                )
    EmulationBlock.objects.bulk_create(blocks)
    BlockMembership.objects.bulk_create(members, batch_size=2000)
    BlockMeeting.objects.bulk_create(meetings, batch_size=2000)
    return len(blocks)


def make_sessions(user_pks):
    """A logged-in session per user (as after the login form). Returns {user pk: key}."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    users = get_user_model().objects.in_bulk(user_pks)
    store = SessionStore()
    expire = timezone.now() + datetime.timedelta(days=SESSION_DAYS)
    keys, rows = {}, []
    for pk in user_pks:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: users[pk].get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys[pk] = key
    Session.objects.bulk_create(rows, batch_size=2000)
    return keys


def generate(out):
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from bench.load import rounds
    from registrations.models import Status
    from schools.management.commands.seed_scale import PROVINCE
    from schools.models import Organization, Person, SchoolYear

    started = time.perf_counter()
    rng = random.Random(2026)
    today = timezone.localdate()
    year = SchoolYear.current()
    last_year = _school_year(year.start_date.year - 1)
    province = Organization.objects.get(name=PROVINCE)
    offices = list(
        Organization.objects.filter(parent=province, kind=Organization.Kind.OFFICE).order_by("path")
    )
    schools = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=Organization.Kind.SCHOOL
        ).order_by("path")
    )
    with transaction.atomic():
        user_of, chairs, pool = make_accounts(province, year, make_password(PASSWORD), rng)
        campaign_of = make_campaigns(
            province,
            schools,
            [
                (last_year, last_year.start_date + datetime.timedelta(days=60)),
                (year, today + datetime.timedelta(days=30)),
            ],
        )
        people = list(
            Person.objects.filter(organization__kind=Organization.Kind.SCHOOL)
            .filter(organization__path__startswith=province.path)
            .values_list("pk", "organization_id", "union_group_id")
        )
        last = make_registrations(
            campaign_of,
            last_year,
            people,
            {p for p, _s, _g in people if rng.random() < 0.1},
            user_of,
            rng,
            {Status.APPROVED: 1},
            datetime.datetime.combine(last_year.start_date, datetime.time(9), datetime.UTC)
            + datetime.timedelta(days=40),
        )
        pool_people = {pk for pks in pool.values() for pk in pks}
        current = make_registrations(
            campaign_of,
            year,
            people,
            pool_people,
            user_of,
            rng,
            {Status.DRAFT: 10, Status.SUBMITTED: 45, Status.FORWARDED: 15, Status.APPROVED: 30},
            timezone.now() - datetime.timedelta(days=2),
        )
        nominations = rounds.make_rounds(province, offices, year, today, rng)
        blocks = make_blocks(offices, year, rng)
        office_staff = list(
            Person.objects.filter(organization__in=offices).values_list("pk", flat=True)
        )
        so_staff = list(Person.objects.filter(organization=province).values_list("pk", flat=True))
        floor_people = list(
            Person.objects.filter(
                organization__in=schools[:40], position=Person.Position.PRINCIPAL
            ).values_list("pk", flat=True)
        )
        school_of_person = {pk: school for pk, school, _g in people}
        wanted = [
            user_of[p]
            for p in [
                *(p for pks in pool.values() for p in pks),
                *chairs.values(),
                *office_staff,
                *so_staff,
                *floor_people,
            ]
        ]
        sessions = make_sessions(sorted(set(wanted)))

    def account(person_pk):
        user = user_of[person_pk]
        school = school_of_person[person_pk]
        return {
            "username": f"u{person_pk}",
            "session": sessions[user],
            "campaign": campaign_of[(year.pk, school)].pk,
        }

    # Teachers in an order that spreads them over the schools (pool[school] is per school).
    teachers = [
        account(pks[i])
        for i in range(POOL_TEACHERS_PER_SCHOOL)
        for pks in pool.values()
        if i < len(pks)
    ]
    accounts = {
        "password": PASSWORD,
        "teachers": teachers,
        "chairs": [account(chairs[s.pk]) for s in schools if s.pk in chairs],
        "offices": [{"username": f"u{p}", "session": sessions[user_of[p]]} for p in office_staff],
        "department": [{"username": f"u{p}", "session": sessions[user_of[p]]} for p in so_staff],
        "floor": [account(p) for p in floor_people],
    }
    Path(out).write_text(json.dumps(accounts))
    print(
        f"Dữ liệu tải: {len(user_of)} tài khoản, {last + current} mẫu M1 "
        f"({current} năm nay), {nominations} đề nghị khen thưởng, {blocks} khối thi đua, "
        f"{len(sessions)} phiên "
        f"đăng nhập trong {time.perf_counter() - started:.1f} giây."
    )


if __name__ == "__main__":
    setup()
    generate(sys.argv[1])
