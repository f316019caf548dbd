"""What an office (Phòng, commune office, Sở) has to do today, for its home page:

1. the live rounds that concern it (its own campaigns' and those of the offices above,
   whose senders send to it), with the days left to each deadline, and for each which
   units below have sent their proposal (tờ trình) and which have not;
2. the proposals waiting for its review, oldest first;
3. its own deadlines upward: the rounds of the offices above for which it sends its own
   proposal (live ones; past ones of this school year only while it holds nominations
   received and has not sent);
4. the reports of its emulation blocks overdue or sent late;
5. its published plans of this school year (or of a campaign still running) and which
   units below have published their own plan implementing them.

"Units below" are the office's direct children (schools under a Phòng; Phòng, communes
and THPTs under a Sở): the organisations that send to it. Everything is computed with a
constant number of queries, whatever the number of units, rounds, proposals and plans.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from emulation.models import BlockMembership, CovenantConfirmation, EmulationBlock, Plan
from emulation.visibility import PUBLIC_STATUSES
from schools import visibility
from schools.models import Organization, SchoolYear
from schools.roles import OFFICE_ROLES

from .aggregation import rounds_for_office, senders_below
from .models import Proposal, Round, RoundReminder

WAITING_SHOWN = 15  # proposals listed on the page; the rest through the proposal list
PLANS_SHOWN = 5
MISSING_SHOWN = 60  # names of units missing in a round; the round's page lists them all


def offices_of(access):
    """The offices the user is staff of (not schools), highest first."""
    offices = {
        a.organization
        for a in access.assignments
        if a.role in OFFICE_ROLES and a.organization.kind != Organization.Kind.SCHOOL
    }
    return sorted(offices, key=lambda o: (o.path, o.pk))


def days_between(day, today):
    return (day - today).days


# -- rounds: who has sent, the office's own deadline upward -------------------------------


@dataclass
class Upward:
    """The office's own proposal in a round of an office above it."""

    proposal_pk: int | None = None
    status: str = ""  # "" (none yet), draft, sent, reviewed
    sent_at: object = None
    is_late: bool = False
    received: int = 0  # units below that sent to the office in this round

    @property
    def is_sent(self):
        return self.status in (Proposal.Status.SENT, Proposal.Status.REVIEWED)

    @property
    def is_draft(self):
        return self.status == Proposal.Status.DRAFT


@dataclass
class RoundToday:
    round: Round
    days_left: int
    is_own: bool  # a round of the office's own campaign
    sent: list = field(default_factory=list)  # units below that sent (organisations)
    missing: list = field(default_factory=list)  # units below that have not
    upward: Upward | None = None  # the office's own proposal, for a round from above
    last_reminder: RoundReminder | None = None

    @property
    def total(self):
        return len(self.sent) + len(self.missing)

    @property
    def is_live(self):
        return self.days_left >= 0

    @property
    def missing_shown(self):
        return self.missing[:MISSING_SHOWN]

    @property
    def missing_more(self):
        return max(len(self.missing) - MISSING_SHOWN, 0)

    @property
    def days_late(self):
        return -self.days_left


def _rounds(user, office, today, school_year):
    """Rounds that concern the office: live ones, and past ones of this school year from
    above (the office may still owe its own proposal). One query."""
    from_above = ~Q(campaign__organization=office)
    return list(
        rounds_for_office(office, visibility.visible(user, Round))
        .filter(Q(deadline__gte=today) | (from_above & Q(school_year=school_year)))
        .select_related("campaign__organization")
        .order_by("deadline", "pk")
    )


def round_panels(user, office, today, school_year, senders):
    """(live rounds with who sent, the office's deadlines upward): 3 queries."""
    rounds = _rounds(user, office, today, school_year)
    if not rounds:
        return [], []
    rows = {
        r.pk: RoundToday(
            round=r,
            days_left=days_between(r.deadline, today),
            is_own=r.campaign.organization_id == office.pk,
        )
        for r in rounds
    }
    received = set(
        Proposal.objects.filter(recipient=office, round__in=list(rows))
        .exclude(status=Proposal.Status.DRAFT)
        .order_by()
        .values_list("round_id", "organization_id")
        .distinct()
    )
    above = [row for row in rows.values() if not row.is_own and office.parent_id]
    own = {}
    if above:
        for pk, round_id, status, sent_at, is_late in (
            Proposal.objects.filter(organization=office, round__in=[r.round for r in above])
            .order_by("pk")
            .values_list("pk", "round_id", "status", "sent_at", "is_late")
        ):
            known = own.get(round_id)
            if known is None or not known.is_sent:  # the first one sent, else the last draft
                own[round_id] = Upward(pk, status, sent_at, is_late)
    live = [row for row in rows.values() if row.is_live]
    for row in live:
        for sender in senders:
            target = row.sent if (row.round.pk, sender.pk) in received else row.missing
            target.append(sender)
    reminders = RoundReminder.objects.filter(office=office, round__in=[r.round for r in live])
    for reminder in reminders.select_related("sent_by").order_by("sent_at", "pk"):
        rows[reminder.round_id].last_reminder = reminder  # the latest one wins
    upward = []
    for row in above:
        row.upward = own.get(row.round.pk) or Upward()
        row.upward.received = sum(1 for round_id, _org in received if round_id == row.round.pk)
        # A past round stays while the office holds what it received and has not sent.
        if row.is_live or (not row.upward.is_sent and (row.upward.received or row.upward.status)):
            upward.append(row)
    return live, upward


def missing_senders(office, round):
    """The units below `office` that have not sent it a proposal in `round` (2 queries)."""
    sent = set(
        Proposal.objects.filter(recipient=office, round=round)
        .exclude(status=Proposal.Status.DRAFT)
        .values_list("organization_id", flat=True)
    )
    return [s for s in senders_below(office) if s.pk not in sent]


# -- proposals waiting for review ---------------------------------------------------------


def waiting_proposals(user, office, today):
    """(the oldest proposals waiting for the office's review, how many wait): 2 queries."""
    waiting = visibility.visible(user, Proposal).filter(
        recipient=office, status=Proposal.Status.SENT
    )
    shown = list(
        waiting.select_related("organization", "round")
        .annotate(item_count=Count("items"))
        .order_by(F("sent_at").asc(nulls_last=True), "pk")[:WAITING_SHOWN]
    )
    for proposal in shown:
        proposal.days_waiting = (
            (today - timezone.localdate(proposal.sent_at)).days if proposal.sent_at else None
        )
    return shown, waiting.count()


# -- emulation blocks ---------------------------------------------------------------------


def _count_of(model, **filters):
    """A subquery counting `model` rows of the outer block (no join that multiplies)."""
    rows = model.objects.filter(block=OuterRef("pk"), **filters).order_by().values("block")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def block_reports(office, today, school_year):
    """The office's blocks of the school year with what it supervises: reports overdue
    (not sent, past the deadline) and sent late, the next deadline still ahead, the
    covenant past its deadline without every school's signature, a ranking closed and
    waiting for its approval: 1 query."""
    unsent = Q(reports__submitted_at__isnull=True)
    return list(
        EmulationBlock.objects.filter(office=office, school_year=school_year)
        .annotate(
            overdue=Count("reports", filter=unsent & Q(reports__due_date__lt=today)),
            late=Count(
                "reports",
                filter=Q(reports__submitted_at__date__gt=F("reports__due_date")),
            ),
            next_due=Min("reports__due_date", filter=unsent & Q(reports__due_date__gte=today)),
            member_count=_count_of(BlockMembership),
            signed=_count_of(CovenantConfirmation),
        )
        .order_by("name", "pk")
    )


# -- plans of the units below -------------------------------------------------------------


@dataclass
class PlanToday:
    plan: Plan
    published: list = field(default_factory=list)  # (unit, its plan pk)
    drafting: list = field(default_factory=list)  # units with a draft only
    missing: list = field(default_factory=list)  # units with nothing yet

    @property
    def not_done(self):
        return len(self.drafting) + len(self.missing)

    @property
    def total(self):
        return len(self.published) + self.not_done


def plans_below(office, today, school_year, senders):
    """The office's published plans of the school year (or of a campaign whose rounds are
    still open), and for each which units below published their own plan implementing
    it: 2 queries."""
    running = Round.objects.filter(campaign=OuterRef("campaign"), deadline__gte=today)
    plans = list(
        Plan.objects.filter(organization=office, status__in=PUBLIC_STATUSES)
        .filter(Q(school_year=school_year) | Exists(running))
        .select_related("organization")
        .order_by(F("issue_date").desc(nulls_last=True), "-pk")[:PLANS_SHOWN]
    )
    if not plans:
        return []
    derived = {}
    for parent_id, org_id, status, pk in (
        Plan.objects.filter(
            parent_plan__in=plans,
            organization__path__startswith=office.path,
            organization__depth=office.depth + 1,
        )
        .order_by("pk")
        .values_list("parent_plan_id", "organization_id", "status", "pk")
    ):
        best = derived.get((parent_id, org_id))
        if best is None or (best[0] not in PUBLIC_STATUSES and status in PUBLIC_STATUSES):
            derived[(parent_id, org_id)] = (status, pk)
    rows = []
    for plan in plans:
        row = PlanToday(plan=plan)
        for sender in senders:
            status, pk = derived.get((plan.pk, sender.pk), ("", None))
            if status in PUBLIC_STATUSES:
                row.published.append((sender, pk))
            elif status:
                row.drafting.append(sender)
            else:
                row.missing.append(sender)
        rows.append(row)
    return rows


# -- the whole page -----------------------------------------------------------------------


@dataclass
class OfficeToday:
    office: Organization
    today: object
    school_year: SchoolYear
    senders: list
    rounds: list
    upward: list
    waiting: list
    waiting_count: int
    blocks: list
    plans: list

    @property
    def missing_units(self):
        """Units below that have not sent their proposal of one live round or more."""
        return len({o.pk for r in self.rounds for o in r.missing})

    @property
    def upward_open(self):
        """The office's own proposals upward still to send."""
        return [r for r in self.upward if not r.upward.is_sent]

    @property
    def overdue_reports(self):
        return sum(b.overdue for b in self.blocks)

    @property
    def late_reports(self):
        return sum(b.late for b in self.blocks)

    @property
    def plans_missing(self):
        """Units below that have not published their plan implementing one of the
        office's plans or more."""
        return len({o.pk for p in self.plans for o in [*p.missing, *p.drafting]})


def office_today(user, office, today=None, school_year=None):
    today = today or timezone.localdate()
    school_year = school_year or SchoolYear.current()
    senders = senders_below(office)
    live, upward = round_panels(user, office, today, school_year, senders)
    waiting, waiting_count = waiting_proposals(user, office, today)
    return OfficeToday(
        office=office,
        today=today,
        school_year=school_year,
        senders=senders,
        rounds=live,
        upward=upward,
        waiting=waiting,
        waiting_count=waiting_count,
        blocks=block_reports(office, today, school_year),
        plans=plans_below(office, today, school_year, senders),
    )
