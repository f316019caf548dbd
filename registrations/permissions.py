"""Who may do what with forms M1 and M2, decided once: the services refuse with these
checks, the views and templates show buttons with them, the navigation and the home
page count with them.

The review rules:

- Nobody reviews a form they wrote or belong to: the author of an M1, the leader or a
  member of an M2 (administrators included).
- A submitted form waits for its union group leader, who forwards or returns it. When
  the group has no leader other than the form's own people (the leader wrote it, is a
  member of it, or the group has no leader at all), it goes straight to the approver.
- The approver is the union chair of the school. When the school has no union chair
  other than the form's own people (the chair's own M1, an M2 she leads or belongs to,
  or no chair at all), the principal or a vice principal approves instead: the nearest
  person above her in the school who is not a party to the form.
- The approver approves or returns a forwarded form, records its mid-year and year-end
  results once approved, and lets a person or group submit after the deadline.
- Role holders are those of the current school year (`SchoolYear.current()`).
"""

from functools import lru_cache
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from common.prepared import PreparedQuery
from schools import visibility
from schools.models import Role, RoleAssignment, SchoolYear
from schools.roles import OFFICE_ROLES, SCHOOL_HEADS

from .models import InnovationRegistration, Status, TeacherGroup

# See every submitted form of their school.
SCHOOL_REVIEWERS = frozenset({Role.UNION_CHAIR, Role.PRINCIPAL, Role.VICE_PRINCIPAL})
# Approve when the school has no union chair outside the form.
# Review something in a school: the review page and its navigation entry.
REVIEWER_ROLES = SCHOOL_REVIEWERS | {Role.UNION_GROUP_LEADER}
# Those who review every form of their group or school (principals only the chair's).
FIRST_REVIEWERS = frozenset({Role.UNION_GROUP_LEADER, Role.UNION_CHAIR})
# Staff of a Phòng or Sở: see the forms of the schools below their office.
# Accounts outside schools write no forms (the Sở's and the Phòng's clerks, admins).
OUTSIDE_SCHOOLS = OFFICE_ROLES | {Role.ADMINISTRATOR}

WAITING_STATUSES = (Status.SUBMITTED, Status.FORWARDED)


# -- scopes ---------------------------------------------------------------------------


def is_office_above(access, organization):
    """Office or department staff of `organization` or of an organisation above it."""
    return any(
        a.role in OFFICE_ROLES and organization.path.startswith(a.organization.path)
        for a in access.assignments
    )


def is_school_reviewer(access, school):
    return any(access.has_role(role, organization=school) for role in SCHOOL_REVIEWERS)


def may_read_school(access, school):
    """Every form, summary and bundle of the school: its reviewers and the offices above."""
    return access.is_admin or is_school_reviewer(access, school) or is_office_above(access, school)


def led_union_group(access, school):
    """The union group of `school` the user leads, or None."""
    return next(
        (
            a.unit
            for a in access.assignments
            if a.role == Role.UNION_GROUP_LEADER and a.organization_id == school.pk and a.unit_id
        ),
        None,
    )


def writes_registrations(access):
    """Staff of a school write forms M1 and M2; nobody else is offered them."""
    return bool(access.roles - OUTSIDE_SCHOOLS)


def is_reviewer(access):
    return bool(access.roles & REVIEWER_ROLES)


# -- the form's people ----------------------------------------------------------------


def _is_m1(item):
    return isinstance(item, InnovationRegistration)


def is_author(user, item):
    """Who writes the form: the M1's person, the M2's leader."""
    person = item.person if _is_m1(item) else item.leader
    return person.user_id is not None and person.user_id == user.pk


def people_user_ids(item):
    """The accounts the form belongs to: its author, and an M2's members (from the
    members prefetched with the group, as its page reads them, else one query)."""
    if _is_m1(item):
        ids = {item.person.user_id}
    else:
        ids = {item.leader.user_id, *(member.user_id for member in item.members.all())}
    ids.discard(None)
    return ids


def belongs_to(user, item):
    return user.pk in people_user_ids(item)


def _in_year(school_year):
    """Lookup of role rows of `school_year`, else of this school year by its name (a
    join, no query of its own)."""
    if school_year is not None:
        return {"school_year": school_year}
    return {"school_year__name": SchoolYear.name_for(timezone.localdate())}


class Holder(NamedTuple):
    """A role holder's staff record as the pages and e-mails name it."""

    name: str
    sort_key: str
    address: str  # the staff record's e-mail address, else the account's


def _holders_in(organization_id, school_year_id):
    """Role rows of a school and year as `_school_holders` reads them."""
    return RoleAssignment.objects.filter(
        organization_id=organization_id, school_year_id=school_year_id
    ).values_list(
        "role",
        "unit_id",
        "user_id",
        "user__person__full_name",
        "user__person__sort_key",
        "user__person__email",
        "user__email",
    )


# Read for each school once CONTENT moves (a form submitted there, its reviewers'
# pages): compiled once (common.prepared).
_holders_named = PreparedQuery(_holders_in, keys=2)


def _school_holders(organization_id):
    """({(role, unit id): {user ids}}, {user id: Holder}) of this school year's roles in
    the organisation (a Holder for those with a staff record), in one query, kept across
    requests while people and roles do not change (schools.visibility)."""

    def build():
        held, people = {}, {}
        rows = _holders_named(organization_id, SchoolYear.current().pk)
        for role, unit_id, user_id, name, sort_key, email, account_email in rows:
            held.setdefault((role, unit_id), set()).add(user_id)
            if name is not None:
                people[user_id] = Holder(name, sort_key, email or account_email or "")
        return held, people

    # named apart from the holders kept before they had names (a cache shared by
    # processes of two releases must not hand one the other's shape)
    return visibility.kept_with_content(f"school-holders:{organization_id}", build)


def holders_named(organization_id, user_ids):
    """The staff records of the organisation's role holders `user_ids`, in the order of
    the staff list (an account without one is left out)."""
    people = _school_holders(organization_id)[1]
    return sorted((people[u] for u in user_ids if u in people), key=lambda h: h.sort_key)


def _holders(role, organization_id, unit_id=None):
    held = _school_holders(organization_id)[0]
    if unit_id is not None:
        return set(held.get((role, unit_id), ()))
    return {
        user for (held_role, _unit), users in held.items() if held_role == role for user in users
    }


def other_leader_ids(item, people=None):
    """Leaders of the form's union group who are not among its people."""
    if item.union_group_id is None:
        return set()
    people = people_user_ids(item) if people is None else people
    return _holders(Role.UNION_GROUP_LEADER, item.school_id, item.union_group_id) - people


def needs_group_leader(item):
    """Whether a submitted form waits for a union group leader before the approver."""
    return bool(other_leader_ids(item))


def chair_is_party(school_id, people):
    """No union chair of the school outside `people`: the principal approves."""
    return not (_holders(Role.UNION_CHAIR, school_id) - people)


def _is_approver_of(user, school_id, people):
    """The approver of a form of the school `school_id` belonging to the accounts
    `people`."""
    if user.pk in people:
        return False
    access = visibility.access_for(user)
    if access.is_admin or access.holds(Role.UNION_CHAIR, school_id):
        return True
    return any(access.holds(r, school_id) for r in SCHOOL_HEADS) and chair_is_party(
        school_id, people
    )


def is_school_approver(user, school):
    """Approves the school's forms other than their own (the chair; the principal or a
    vice principal when the school has no union chair)."""
    return _is_approver_of(user, school.pk, set())


def is_approver(user, item):
    return _is_approver_of(user, item.school_id, people_user_ids(item))


def principal_approves(item):
    """The school has no union chair outside the form: the principal approves it. Read
    from the list's annotation when there is one (`with_approver`)."""
    annotated = getattr(item, "principal_approves", None)
    if annotated is not None:
        return annotated
    return chair_is_party(item.school_id, people_user_ids(item))


def approver_role_label(item):
    """Who approves this form, for messages: the chair, or the principal."""
    if principal_approves(item):
        return _("hiệu trưởng")
    return _("chủ tịch công đoàn")


def forwarded_label(principal):
    """The label of the forwarded status, naming who approves."""
    if principal:
        return _("Tổ đã chuyển, chờ hiệu trưởng duyệt")
    return str(Status.FORWARDED.label)


# Status.label by value (get_status_display() builds the choices' dict at every call:
# most of a long list's status column).
_STATUS_LABELS = dict(Status.choices)


def status_label(item):
    """The form's status as shown: a forwarded form names its approver."""
    if item.status == Status.FORWARDED:
        return forwarded_label(principal_approves(item))
    return str(_STATUS_LABELS.get(item.status, item.status))


def waiting_for(item):
    """Whom a waiting form waits for, as a sentence of its page ("" when it waits for
    nobody): its union group leader, else its approver."""
    if item.status not in WAITING_STATUSES:
        return ""
    people = people_user_ids(item)
    if item.status == Status.SUBMITTED:
        leaders = other_leader_ids(item, people)
        if leaders:
            names = ", ".join(h.name for h in holders_named(item.school_id, leaders))
            group = item.union_group.name
            if not names:
                return _("Đang chờ tổ trưởng công đoàn (%(group)s) xem trước.") % {"group": group}
            return _("Đang chờ tổ trưởng công đoàn %(names)s (%(group)s) xem trước.") % {
                "names": names,
                "group": group,
            }
    if chair_is_party(item.school_id, people):
        return _("Đang chờ hiệu trưởng duyệt.")
    return _("Đang chờ chủ tịch công đoàn duyệt.")


# -- the checks -----------------------------------------------------------------------


def may_submit(user, item):
    return is_author(user, item) and item.status in (Status.DRAFT, Status.RETURNED)


def may_withdraw(user, item):
    return is_author(user, item) and item.status in WAITING_STATUSES


def is_group_leader_of(user, item):
    return item.union_group_id is not None and visibility.access_for(user).has_role(
        Role.UNION_GROUP_LEADER, unit=item.union_group
    )


def is_reviewer_of(user, item):
    """Reviews this form at some stage (whatever its state now): its group leader or
    its approver, and not one of its people."""
    return not belongs_to(user, item) and (
        is_group_leader_of(user, item) or is_approver(user, item)
    )


def may_forward(user, item):
    """The union group leader forwards a submitted form of the group, not their own."""
    return (
        item.status == Status.SUBMITTED
        and is_group_leader_of(user, item)
        and not belongs_to(user, item)
    )


def may_approve(user, item):
    """The approver, once the group leader has forwarded the form (or when the group
    has no other leader to do it)."""
    if item.status == Status.FORWARDED:
        return is_approver(user, item)
    if item.status == Status.SUBMITTED:
        return is_approver(user, item) and not needs_group_leader(item)
    return False


def may_return(user, item):
    return may_forward(user, item) or may_approve(user, item)


def may_review(user, item):
    """Whether the form waits for this user's review now."""
    return may_forward(user, item) or may_approve(user, item)


def may_record_result(user, item):
    return item.status == Status.APPROVED and is_approver(user, item)


def may_extend(user, campaign, person=None, group=None):
    """The approver lets one person (M1) or group (M2) submit after the deadline."""
    if group is not None:
        people = people_user_ids(group)
        school_id = group.school_id
    else:
        people = {person.user_id} - {None}
        school_id = person.organization_id
    return campaign.organization_id == school_id and _is_approver_of(user, school_id, people)


def may_extend_item(user, item):
    target = {"person": item.person} if _is_m1(item) else {"group": item}
    return item.status in (Status.DRAFT, Status.RETURNED) and may_extend(
        user, item.campaign, **target
    )


# -- what waits for a user ------------------------------------------------------------


def _not_mine(model, person_id):
    if person_id is None:
        return Q()
    if model is InnovationRegistration:
        return ~Q(person_id=person_id)
    members = TeacherGroup.members.through.objects.filter(person_id=person_id)
    return ~Q(leader_id=person_id) & ~Q(pk__in=members.values("teachergroup_id"))


def _account_of(lookup):
    """The outer form's person's account id, 0 for a person without one (a NULL would
    make `user_id <> NULL` unknown and hide every chair)."""
    return Coalesce(OuterRef(f"{lookup}__user_id"), Value(0))


def _chair_outside(model, school_year=None):
    """Exists: a union chair of the form's school who is not one of its people."""
    ((lookup, value),) = _in_year(school_year).items()
    return _chair_outside_in(model, lookup, getattr(value, "pk", value))


@lru_cache(maxsize=64)
def _chair_outside_in(model, year_lookup, year):
    """_chair_outside for the role rows of one school year, built once (a query using it
    resolves a copy of it; building it was a third of a review list's queries)."""
    chairs = RoleAssignment.objects.filter(
        role=Role.UNION_CHAIR, organization_id=OuterRef("school_id"), **{year_lookup: year}
    )
    if model is InnovationRegistration:
        chairs = chairs.exclude(user_id=_account_of("person"))
    else:
        members = TeacherGroup.members.through.objects.filter(
            teachergroup_id=OuterRef(OuterRef("pk")), person__user__isnull=False
        ).values("person__user_id")
        chairs = chairs.exclude(user_id=_account_of("leader")).exclude(user_id__in=members)
    return Exists(chairs)


def with_approver(queryset, school_year=None):
    """Forms of a list annotated with `principal_approves` in the same query, so that
    their status names the approver without a query per form (`status_label`)."""
    return queryset.annotate(principal_approves=~_chair_outside(queryset.model, school_year))


def waiting_rights(access):
    """What of a user's roles the forms waiting for her depend on: the union groups she
    leads, the schools she chairs, the schools she heads, and her Person (a list of one,
    or none)."""
    led = {a.unit_id for a in access.assignments if a.role == Role.UNION_GROUP_LEADER and a.unit_id}
    chaired = {a.organization_id for a in access.assignments if a.role == Role.UNION_CHAIR}
    headed = {a.organization_id for a in access.assignments if a.role in SCHOOL_HEADS}
    person = access.person
    return sorted(led), sorted(chaired), sorted(headed), [person.pk] if person is not None else []


def waiting_rights_q(model, led, chaired, headed, person_ids, school_year=None):
    """Forms of `model` waiting for the holder of these rights (`waiting_rights`):
    submitted ones of the union groups she leads, forwarded ones of the schools she
    chairs, and, for principals, forwarded ones whose school has no other chair (among
    the role rows of `school_year`, an id or a SchoolYear, else of this year)."""
    q = Q(pk__in=[])
    if led:
        q |= Q(status=Status.SUBMITTED, union_group_id__in=led)
    if chaired:
        q |= Q(status=Status.FORWARDED, school_id__in=chaired)
    if headed:
        q |= Q(status=Status.FORWARDED, school_id__in=headed) & ~_chair_outside(model, school_year)
    return q & _not_mine(model, person_ids[0] if person_ids else None)


def waiting_q(access, model):
    """Forms of `model` waiting for this user's review now (administrators excepted)."""
    return waiting_rights_q(model, *waiting_rights(access))


def waiting(user, model):
    """The forms of `model` waiting for this user, oldest submission first."""
    access = visibility.access_for(user)
    return (
        visibility.visible(user, model)
        .filter(waiting_q(access, model))
        .order_by("submitted_at", "pk")
    )


def waiting_count(user):
    return waiting(user, InnovationRegistration).count() + waiting(user, TeacherGroup).count()


def next_waiting(user):
    """The oldest form (M1 or M2) waiting for this user, or None."""
    m1 = waiting(user, InnovationRegistration).select_related("person").first()
    m2 = waiting(user, TeacherGroup).first()
    candidates = [item for item in (m1, m2) if item is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda item: (item.submitted_at is None, item.submitted_at))
