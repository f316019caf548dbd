"""The home page's registration sections, each saying what to do now: the forms
waiting for this reviewer (oldest first), the person's own forms with the next step of
each, and for a school's principal, vice principals and union chair the participation
per union group with what to print. A constant number of queries each."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.models import Plan, ScheduleItem

from .. import deadlines, permissions
from ..models import InnovationRegistration, Status, TeacherGroup
from ..participation import mark_unreachable, school_participation

WAITING_SHOWN = 5
PUBLIC_PLAN_STATUSES = (Plan.Status.PUBLISHED, Plan.Status.ISSUED)


def waiting_section(request, access):
    """Reviewers: the forms waiting for them, oldest submission first."""
    if not permissions.is_reviewer(access):
        return None
    user = request.user
    year = access.school_year
    m1 = list(
        permissions.with_approver(
            permissions.waiting(user, InnovationRegistration), year
        ).select_related("person", "union_group")[:WAITING_SHOWN]
    )
    m2 = list(
        permissions.with_approver(permissions.waiting(user, TeacherGroup), year).select_related(
            "leader", "union_group"
        )[:WAITING_SHOWN]
    )
    count = permissions.waiting_count(user)
    if not count and not access.roles & permissions.FIRST_REVIEWERS:
        return None  # a principal approves only the chair's forms: no empty box for them
    today = timezone.localdate()
    items = sorted(m1 + m2, key=lambda item: (item.submitted_at is None, item.submitted_at))
    rows = [
        {
            "item": item,
            "is_m1": isinstance(item, InnovationRegistration),
            "days": (today - timezone.localdate(item.submitted_at)).days
            if item.submitted_at
            else None,
        }
        for item in items[:WAITING_SHOWN]
    ]
    return {
        "title": _("Chờ bạn xem"),
        "template": "registrations/home/waiting.html",
        "rows": rows,
        "count": count,
    }


def _next_step(item, is_open):
    """What the author does next with a form of theirs, in words, and the button."""
    if item.status == Status.DRAFT:
        return _("Bản nháp chưa nộp."), "edit" if is_open else None
    if item.status == Status.RETURNED:
        return _("Được trả lại để sửa."), "edit" if is_open else None
    if item.status in permissions.WAITING_STATUSES:
        return permissions.waiting_for(item), None
    return _("Đã duyệt."), None


def my_forms_section(request, access):
    """The person's own forms in the open campaigns of their school, with the next step."""
    if access.person is None or not permissions.writes_registrations(access):
        return None
    person = access.person
    campaigns = list(deadlines.with_deadlines(deadlines.open_campaigns(person), person)[:3])
    if not campaigns:
        return None
    ids = [c.pk for c in campaigns]
    m1s = {
        item.campaign_id: item
        for item in InnovationRegistration.objects.filter(campaign_id__in=ids, person=person)
    }
    groups = {}
    for group in (
        TeacherGroup.objects.filter(campaign_id__in=ids)
        .filter(
            Q(leader=person) | Q(pk__in=TeacherGroup.objects.filter(members=person).values("pk"))
        )
        .order_by("name")
    ):
        groups.setdefault(group.campaign_id, []).append(group)
    today = timezone.localdate()
    rows = []
    for campaign in campaigns:
        deadline = deadlines.annotated_deadline(campaign)
        is_open = deadlines.is_open_until(deadline)
        m1 = m1s.get(campaign.pk)
        rows.append(
            {
                "campaign": campaign,
                "deadline": deadline,
                "days_left": (deadline - today).days if deadline and is_open else None,
                "open": is_open,
                "m1": m1,
                "m1_step": _next_step(m1, is_open) if m1 else None,
                "groups": [
                    {"group": g, "step": _next_step(g, is_open), "leads": g.leader_id == person.pk}
                    for g in groups.get(campaign.pk, [])
                ],
            }
        )
    return {
        "title": _("Đăng ký đổi mới, sáng tạo của tôi"),
        "template": "registrations/home/my_forms.html",
        "rows": rows,
    }


def _school_campaign(school):
    """The newest campaign of the school whose published plan sets a registration
    deadline (else the newest with a published plan), and that plan: one query."""
    registers = ScheduleItem.objects.filter(
        plan=OuterRef("pk"), milestone=ScheduleItem.Milestone.REGISTRATION
    )
    plan = (
        Plan.objects.filter(organization=school, status__in=PUBLIC_PLAN_STATUSES)
        .exclude(campaign=None)
        .select_related("campaign__school_year")
        .order_by(
            "-campaign__school_year__start_date",
            Exists(registers).desc(),
            "-campaign_id",
            "-pk",
        )
        .first()
    )
    return (plan.campaign, plan) if plan is not None else (None, None)


def school_section(request, access):
    """The principal, vice principals and union chair: participation per union group of
    the school's newest campaign (the seeds' 100 % goal), reminders, what to print."""
    schools = [
        a.organization
        for a in access.assignments
        if a.role in permissions.SCHOOL_REVIEWERS and a.organization.is_school
    ]
    if not schools:
        return None
    school = schools[0]
    campaign, plan = _school_campaign(school)
    if campaign is None:
        return None
    total, groups = school_participation(school, campaign)
    mark_unreachable(groups)
    deadline = deadlines.deadline_for(campaign)
    return {
        "title": _("Tham gia đăng ký"),
        "template": "registrations/home/school.html",
        "school": school,
        "campaign": campaign,
        "plan": plan,
        "deadline": deadline,
        "open": deadlines.is_open_until(deadline),
        "total": total,
        "groups": groups,
    }
