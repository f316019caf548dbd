"""The facts the rules read, gathered from the product's own data: the year-end
evaluation, the registrations' results, the titles won in earlier years (decisions and
closed votes) and this year's vote. Batched: a page of a whole school costs a fixed
number of queries."""

from collections import defaultdict

from registrations.models import InnovationRegistration, Result
from registrations.models import Status as RegistrationStatus
from schools.models import Person, SchoolYear

from .models import Awardee, AwardRecord, Candidate, Decision, Evaluation, Vote
from .rules import Facts


def _year_of(day, years):
    for year in years:
        if year.start_date <= day <= year.end_date:
            return year.pk
    return None


def title_history(people_ids):
    """person id -> {school year id -> set of title codes} from recorded decisions and
    passed candidates of closed votes."""
    history = defaultdict(lambda: defaultdict(set))
    passed = Candidate.objects.filter(
        person_id__in=people_ids, passed=True, vote__status=Vote.Status.CLOSED
    ).values_list("person_id", "vote__council__school_year_id", "title__code")
    for person_id, year_id, code in passed:
        history[person_id][year_id].add(code)
    years = list(SchoolYear.objects.all())
    awarded = Awardee.objects.filter(
        nomination__person_id__in=people_ids,
        decision__status=Decision.Status.RECORDED,
        title__isnull=False,
    ).values_list(
        "nomination__person_id",
        "nomination__round__school_year_id",
        "decision__decision_date",
        "title__code",
    )
    for person_id, round_year_id, day, code in awarded:
        # a title is for its round's school year, whenever the decision was signed
        year_id = round_year_id or (_year_of(day, years) if day else None)
        if year_id:
            history[person_id][year_id].add(code)
    # titles from the award history: imported, entered, and this product's decisions
    kept = AwardRecord.objects.filter(person_id__in=people_ids, title__isnull=False).values_list(
        "person_id", "school_year_id", "title__code"
    )
    for person_id, year_id, code in kept:
        history[person_id][year_id].add(code)
    return history, years


def award_years(history_of_person, years, school_year):
    """title code -> start years of the school years it was won in, up to `school_year`
    (the consecutive-awards rule of CSTĐ toàn quốc reads it)."""
    start = {y.pk: y.start_date.year for y in years}
    found = defaultdict(list)
    for year_id, codes in history_of_person.items():
        if year_id in start and start[year_id] <= school_year.start_date.year:
            for code in codes:
                found[code].append(start[year_id])
    return {code: sorted(found_years) for code, found_years in found.items()}


def consecutive(history_of_person, years, school_year):
    """title code -> how many school years running, ending with `school_year`."""
    ordered = sorted(
        (y for y in years if y.start_date <= school_year.start_date),
        key=lambda y: y.start_date,
        reverse=True,
    )
    runs = {}
    codes = set().union(*history_of_person.values()) if history_of_person else set()
    for code in codes:
        count = 0
        for year in ordered:
            if code not in history_of_person.get(year.pk, set()):
                break
            count += 1
        runs[code] = count
    return runs


COMPLETES_DUTIES = {"excellent", "good", "completed"}


def leads_a_block(school, school_year):
    """Whether the school is the leading unit of an emulation block of the year (the
    block's ranking closed and approved by the office with it as the leading unit)."""
    from emulation.models import EmulationBlock

    return EmulationBlock.objects.filter(
        leading_school=school, school_year=school_year, ranking_approved_at__isnull=False
    ).exists()


def latest_votes(people_ids, school_year):
    """(person id, title id) -> (yes, council size) of this year's closed votes."""
    rows = (
        Candidate.objects.filter(
            person_id__in=people_ids,
            vote__status=Vote.Status.CLOSED,
            vote__council__school_year=school_year,
        )
        .order_by("vote__held_on", "pk")
        .values_list("person_id", "title_id", "yes_count", "vote__council_size")
    )
    return {(p, t): (yes or 0, size) for p, t, yes, size in rows}


def registration_results(people_ids, school_year):
    """person id -> the best year-end result of their approved M1 this year ("" when it
    is approved and not yet assessed)."""
    rank = {Result.EXCELLENT: 3, Result.COMPLETED: 2, Result.NOT_COMPLETED: 1, "": 0}
    best = {}
    rows = InnovationRegistration.objects.filter(
        person_id__in=people_ids,
        campaign__school_year=school_year,
        status=RegistrationStatus.APPROVED,
    ).values_list("person_id", "yearend_result")
    for person_id, result in rows:
        if person_id not in best or rank.get(result, 0) > rank.get(best[person_id], 0):
            best[person_id] = result
    return best


class SchoolFacts:
    """Facts of every person of a school for a year, loaded once."""

    def __init__(self, people, school_year):
        self.people = list(people)
        self.school_year = school_year
        ids = [p.pk for p in self.people]
        self.evaluations = {
            e.person_id: e
            for e in Evaluation.objects.filter(person_id__in=ids, school_year=school_year)
        }
        self.history, self.years = title_history(ids)
        self.votes = latest_votes(ids, school_year)
        self.results = registration_results(ids, school_year)

    def for_person(self, person, title=None):
        evaluation = self.evaluations.get(person.pk)
        history = self.history.get(person.pk, {})
        yes, size = self.votes.get((person.pk, title.pk if title else None), (0, 0))
        return Facts(
            rating=evaluation.rating if evaluation else "",
            titles_this_year=set(history.get(self.school_year.pk, set())),
            consecutive_years=consecutive(history, self.years, self.school_year),
            award_years=award_years(history, self.years, self.school_year),
            this_year=self.school_year.start_date.year,
            initiative_recognised=bool(evaluation and evaluation.initiative_recognised),
            research_accepted=bool(evaluation and evaluation.research_accepted),
            disciplined=bool(evaluation and evaluation.disciplined),
            vote_yes=yes,
            council_size=size,
        )

    def for_collective(self, members, title=None, collective=None):
        """A collective's facts from its members' (all of them among self.people)."""
        with_title = defaultdict(int)
        levels = defaultdict(int)
        completing = 0
        for member in members:
            for code in self.history.get(member.pk, {}).get(self.school_year.pk, set()):
                with_title[code] += 1
            evaluation = self.evaluations.get(member.pk)
            if evaluation is not None:
                levels[evaluation.discipline_level] += 1
                completing += evaluation.rating in COMPLETES_DUTIES
        return Facts(
            members=len(members),
            members_with_title=dict(with_title),
            members_disciplined=sum(n for level, n in levels.items() if level),
            members_by_discipline=dict(levels),
            members_completing=completing,
            leads_block=collective is not None and leads_a_block(collective, self.school_year),
        )


def facts_for_nomination(nomination, school_year):
    """The facts of one nominee (person or collective)."""
    if nomination.person_id:
        return SchoolFacts([nomination.person], school_year).for_person(
            nomination.person, nomination.title
        )
    if nomination.unit_id:
        members = list(Person.objects.filter(team=nomination.unit))
    else:
        members = list(Person.objects.filter(organization=nomination.collective))
    collective = nomination.collective if not nomination.unit_id else None
    return SchoolFacts(members, school_year).for_collective(members, nomination.title, collective)
