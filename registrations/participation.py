"""Participation against the 100 % target: per union group of a school for a campaign,
and per school for an office."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from common.prepared import PreparedQuery
from common.vietnamese import sort_by_text, sort_people
from schools.models import Person, Unit

from .models import InnovationRegistration, Status, TeacherGroup

REGISTERED = [Status.SUBMITTED, Status.FORWARDED, Status.RETURNED, Status.APPROVED]


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class GroupRow:
    unit: object
    total: int = 0
    registered: int = 0
    missing: list = field(default_factory=list)

    @property
    def percent(self):
        return percent(self.registered, self.total)


def school_participation(school, campaign, union_group=None):
    """Rows per union group (people without a group in a last row), totals first."""
    people = Person.objects.filter(organization=school).select_related("union_group", "user")
    if union_group is not None:
        people = people.filter(union_group=union_group)
    registered_ids = set(
        InnovationRegistration.objects.filter(
            campaign=campaign, school=school, status__in=REGISTERED
        ).values_list("person_id", flat=True)
    )
    rows = {}
    for person in people:
        row = rows.setdefault(person.union_group_id, GroupRow(unit=person.union_group))
        row.total += 1
        if person.pk in registered_ids:
            row.registered += 1
        else:
            row.missing.append(person)
    for row in rows.values():
        row.missing = sort_people(row.missing)
    return _with_total(rows.values(), GroupRow)


def _with_total(rows, row_class):
    """(the school's total row, the union groups' rows in name order, people without a
    group last)."""
    ordered = sort_by_text(rows, lambda r: r.unit.name if r.unit else "~")
    total = row_class(
        unit=None,
        total=sum(r.total for r in ordered),
        registered=sum(r.registered for r in ordered),
    )
    return total, ordered


@dataclass
class GroupCount:
    """A union group's row of the home page: the counts only, no people."""

    unit: object  # the union group (its id and name), None for people without one
    total: int = 0
    registered: int = 0
    missing: int = 0
    no_email: int = 0  # of the missing, those a reminder e-mail cannot reach

    @property
    def percent(self):
        return percent(self.registered, self.total)


def _people_registered(school_id, campaign_id):
    registered = InnovationRegistration.objects.filter(
        campaign=campaign_id, school=school_id, status__in=REGISTERED, person=OuterRef("pk")
    )
    # The group's name read by its id for each person, not joined: PostgreSQL joined
    # every union group of the province by hashing (5,950 of the load test's, 1.15 ms
    # for a school of 40 people; 0.21 ms this way).
    group_name = Unit.objects.filter(pk=OuterRef("union_group_id")).values("name")
    return (
        Person.objects.filter(organization=school_id)
        .annotate(has_registered=Exists(registered), group_name=Subquery(group_name))
        .values_list("union_group_id", "group_name", "has_registered", "email", "user__email")
    )


# A principal's and a chair's home asks it whenever the school's forms move: compiled
# once (common.prepared).
_people_registered_in = PreparedQuery(_people_registered, keys=2)


def participation_counts(school, campaign):
    """school_participation's figures per union group, and for each the people missing
    and those of them no reminder reaches, counted from one query of plain values (no
    person is built)."""
    rows = {}
    for unit_id, unit_name, has_registered, email, account_email in _people_registered_in(
        school.pk, campaign.pk
    ):
        unit = Unit(pk=unit_id, name=unit_name) if unit_id is not None else None
        row = rows.setdefault(unit_id, GroupCount(unit=unit))
        row.total += 1
        if has_registered:
            row.registered += 1
        else:
            row.missing += 1
            row.no_email += not (email or account_email)
    return _with_total(rows.values(), GroupCount)


def email_of(person):
    """The address a reminder goes to (notifications.remind): the person's, else the
    account's; empty when there is none."""
    return person.email or (person.user.email if person.user_id else "")


def mark_unreachable(rows):
    """Set on each row `no_email`: who has not registered and whom a reminder e-mail
    cannot reach (told before sending, printable)."""
    for row in rows:
        row.no_email = [p for p in row.missing if not email_of(p)]
    return rows


def school_groups(school, campaign):
    return (
        TeacherGroup.objects.filter(campaign=campaign, school=school)
        .exclude(status=Status.DRAFT)
        .select_related("leader", "team")
        .prefetch_related("members")
        .order_by("name")
    )


@dataclass
class SchoolRow:
    school: object
    total: int
    registered: int
    approved: int
    groups: int

    @property
    def percent(self):
        return percent(self.registered, self.total)


def office_participation(office, school_year):
    """One row per school below `office`: staff, registered, approved, M2 groups."""
    schools = list(office.schools().annotate(total=Count("people", distinct=True)).order_by("path"))
    ids = [s.pk for s in schools]
    regs = (
        InnovationRegistration.objects.filter(school_id__in=ids, campaign__school_year=school_year)
        .values("school_id")
        .annotate(
            registered=Count("person", filter=Q(status__in=REGISTERED), distinct=True),
            approved=Count("person", filter=Q(status=Status.APPROVED), distinct=True),
        )
    )
    by_school = {r["school_id"]: r for r in regs}
    groups = dict(
        TeacherGroup.objects.filter(school_id__in=ids, campaign__school_year=school_year)
        .exclude(status=Status.DRAFT)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    rows = [
        SchoolRow(
            school=s,
            total=s.total,
            registered=by_school.get(s.pk, {}).get("registered", 0),
            approved=by_school.get(s.pk, {}).get("approved", 0),
            groups=groups.get(s.pk, 0),
        )
        for s in schools
    ]
    return sort_by_text(rows, lambda r: r.school.name)
