"""The home page's registration sections, each saying what to do now: the forms
waiting for this reviewer (oldest first), the person's own forms with the next step of
each, and for a school's principal, vice principals and union chair the participation
per union group with what to print. A constant number of queries each."""

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.utils import timezone
from django.utils.translation import gettext as _

from common.prepared import PreparedQuery, ShapedQuery, flat, unflat
from emulation.models import Plan, ScheduleItem
from schools import visibility
from schools.models import SchoolYear

from .. import deadlines, permissions
from ..models import InnovationRegistration, Status, TeacherGroup
from ..participation import participation_counts

WAITING_SHOWN = 5
PUBLIC_PLAN_STATUSES = (Plan.Status.PUBLISHED, Plan.Status.ISSUED)


def waiting_section(request, access):
    """Reviewers: the forms waiting for them, oldest submission first."""
    if not permissions.is_reviewer(access):
        return None
    m1, m1_count = _first_waiting(request.user, access, InnovationRegistration)
    m2, m2_count = _first_waiting(request.user, access, TeacherGroup)
    count = m1_count + m2_count
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


def _first_waiting(user, access, model):
    """The oldest forms of `model` waiting for the user, and how many wait in all (each
    row carries the count: one query)."""
    year = access.school_year
    if access.is_admin or year is None or year.name != SchoolYear.name_for(timezone.localdate()):
        rows = _waiting_rows(permissions.waiting(user, model), model, year)
    else:  # compiled once per shape of the reviewer's rights (common.prepared)
        rights = visibility.policy_for(model).rights(access)
        counts, keys = flat([*rights, *permissions.waiting_rights(access)])
        rows = _waiting_of((*counts, model), [*keys, year.pk])
    return rows, rows[0].waiting_total if rows else 0


_AUTHOR = {InnovationRegistration: "person", TeacherGroup: "leader"}


def _waiting_rows(waiting, model, year):
    return (
        permissions.with_approver(waiting, year)
        .annotate(waiting_total=Window(Count("pk")))
        .select_related(_AUTHOR[model], "union_group")[:WAITING_SHOWN]
    )


def _waiting_of_rights(shape, *keys):
    """What `permissions.waiting` gives, from the policy's rights and the waiting rights
    of a reviewer (common.prepared.flat), in the school year of id `year`."""
    *counts, model = shape
    (person, schools, groups, offices, *waiting), (year,) = unflat(counts, keys)
    visible = model._default_manager.all().filter(
        visibility.policy_for(model).rights_q(person, schools, groups, offices)
    )
    rows = visible.filter(permissions.waiting_rights_q(model, *waiting, year))
    return _waiting_rows(rows.order_by("submitted_at", "pk"), model, year)


_waiting_of = ShapedQuery(_waiting_of_rights)


# Asked at each person's first visit (the box is kept for her): compiled once
# (common.prepared). Her forms of every campaign; the box shows those of its campaigns.
_own_m1s = PreparedQuery(
    lambda person_id: InnovationRegistration.objects.filter(person=person_id).select_related(
        "union_group"  # named by its next step ("waiting for the leader of ...")
    )
)
_own_groups = PreparedQuery(
    lambda person_id: TeacherGroup.objects.filter(
        Q(leader=person_id) | Q(pk__in=TeacherGroup.objects.filter(members=person_id).values("pk"))
    ).order_by("name")
)


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
    campaigns = deadlines.open_campaigns_with_deadlines(person)[:3]
    if not campaigns:
        return None
    m1s = {item.campaign_id: item for item in _own_m1s(person.pk)}
    for item in m1s.values():
        item.person = person  # hers: her next step asks who she is, not the database
    groups = {}
    for group in _own_groups(person.pk):
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


def _newest_campaign_plan(school_id):
    registers = ScheduleItem.objects.filter(
        plan=OuterRef("pk"), milestone=ScheduleItem.Milestone.REGISTRATION
    )
    return (
        Plan.objects.filter(organization=school_id, status__in=PUBLIC_PLAN_STATUSES)
        .exclude(campaign=None)
        .select_related("campaign__school_year")
        .order_by(
            "-campaign__school_year__start_date",
            Exists(registers).desc(),
            "-campaign_id",
            "-pk",
        )[:1]
    )


_newest_campaign_plans = PreparedQuery(_newest_campaign_plan)  # compiled once


def _school_campaign(school):
    """The newest campaign of the school whose published plan sets a registration
    deadline (else the newest with a published plan), and that plan: one query."""
    plans = _newest_campaign_plans(school.pk)
    return (plans[0].campaign, plans[0]) if plans else (None, None)


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
    # plans and campaigns are CONTENT: kept while the school's forms move on
    campaign, plan = visibility.kept_with_content(
        f"school-campaign:{school.pk}", lambda: _school_campaign(school)
    )
    if campaign is None:
        return None
    total, groups = participation_counts(school, campaign)
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
