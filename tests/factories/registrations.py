"""Forms M1 and M2 made directly: a campaign of a school with a published plan whose
registration deadline is 30 days ahead, and makers of M1 and M2."""

import datetime

from django.utils import timezone

from emulation.models import Campaign, Plan, ScheduleItem
from registrations.models import InnovationField, InnovationRegistration, Status, TeacherGroup
from schools.models import Person, SchoolYear

M1_DATA = {
    "assigned_task": "Giáo viên chủ nhiệm lớp 3A",
    "fields": [InnovationField.TEACHING_METHOD],
    "field_other": "",
    "current_state": "Học sinh còn ngại phát biểu",
    "goals_and_solutions": "Tổ chức học theo nhóm nhỏ",
    "expected_results": "90% học sinh tham gia phát biểu",
    "trial_period": "Học kỳ I",
    "steps": "Khảo sát; thử nghiệm; đánh giá",
    "dissemination_scope": "Tổ khối 3",
}


M2_DATA = {
    "name": "Nhóm nâng cao chất lượng học Toán",
    "common_task": "Dạy Toán khối 3",
    "concern": "Kỹ năng giải toán có lời văn",
    "current_state": "Nhiều em chưa đọc hiểu đề",
    "strengths": "Giáo viên nhiều kinh nghiệm",
    "limits": "Ít thời gian sinh hoạt chung",
    "approach": "Dự giờ chéo hằng tháng",
    "expected_results": "Tỷ lệ giải đúng tăng 20%",
    "period": "Năm học",
    "next_concern": "Toán tư duy",
}


def make_campaign(school, deadline_in_days=30, name="Đổi mới, sáng tạo trong dạy và học"):
    year = SchoolYear.current()
    campaign = Campaign.objects.create(organization=school, school_year=year, name=name)
    plan = Plan.objects.create(
        campaign=campaign,
        organization=school,
        school_year=year,
        title=f"Kế hoạch {name}",
        status=Plan.Status.PUBLISHED,
    )
    ScheduleItem.objects.create(
        plan=plan,
        period_label="Tháng 10",
        activity="Đăng ký",
        deadline=timezone.localdate() + datetime.timedelta(days=deadline_in_days),
        milestone=ScheduleItem.Milestone.REGISTRATION,
    )
    return campaign


def make_registration(campaign, person, status=Status.DRAFT, **changes):
    return InnovationRegistration.objects.create(
        campaign=campaign,
        person=person,
        school=person.organization,
        union_group=person.union_group,
        status=status,
        **{**M1_DATA, **changes},
    )


def make_group(campaign, leader, members=(), status=Status.DRAFT, **changes):
    group = TeacherGroup.objects.create(
        campaign=campaign,
        leader=leader,
        school=leader.organization,
        union_group=leader.union_group,
        status=status,
        **{**M2_DATA, **changes},
    )
    group.members.set(members)
    return group


def person(user):
    return Person.objects.get(user=user)
