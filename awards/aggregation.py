"""The numbers of nomination rounds for one office (Phòng, commune or Sở): for every
sender below it (its direct child organisations: schools under a Phòng; Phòng, communes
and THPTs under a Sở) what it sent in each round, when, late or missing, how many
nominations by title and award form and what the office answered.

Everything is computed with a constant number of queries, whatever the number of
senders, rounds and nominations: the senders (1), the proposals (1) and the proposal
items grouped by round, sender, award and outcome (1).

What counts: proposals sent to the office (not drafts), and in them, for each
nomination, its latest item (a nomination returned in one proposal and sent again in a
later one counts once, with its latest outcome).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import is_id
from common.vietnamese import collation_key, document_number, sort_by_text
from schools.models import PATH_STEP, Organization

from .models import Nomination, Proposal, ProposalItem, Round

OUTCOMES = ProposalItem.Outcome


class Timing:
    """When a sender sent its proposal of a round, compared with the deadline."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    WAITING = "waiting"

    LABELS = {
        ON_TIME: _("Đúng hạn"),
        LATE: _("Gửi muộn"),
        MISSING: _("Quá hạn, chưa gửi"),
        WAITING: _("Chưa gửi (còn hạn)"),
    }
    ORDER = [ON_TIME, LATE, MISSING, WAITING]


SENDER_KINDS = [
    (Organization.Kind.OFFICE, Organization.Kind.OFFICE.label),
    (Organization.Kind.COMMUNE, Organization.Kind.COMMUNE.label),
    (Organization.Kind.SCHOOL, Organization.Kind.SCHOOL.label),
]


@dataclass
class Filters:
    """Filters of the office pages, read from the query string; unknown values are
    ignored (the page then shows everything)."""

    level: str = ""  # school level of the nominating organisation (and of the senders)
    kind: str = ""  # kind of the sender: office, commune or school
    campaign: int | None = None  # year page: rounds of one campaign

    @classmethod
    def from_query(cls, data):
        level = data.get("level", "")
        kind = data.get("kind", "")
        campaign = data.get("campaign", "")
        return cls(
            level=level if level in Organization.Level.values else "",
            kind=kind if kind in dict(SENDER_KINDS) else "",
            campaign=int(campaign) if is_id(campaign) else None,
        )

    def query(self):
        """The filters as query-string pairs, for links and exports."""
        pairs = [("level", self.level), ("kind", self.kind)]
        if self.campaign:
            pairs.append(("campaign", str(self.campaign)))
        return [(k, v) for k, v in pairs if v]

    @property
    def active(self):
        return bool(self.level or self.kind or self.campaign)


@dataclass(frozen=True)
class Award:
    """A title or an award form that occurs in the numbers: a column of the tables."""

    key: str
    label: str
    short: str
    order: tuple


@dataclass
class Counts:
    """Nominations received, by outcome and by award."""

    total: int = 0
    persons: int = 0
    awarded: int = 0
    by_outcome: Counter = field(default_factory=Counter)
    by_award: Counter = field(default_factory=Counter)

    def add(self, other):
        self.total += other.total
        self.persons += other.persons
        self.awarded += other.awarded
        self.by_outcome.update(other.by_outcome)
        self.by_award.update(other.by_award)

    @property
    def collectives(self):
        return self.total - self.persons

    @property
    def pending(self):
        return self.by_outcome[OUTCOMES.PENDING]

    @property
    def accepted(self):
        return self.by_outcome[OUTCOMES.ACCEPTED]

    @property
    def returned(self):
        return self.by_outcome[OUTCOMES.RETURNED]

    @property
    def rejected(self):
        return self.by_outcome[OUTCOMES.REJECTED]

    def award_values(self, awards):
        return [self.by_award[a.key] for a in awards]


@dataclass
class SentProposal:
    pk: int
    reference: str
    sent_at: object
    is_late: bool
    status: str


@dataclass
class SenderRound:
    """One sender in one round."""

    organization: Organization
    round: Round
    proposals: list = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    timing: str = Timing.WAITING
    award_values: list = field(default_factory=list)  # counts by Report.awards, in order

    @property
    def sent_at(self):
        return self.proposals[0].sent_at if self.proposals else None

    @property
    def timing_label(self):
        return Timing.LABELS[self.timing]


@dataclass
class Summary:
    """A row of the year page (a sender or a round): its timings and its counts."""

    subject: object
    timings: Counter = field(default_factory=Counter)
    counts: Counts = field(default_factory=Counts)
    award_values: list = field(default_factory=list)  # counts by Report.awards, in order

    @property
    def on_time(self):
        return self.timings[Timing.ON_TIME]

    @property
    def late(self):
        return self.timings[Timing.LATE]

    @property
    def missing(self):
        return self.timings[Timing.MISSING]

    @property
    def waiting(self):
        return self.timings[Timing.WAITING]

    @property
    def sent(self):
        return self.on_time + self.late


@dataclass
class Report:
    """The numbers of some rounds for one office."""

    office: Organization
    rounds: list
    filters: Filters
    senders: list  # organisations, in Vietnamese order
    cells: dict  # (round pk, sender pk) -> SenderRound
    awards: list  # Award columns in catalogue order
    today: object

    def cell(self, round, sender):
        return self.cells[(round.pk, sender.pk)]

    def _with_values(self, rows):
        for row in rows:
            row.award_values = row.counts.award_values(self.awards)
        return rows

    def round_rows(self, round):
        """The senders of one round (the round page)."""
        return self._with_values([self.cells[(round.pk, s.pk)] for s in self.senders])

    def _summaries(self, subjects, key):
        rows = {s.pk: Summary(subject=s) for s in subjects}
        for cell in self.cells.values():
            row = rows[key(cell).pk]
            row.timings[cell.timing] += 1
            row.counts.add(cell.counts)
        return self._with_values([rows[s.pk] for s in subjects])

    def sender_summaries(self):
        """One row per sender over every round of the report (the year page)."""
        return self._summaries(self.senders, lambda c: c.organization)

    def round_summaries(self):
        """One row per round over every sender (the year page, the round list)."""
        return self._summaries(self.rounds, lambda c: c.round)

    def total(self):
        total = Summary(subject=self.office)
        for cell in self.cells.values():
            total.timings[cell.timing] += 1
            total.counts.add(cell.counts)
        return self._with_values([total])[0]


def senders_below(office, filters=None):
    """The organisations that send to `office`: its direct children (one query)."""
    filters = filters or Filters()
    senders = Organization.objects.filter(path__startswith=office.path, depth=office.depth + 1)
    if filters.kind:
        senders = senders.filter(kind=filters.kind)
    if filters.level:
        senders = senders.filter(
            Exists(
                Organization.objects.filter(
                    path__startswith=OuterRef("path"), school_level=filters.level
                )
            )
        )
    return sort_by_text(senders, lambda o: o.name)


def rounds_for_office(office, queryset=None):
    """Rounds whose senders send to `office`: those of campaigns launched by the office
    itself or by an organisation above it (a Sở's quarterly round is also the Phòng's:
    schools send to the Phòng, which sends on to the Sở)."""
    ancestors = [office.path[:i] for i in range(PATH_STEP, len(office.path) + 1, PATH_STEP)]
    queryset = Round.objects.all() if queryset is None else queryset
    return queryset.filter(campaign__organization__path__in=ancestors)


def received_items(office, rounds, filters=None):
    """Items of the proposals sent to `office` in `rounds`, the latest one of each
    nomination only, with the filters applied."""
    filters = filters or Filters()
    sent = ProposalItem.objects.filter(
        proposal__recipient=office, proposal__round__in=rounds
    ).exclude(proposal__status=Proposal.Status.DRAFT)
    later = (
        ProposalItem.objects.filter(
            nomination=OuterRef("nomination"),
            proposal__recipient=office,
            proposal__round=OuterRef("proposal__round"),
            proposal__pk__gt=OuterRef("proposal"),
        )
        .exclude(proposal__status=Proposal.Status.DRAFT)
        .values("pk")
    )
    items = sent.filter(~Exists(later))
    if filters.kind:
        items = items.filter(proposal__organization__kind=filters.kind)
    if filters.level:
        items = items.filter(nomination__organization__school_level=filters.level)
    return items


def _award(row):
    if row["nomination__title_id"]:
        name = row["nomination__title__name"]
        return Award(
            key=f"t{row['nomination__title_id']}",
            label=name,
            short=row["nomination__title__abbreviation"] or name,
            order=(0, row["nomination__title__order"], collation_key(name)),
        )
    if row["nomination__award_form_id"]:
        name = row["nomination__award_form__name"]
        granted_by = row["nomination__award_form__granted_by"]
        label = f"{name} ({granted_by})"
        return Award(
            key=f"f{row['nomination__award_form_id']}",
            label=label,
            short=label,
            order=(1, row["nomination__award_form__order"], collation_key(label)),
        )
    return Award(key="-", label=str(_("Chưa chọn")), short=str(_("Chưa chọn")), order=(2, 0, ""))


def _timing(round, proposals, today):
    if proposals:
        return Timing.LATE if proposals[0].is_late else Timing.ON_TIME
    return Timing.MISSING if round.deadline < today else Timing.WAITING


def build_report(office, rounds, filters=None, today=None):
    """The numbers of `rounds` (a list of Round) for `office`."""
    filters = filters or Filters()
    today = today or timezone.localdate()
    rounds = list(rounds)
    senders = senders_below(office, filters)
    cells = {(r.pk, s.pk): SenderRound(organization=s, round=r) for r in rounds for s in senders}
    if rounds and senders:
        proposals = (
            Proposal.objects.filter(recipient=office, round__in=rounds)
            .exclude(status=Proposal.Status.DRAFT)
            .order_by("sent_at", "pk")
            .values_list(
                "pk",
                "round_id",
                "organization_id",
                "number",
                "symbol",
                "sent_at",
                "is_late",
                "status",
            )
        )
        for pk, round_id, sender_id, number, symbol, sent_at, is_late, status in proposals:
            cell = cells.get((round_id, sender_id))
            if cell is not None:
                reference = document_number(number, symbol) if number is not None else ""
                cell.proposals.append(SentProposal(pk, reference, sent_at, is_late, status))
        groups = (
            received_items(office, rounds, filters)
            .values(
                "proposal__round_id",
                "proposal__organization_id",
                "outcome",
                "nomination__title_id",
                "nomination__title__name",
                "nomination__title__abbreviation",
                "nomination__title__order",
                "nomination__award_form_id",
                "nomination__award_form__name",
                "nomination__award_form__granted_by",
                "nomination__award_form__order",
            )
            .annotate(
                n=Count("pk"),
                persons=Count("pk", filter=Q(nomination__person__isnull=False)),
                awarded=Count("pk", filter=Q(nomination__status=Nomination.Status.AWARDED)),
            )
            .order_by()
        )
        awards = {}
        for row in groups:
            cell = cells.get((row["proposal__round_id"], row["proposal__organization_id"]))
            if cell is None:
                continue
            award = _award(row)
            awards[award.key] = award
            counts = cell.counts
            counts.total += row["n"]
            counts.persons += row["persons"]
            counts.awarded += row["awarded"]
            counts.by_outcome[row["outcome"]] += row["n"]
            counts.by_award[award.key] += row["n"]
    else:
        awards = {}
    for cell in cells.values():
        cell.timing = _timing(cell.round, cell.proposals, today)
    return Report(
        office=office,
        rounds=rounds,
        filters=filters,
        senders=senders,
        cells=cells,
        awards=sorted(awards.values(), key=lambda a: a.order),
        today=today,
    )


def round_report(office, round, filters=None, today=None):
    return build_report(office, [round], filters, today)


def year_rounds(office, school_year, filters=None, queryset=None):
    """The rounds of a school year that concern `office`, by deadline."""
    filters = filters or Filters()
    rounds = rounds_for_office(office, queryset).filter(school_year=school_year)
    if filters.campaign:
        rounds = rounds.filter(campaign_id=filters.campaign)
    return rounds.select_related("campaign__organization").order_by("deadline", "pk")


def year_report(office, school_year, filters=None, today=None, queryset=None):
    rounds = year_rounds(office, school_year, filters, queryset)
    return build_report(office, rounds, filters, today)


def outcome_labels():
    return [(value, label) for value, label in OUTCOMES.choices]
