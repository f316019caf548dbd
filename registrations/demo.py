"""Demo registrations for the demo school: a campaign with an open registration, forms
M1 in every state (drafts, submitted, forwarded, returned with a comment, approved, with
results) and M2 groups. `giaovien` has none yet, so a visitor can fill one in."""

import datetime

from django.utils import timezone

from emulation import services as plan_services
from emulation.models import Plan, ScheduleItem
from schools.demo import DEMO_DEPARTMENT, DEMO_SCHOOL
from schools.models import Person, Unit

from .models import (
    InnovationField,
    InnovationRegistration,
    Result,
    ReviewEvent,
    Status,
    TeacherGroup,
)

TASKS = [
    (
        "Giáo viên chủ nhiệm lớp 1A",
        InnovationField.TEACHING_METHOD,
        "Học sinh lớp 1 còn rụt rè khi đọc trước lớp.",
        "Tổ chức đọc theo cặp, đọc phân vai mỗi tuần.",
        "90% học sinh đọc to, rõ trước lớp vào cuối học kỳ I.",
    ),
    (
        "Giáo viên dạy Toán khối 4",
        InnovationField.TEACHING_QUALITY,
        "Kỹ năng giải toán có lời văn còn yếu.",
        "Dùng sơ đồ đoạn thẳng và bài toán gắn với đời sống.",
        "Tỷ lệ học sinh giải đúng tăng từ 60% lên 80%.",
    ),
    (
        "Tổng phụ trách Đội",
        InnovationField.STUDENT_EDUCATION,
        "Sinh hoạt dưới cờ còn đơn điệu.",
        "Mỗi lớp phụ trách một chủ đề sinh hoạt dưới cờ theo tháng.",
        "100% lớp được tham gia tổ chức ít nhất một buổi.",
    ),
    (
        "Nhân viên thư viện",
        InnovationField.MANAGEMENT,
        "Sổ mượn sách ghi tay, khó thống kê.",
        "Quản lý mượn trả sách bằng bảng tính dùng chung.",
        "Thống kê lượt mượn theo lớp hằng tháng.",
    ),
    (
        "Giáo viên Tiếng Anh",
        InnovationField.RESEARCH,
        "Học sinh ít cơ hội nghe người bản ngữ.",
        "Biên soạn kho bài nghe ngắn theo chủ đề sách giáo khoa.",
        "Sáng kiến được công nhận cấp trường.",
    ),
]
# (status, how many, result) for the demo school's staff, in that order
PLAN = [
    (Status.DRAFT, 2, ""),
    (Status.SUBMITTED, 3, ""),
    (Status.FORWARDED, 2, ""),
    (Status.RETURNED, 2, ""),
    (Status.APPROVED, 2, Result.EXCELLENT),
    (Status.APPROVED, 2, Result.COMPLETED),
]
RETURN_COMMENT = "Mục 5 cần nêu rõ giải pháp cụ thể và cách đo kết quả."


def _demo_campaign(demo):
    """The demo school's plan implementing the Sở's plan, with an open registration."""
    school = demo.org(DEMO_SCHOOL)
    existing = Plan.objects.filter(organization=school, parent_plan__isnull=False).first()
    if existing:
        return existing.campaign
    principal = demo.users["hieutruong"]
    parent = Plan.objects.filter(organization__name=DEMO_DEPARTMENT).first()
    plan = plan_services.derive_plan(principal, parent, school)
    year = demo.school_year
    plan.school_year = year
    plan.title = (
        "Triển khai phong trào thi đua “Đổi mới, sáng tạo trong dạy và học” "
        f"năm học {year.name.replace('-', ' - ')}"
    )
    plan.save()
    plan.campaign.school_year = year
    plan.campaign.save()
    deadline = max(
        datetime.date(year.start_date.year, 12, 15),
        timezone.localdate() + datetime.timedelta(days=21),
    )
    ScheduleItem.objects.create(
        plan=plan,
        order=100,
        period_label=f"Tháng 11-12/{year.start_date.year}",
        activity="Cán bộ, giáo viên, nhân viên đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo "
        "(mẫu M1) và thành lập nhóm nhà giáo cùng nhau phát triển (mẫu M2).",
        responsible="Tổ công đoàn",
        deadline=deadline,
        milestone=ScheduleItem.Milestone.REGISTRATION,
    )
    # The principal adapts what the Sở wrote for its own level and the Bộ's: removed.
    plan.sections.exclude(review_note="").delete()
    plan.signatures.update(signer_name=principal.person.full_name)
    issued = max(year.start_date, timezone.localdate() - datetime.timedelta(days=30))
    plan_services.publish_plan(principal, plan, issue_date=issued)
    return plan.campaign


def _event(item, actor, action, from_status, to_status, comment=""):
    owner = {"registration": item} if isinstance(item, InnovationRegistration) else {"group": item}
    ReviewEvent.objects.create(
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        **owner,
    )


# who reviewed last: the chair approves after the group leader, who returns
REVIEWER_OF = {Status.APPROVED: "ctcd", Status.RETURNED: "totruong"}


def _history(item, status, users):
    """Write the transitions that lead to `status`, as the services would."""
    leader, chair = users["totruong"], users["ctcd"]
    _event(item, None, "create", "", Status.DRAFT)
    if status == Status.DRAFT:
        return
    _event(item, None, "submit", Status.DRAFT, Status.SUBMITTED)
    if status == Status.FORWARDED or status == Status.APPROVED:
        _event(item, leader, "forward", Status.SUBMITTED, Status.FORWARDED)
    if status == Status.RETURNED:
        _event(item, leader, "return", Status.SUBMITTED, Status.RETURNED, RETURN_COMMENT)
    if status == Status.APPROVED:
        _event(item, chair, "approve", Status.FORWARDED, Status.APPROVED)


def load_demo_registrations(demo):
    campaign = _demo_campaign(demo)
    school = demo.org(DEMO_SCHOOL)
    if InnovationRegistration.objects.filter(campaign=campaign).exists():
        return
    users = demo.users
    people = list(
        Person.objects.filter(organization=school, user__isnull=True)
        .exclude(union_group=None)
        .order_by("sort_key")
    )
    now = timezone.now()
    index = 0
    for status, count, result in PLAN:
        for _n in range(count):
            person = people[index]
            task, field, state, solution, results = TASKS[index % len(TASKS)]
            index += 1
            item = InnovationRegistration.objects.create(
                campaign=campaign,
                person=person,
                school=school,
                union_group=person.union_group,
                status=status,
                assigned_task=task,
                fields=[field],
                current_state=state,
                goals_and_solutions=solution,
                expected_results=results,
                trial_period="Học kỳ I năm học",
                steps="Khảo sát đầu năm; áp dụng thử ở một lớp; đánh giá, điều chỉnh.",
                dissemination_scope="Tổ chuyên môn, toàn trường",
                submitted_at=None if status == Status.DRAFT else now,
                approved_at=now if status == Status.APPROVED else None,
                reviewer=REVIEWER_OF.get(status) and users[REVIEWER_OF[status]],
                last_comment=RETURN_COMMENT if status == Status.RETURNED else "",
                midyear_result=result,
                midyear_comment="Thực hiện đúng kế hoạch." if result else "",
                version=1,
            )
            _history(item, status, users)
    teams = list(Unit.objects.filter(organization=school, kind=Unit.Kind.PROFESSIONAL_TEAM))
    for name, status, leader, members, team in [
        (
            "Nhóm nâng cao chất lượng đọc lớp 1",
            Status.APPROVED,
            people[index],
            people[index + 1 : index + 4],
            teams[0],
        ),
        (
            "Nhóm ứng dụng công nghệ thông tin",
            Status.SUBMITTED,
            people[index + 4],
            people[index + 5 : index + 7],
            teams[-1],
        ),
    ]:
        group = TeacherGroup.objects.create(
            campaign=campaign,
            leader=leader,
            school=school,
            union_group=leader.union_group,
            status=status,
            name=name,
            team=team,
            common_task="Dạy học và sinh hoạt chuyên môn",
            concern="Nâng cao chất lượng giờ dạy",
            current_state="Mỗi người làm riêng lẻ",
            strengths="Nhiệt tình, có kinh nghiệm",
            limits="Ít thời gian gặp nhau",
            approach="Dự giờ chéo và chia sẻ tài liệu hằng tháng",
            expected_results="Mỗi thành viên có một giờ dạy tốt mỗi học kỳ",
            period="Năm học",
            next_concern="Đánh giá học sinh theo năng lực",
            version=1,
            submitted_at=now,
            approved_at=now if status == Status.APPROVED else None,
        )
        group.members.set(members)
        _history(group, status, users)
