"""The rules for titles and awards as small predicate functions over a candidate's facts.
Which rules apply, with which numbers, on which date, is data (models.Rule); each rule
cites its legal source (../shared/AWARDS.md).

A candidate is described by `Facts`, gathered from the product's own data by the
evaluation pages (ratings, registrations' results, recognised initiatives, discipline);
`evaluate(title, facts, on)` returns what stops or warns about a nomination."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Rule


@dataclass
class Facts:
    """What the rules read about one candidate (a person or a collective)."""

    rating: str = ""  # "excellent", "good", "completed", "not_completed"
    titles_this_year: set = field(default_factory=set)  # title codes already proposed
    consecutive_years: dict = field(default_factory=dict)  # title code -> years running
    award_years: dict = field(default_factory=dict)  # title code -> years won (start years)
    this_year: int = 0  # start year of the school year judged
    initiative_recognised: bool = False
    research_accepted: bool = False
    disciplined: bool = False  # under discipline, inspection or an open complaint
    members: int = 0  # collectives
    members_with_title: dict = field(default_factory=dict)  # title code -> count
    members_disciplined: int = 0
    members_by_discipline: dict = field(default_factory=dict)  # level -> members
    members_completing: int = 0  # members rated as completing their duties or better
    leads_block: bool = False  # the leading unit of its emulation block this year
    years_in_sector: float | None = None  # since the day joined the sector (None: unknown)
    disadvantaged_years: int = 0  # of them, in especially disadvantaged areas
    vote_yes: int = 0
    council_size: int = 0


@dataclass
class Finding:
    rule: Rule
    ok: bool
    message: str

    @property
    def blocks(self):
        return not self.ok and self.rule.severity == Rule.Severity.BLOCK and self.rule.confirmed


def _completes_duties(facts, params):
    ok = facts.rating in {"excellent", "good"}
    return ok, _("Cần hoàn thành tốt nhiệm vụ trở lên.")


def _has_title(facts, params):
    code = params["title"]
    return code in facts.titles_this_year, _("Cần đạt danh hiệu %(t)s trong năm.") % {
        "t": params.get("label", code)
    }


def _excellent_or_initiative(facts, params):
    ok = facts.rating == "excellent" or facts.initiative_recognised or facts.research_accepted
    return ok, _(
        "Cần hoàn thành xuất sắc nhiệm vụ, hoặc có sáng kiến được công nhận, hoặc đề tài "
        "nghiên cứu được nghiệm thu."
    )


def _consecutive(facts, params):
    years = facts.consecutive_years.get(params["title"], 0)
    return years >= int(params["years"]), _("Cần %(n)s năm liên tục đạt %(t)s.") % {
        "n": params["years"],
        "t": params.get("label", params["title"]),
    }


def _consecutive_awards(facts, params):
    """Awards in a row of a title that takes several years to earn (CSTĐ tỉnh: three
    years of CSTĐCS each): each at most `span` school years after the one before, the
    latest at most `span` years before the year judged (Luật 2022, Điều 21)."""
    won = sorted(set(facts.award_years.get(params["title"], [])))
    span, needed = int(params.get("span", 3)), int(params.get("times", 2))
    run = 1 if won else 0
    for later, earlier in zip(won[::-1], won[-2::-1], strict=False):
        if later - earlier > span:
            break
        run += 1
    recent = bool(won) and facts.this_year - won[-1] <= span
    return run >= needed and recent, _("Cần %(n)s lần liên tục đạt %(t)s.") % {
        "n": needed,
        "t": params.get("label", params["title"]),
    }


def _not_disciplined(facts, params):
    return not facts.disciplined, _(
        "Không khen thưởng khi đang bị kỷ luật, thanh tra hoặc có khiếu nại chưa giải quyết."
    )


def _share_of_members(facts, params):
    count = facts.members_with_title.get(params["title"], 0)
    needed = Decimal(str(params["percent"])) * facts.members / 100
    return facts.members > 0 and count >= needed, _(
        "Cần ít nhất %(p)s%% thành viên đạt %(t)s (hiện có %(c)s/%(m)s)."
    ) % {
        "p": params["percent"],
        "t": params.get("label", params["title"]),
        "c": count,
        "m": facts.members,
    }


def _at_least_one_member(facts, params):
    count = facts.members_with_title.get(params["title"], 0)
    return count >= 1, _("Cần ít nhất một thành viên đạt %(t)s.") % {
        "t": params.get("label", params["title"])
    }


def _no_member_disciplined(facts, params):
    """No member disciplined at `at_least` (a DisciplineLevel value) or above."""
    from .models.council import DISCIPLINE_ORDER, DisciplineLevel

    floor = params.get("at_least", DisciplineLevel.REPRIMAND)
    worse = DISCIPLINE_ORDER[DISCIPLINE_ORDER.index(floor) :]
    count = sum(facts.members_by_discipline.get(level, 0) for level in worse)
    return count == 0, _("Không có thành viên bị kỷ luật từ %(level)s trở lên.") % {
        "level": str(DisciplineLevel(floor).label).lower()
    }


def _all_members_complete_duties(facts, params):
    return facts.members > 0 and facts.members_completing == facts.members, _(
        "Tất cả thành viên phải hoàn thành nhiệm vụ (hiện có %(c)s/%(m)s)."
    ) % {"c": facts.members_completing, "m": facts.members}


def _years_in_sector(facts, params):
    """Kỷ niệm chương: `years` in the sector, or `reduced_years` after at least
    `after_disadvantaged` years in especially disadvantaged areas (TT 29/2023, Điều 8)."""
    if facts.years_in_sector is None:
        return False, _("Chưa ghi ngày vào ngành của người được đề nghị.")
    reduced = facts.disadvantaged_years >= int(params.get("after_disadvantaged", 5))
    needed = int(params["reduced_years"] if reduced else params["years"])
    return facts.years_in_sector >= needed, _(
        "Cần %(n)s năm công tác trong ngành (hiện %(y)s năm)."
    ) % {"n": needed, "y": int(facts.years_in_sector)}


def form_rules_in_force(award_form, on):
    """The enabled rules of an award form in force on a date."""
    return (
        Rule.objects.filter(enabled=True, effective_from__lte=on, award_form=award_form)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("code")
    )


def _leads_block(facts, params):
    return facts.leads_block, _("Cần là đơn vị dẫn đầu khối thi đua trong năm.")


def _vote_threshold(facts, params):
    needed = Decimal(str(params["percent"])) * facts.council_size / 100
    ok = facts.council_size > 0 and facts.vote_yes >= needed
    return ok, _(
        "Cần ít nhất %(p)s%% phiếu đồng ý của toàn bộ thành viên hội đồng (%(y)s/%(n)s)."
    ) % {"p": params["percent"], "y": facts.vote_yes, "n": facts.council_size}


CHECKS = {
    "consecutive_awards": _consecutive_awards,
    "completes_duties": _completes_duties,
    "has_title": _has_title,
    "excellent_or_initiative": _excellent_or_initiative,
    "consecutive": _consecutive,
    "not_disciplined": _not_disciplined,
    "share_of_members": _share_of_members,
    "at_least_one_member": _at_least_one_member,
    "no_member_disciplined": _no_member_disciplined,
    "all_members_complete_duties": _all_members_complete_duties,
    "leads_block": _leads_block,
    "years_in_sector": _years_in_sector,
    "vote_threshold": _vote_threshold,
}


def _in_force(on):
    return (
        Rule.objects.filter(enabled=True, effective_from__lte=on, award_form__isnull=True)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("code")
    )


def rules_in_force(title, on):
    """The enabled rules of a title (and the general ones) in force on a date."""
    return _in_force(on).filter(Q(title=title) | Q(title__isnull=True))


def rules_by_title(on):
    """Every rule in force on a date, grouped by title id (None for the general ones):
    one query for a whole page of candidates."""
    grouped = {}
    for rule in _in_force(on):
        grouped.setdefault(rule.title_id, []).append(rule)
    return grouped


def evaluate(title, facts, on, rules=None, skip=()):
    """Every rule in force for `title` on date `on`, checked against `facts`. `rules`
    (from rules_by_title) saves the query; `skip` leaves out predicates that cannot be
    known yet (the vote, before it is held)."""
    if rules is None:
        in_force = list(rules_in_force(title, on))
    else:
        own = rules.get(title.pk, []) if title else []
        in_force = sorted([*rules.get(None, []), *own], key=lambda rule: rule.code)
    findings = []
    for rule in in_force:
        if rule.predicate in skip:
            continue
        ok, message = CHECKS[rule.predicate](facts, rule.parameters)
        findings.append(Finding(rule=rule, ok=ok, message=f"{message} ({rule.legal_source})"))
    return findings


def blocking(findings):
    return [finding for finding in findings if finding.blocks]
