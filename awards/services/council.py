"""At school: the council, the year-end evaluation, the secret vote and the posting."""

import random

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import bulk_create, bulk_update
from common.text import clean_text
from schools.models import Organization, Person, Unit

from ..models import (
    Ballot,
    BallotReceipt,
    Candidate,
    Council,
    Evaluation,
    Posting,
    PostingComment,
    Recipient,
    Rule,
    Vote,
)
from ..models.council import DISCIPLINE_ORDER, Rating
from ..rules import rules_by_title, rules_in_force
from .common import ServiceError, address_of, notify, person_of, record, require_manager
from .minutes import written_counts

MAX_COMMENT = 2000
DEFAULT_MAJORITY = 50  # percent, strictly more, when no vote-threshold rule applies


# -- council -------------------------------------------------------------------------


def set_council(user, school, school_year, chair, members):
    """Create or change the council of a school year: members from the school's staff,
    chaired by the principal, an odd number of them."""
    require_manager(user, school)
    members = set(members) | {chair}
    strangers = [p for p in members if p.organization_id != school.pk]
    if strangers:
        raise ServiceError(
            _("Thành viên hội đồng phải là cán bộ của đơn vị: %(names)s không thuộc đơn vị.")
            % {"names": ", ".join(p.full_name for p in strangers)}
        )
    if len(members) % 2 == 0:
        raise ServiceError(
            _("Hội đồng cần số thành viên lẻ (hiện có %(n)s người).") % {"n": len(members)}
        )
    with transaction.atomic():
        council, _created = Council.objects.select_for_update().get_or_create(
            school=school, school_year=school_year, defaults={"chair": chair}
        )
        if council.votes.filter(status=Vote.Status.OPEN).exists():
            raise ServiceError(_("Không đổi thành viên khi đang bỏ phiếu."))
        council.chair = chair
        council.save()
        council.members.set(members)
    return council


# -- evaluation ----------------------------------------------------------------------

EVALUATION_FIELDS = [
    "rating",
    "initiative_recognised",
    "research_accepted",
    "disciplined",
    "discipline_level",
    "days_off",
    "note",
]


def save_evaluation(user, person, school_year, data):
    """The principal records what the rules need to know about one person."""
    require_manager(user, person.organization)
    rating = data.get("rating", "")
    if rating and rating not in Rating.values:
        raise ServiceError(_("Xếp loại không hợp lệ."))
    if data.get("discipline_level", "") not in DISCIPLINE_ORDER:
        raise ServiceError(_("Hình thức kỷ luật không hợp lệ."))
    values = {name: data[name] for name in EVALUATION_FIELDS if name in data}
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.update_or_create(
            person=person,
            school_year=school_year,
            defaults={**values, "organization": person.organization},
        )
    return evaluation


# -- vote ----------------------------------------------------------------------------


def _candidate(vote, school, title, nominee, order):
    if isinstance(nominee, Person):
        if nominee.organization_id != school.pk:
            raise ServiceError(
                _("%(name)s không thuộc đơn vị, không thể đưa ra bình xét.")
                % {"name": nominee.full_name}
            )
        if title.recipient != Recipient.PERSON:
            raise ServiceError(_("%(t)s là danh hiệu tập thể.") % {"t": title.name})
        return Candidate(vote=vote, title=title, person=nominee, order=order)
    if title.recipient != Recipient.COLLECTIVE:
        raise ServiceError(_("%(t)s là danh hiệu cá nhân.") % {"t": title.name})
    if isinstance(nominee, Unit):
        if nominee.organization_id != school.pk:
            raise ServiceError(_("Tổ %(name)s không thuộc đơn vị.") % {"name": nominee.name})
        return Candidate(vote=vote, title=title, unit=nominee, order=order)
    if isinstance(nominee, Organization) and nominee.pk == school.pk:
        return Candidate(vote=vote, title=title, collective=nominee, order=order)
    raise ServiceError(_("Người được bình xét không hợp lệ."))


def open_vote(user, council, name, held_on, entries):
    """Open a secret vote of the council on `entries`: (title, person | unit | school)."""
    require_manager(user, council.school)
    size = council.members.count()
    if size == 0:
        raise ServiceError(_("Hội đồng chưa có thành viên."))
    if not entries:
        raise ServiceError(_("Chọn ít nhất một người hoặc tập thể để bình xét."))
    seen = set()
    with transaction.atomic():
        vote = Vote.objects.create(
            council=council, name=name, held_on=held_on, opened_by=user, council_size=size
        )
        candidates = []
        for order, (title, nominee) in enumerate(entries):
            key = (title.pk, type(nominee).__name__, nominee.pk)
            if key in seen:
                raise ServiceError(
                    _("%(name)s được đưa vào hai lần cho %(t)s.") % {"name": nominee, "t": title}
                )
            seen.add(key)
            candidates.append(_candidate(vote, council.school, title, nominee, order))
        bulk_create(Candidate, candidates)
        record(user, "open", vote=vote, to_status=Vote.Status.OPEN)
    notify(
        _("Mời bỏ phiếu bình xét: %(name)s") % {"name": name},
        _(
            "Hội đồng thi đua khen thưởng %(school)s bỏ phiếu kín về %(n)s người/tập thể. "
            "Hãy đăng nhập và bỏ phiếu; phiếu của bạn không gắn với tên bạn."
        )
        % {"school": council.school.name, "n": len(candidates)},
        [address_of(member) for member in council.members.select_related("user")],
    )
    return vote


def _lock_vote(vote):
    return Vote.objects.select_for_update().select_related("council__school").get(pk=vote.pk)


def cast_ballot(user, vote, answers):
    """One member's ballot sheet: agree or not on every candidate. Stored as ballots
    with no voter, plus a receipt that the member voted; a second sheet is refused.

    Even someone holding a copy of the database must not link a ballot to its voter:
    receipts are written in the order members vote, and ballots written one sheet after
    another would line up with them. So every sheet rewrites the vote's whole ballot box:
    all its ballots, old and new, deleted and written again in a random order with new
    random keys. Sheets are not kept together; nothing in a row or its place tells when
    it was cast."""
    voter = person_of(user)
    with transaction.atomic():
        vote = _lock_vote(vote)
        if not vote.council.members.filter(pk=voter.pk).exists():
            raise ServiceError(_("Chỉ thành viên hội đồng mới được bỏ phiếu."))
        if not vote.is_open:
            raise ServiceError(_("Cuộc bình xét đã kết thúc, không nhận thêm phiếu."))
        if vote.written_opinions.filter(member=voter).exists():
            raise ServiceError(
                _("Thư ký đã ghi ý kiến bằng văn bản của bạn; không bỏ phiếu thêm được.")
            )
        candidate_ids = set(vote.candidates.values_list("pk", flat=True))
        answers = {int(k): bool(v) for k, v in answers.items()}
        if set(answers) != candidate_ids:
            raise ServiceError(
                _("Phiếu phải có ý kiến đồng ý hoặc không đồng ý cho từng người trong danh sách.")
            )
        try:
            with transaction.atomic():
                BallotReceipt.objects.create(vote=vote, member=voter)
        except IntegrityError:
            raise ServiceError(_("Bạn đã bỏ phiếu trong cuộc bình xét này.")) from None
        box = Ballot.objects.filter(candidate__vote=vote)
        pool = [*box.values_list("candidate_id", "agree"), *answers.items()]
        box.delete()
        random.SystemRandom().shuffle(pool)
        Ballot.objects.bulk_create([Ballot(candidate_id=pk, agree=agree) for pk, agree in pool])
    return len(answers)


def threshold_for(title, on, rules=None):
    """The percent of all council members a title needs, from the rules in force
    (`rules`: rules_by_title(on), to share one query across many titles)."""
    if rules is None:
        in_force = list(rules_in_force(title, on))
    else:
        in_force = [*rules.get(None, []), *rules.get(title.pk, [])]
    thresholds = [r for r in in_force if r.predicate == Rule.Predicate.VOTE_THRESHOLD]
    if not thresholds:
        return DEFAULT_MAJORITY, False
    return max(int(r.parameters["percent"]) for r in thresholds), True


def passes(yes, size, percent, inclusive):
    """`inclusive`: "at least percent" (a rule); otherwise "more than" (a majority)."""
    if size == 0:
        return False
    return yes * 100 >= percent * size if inclusive else yes * 100 > percent * size


def close_vote(user, vote):
    """Count the ballots; the result is final."""
    with transaction.atomic():
        vote = _lock_vote(vote)
        require_manager(user, vote.council.school)
        if not vote.is_open:
            raise ServiceError(_("Cuộc bình xét đã kết thúc."))
        counts = {
            row["pk"]: row
            for row in vote.candidates.annotate(
                yes=Count("ballots", filter=Q(ballots__agree=True)),
                no=Count("ballots", filter=Q(ballots__agree=False)),
            ).values("pk", "yes", "no")
        }
        rules = rules_by_title(vote.held_on)
        candidates = list(vote.candidates.select_related("title"))
        written = written_counts(vote)  # absent members' written opinions count too
        for candidate in candidates:
            percent, inclusive = threshold_for(candidate.title, vote.held_on, rules)
            agree, disagree = written.get(candidate.pk, (0, 0))
            candidate.yes_count = counts[candidate.pk]["yes"] + agree
            candidate.no_count = counts[candidate.pk]["no"] + disagree
            candidate.passed = passes(candidate.yes_count, vote.council_size, percent, inclusive)
        bulk_update(Candidate, candidates, ["yes_count", "no_count", "passed"])
        vote.status = Vote.Status.CLOSED
        vote.closed_at = timezone.now()
        vote.save(update_fields=["status", "closed_at"])
        record(user, "close", vote=vote, from_status=Vote.Status.OPEN, to_status=vote.status)
    return vote


def results(vote):
    """Rows for the result table: counts, percent of the council, threshold, passed.
    Counts exist only once the vote is closed."""
    rows = []
    rules = rules_by_title(vote.held_on)
    for candidate in vote.candidates.select_related("title", "person", "unit", "collective"):
        percent, inclusive = threshold_for(candidate.title, vote.held_on, rules)
        share = (
            round(candidate.yes_count * 100 / vote.council_size, 1)
            if candidate.yes_count is not None and vote.council_size
            else None
        )
        rows.append(
            {
                "candidate": candidate,
                "share": share,
                "threshold": percent,
                "inclusive": inclusive,
            }
        )
    _rank(rows)
    return rows


FEMALE_SHARE = 70  # a collective "of women": at least 70 % female (NĐ 152/2025, Điều 4)


def _prefers(candidate, female_share):
    """Whether a tie goes to this candidate: a woman, or a collective ≥ 70 % female."""
    if candidate.person_id:
        return candidate.person.gender == Person.Gender.FEMALE
    return female_share.get(candidate.pk, 0) >= FEMALE_SHARE


def _female_shares(candidates):
    """candidate id -> percent of women among a collective candidate's members (two
    queries at most, whatever the number of collectives)."""
    women = Count("pk", filter=Q(gender=Person.Gender.FEMALE))
    counts = {}
    units = {c.unit_id for c in candidates if c.unit_id}
    if units:
        rows = Person.objects.filter(team_id__in=units).values("team_id")
        for row in rows.annotate(total=Count("pk"), women=women):
            counts[("u", row["team_id"])] = (row["women"], row["total"])
    schools = {c.collective_id for c in candidates if not c.person_id and not c.unit_id}
    if schools:
        rows = Person.objects.filter(organization_id__in=schools).values("organization_id")
        for row in rows.annotate(total=Count("pk"), women=women):
            counts[("s", row["organization_id"])] = (row["women"], row["total"])
    shares = {}
    for candidate in candidates:
        if candidate.person_id:
            continue
        key = ("u", candidate.unit_id) if candidate.unit_id else ("s", candidate.collective_id)
        female, total = counts.get(key, (0, 0))
        shares[candidate.pk] = female * 100 / total if total else 0
    return shares


def _rank(rows):
    """The order of priority within each title: more votes first; on equal votes, women
    (or collectives at least 70 % female) first (NĐ 152/2025, Điều 4). Each row gets
    `rank` and `tie_to_woman` (True when the tie was broken so)."""
    if not rows or rows[0]["candidate"].yes_count is None:
        return
    shares = _female_shares([r["candidate"] for r in rows])
    by_title = {}
    for row in rows:
        by_title.setdefault(row["candidate"].title_id, []).append(row)
    for group in by_title.values():
        group.sort(
            key=lambda r: (
                -(r["candidate"].yes_count or 0),
                not _prefers(r["candidate"], shares),
                r["candidate"].order,
            )
        )
        for rank, row in enumerate(group, start=1):
            row["rank"] = rank
            equal = [
                other
                for other in group
                if other is not row and other["candidate"].yes_count == row["candidate"].yes_count
            ]
            row["tie_to_woman"] = (
                bool(equal)
                and _prefers(row["candidate"], shares)
                and any(not _prefers(o["candidate"], shares) for o in equal)
            )
    rows.sort(key=lambda r: r["candidate"].order)


# -- posting -------------------------------------------------------------------------


def post_list(user, vote, opens_on, closes_on, note=""):
    """Publish the vote's passed candidates to the whole school for a period."""
    with transaction.atomic():
        vote = _lock_vote(vote)
        require_manager(user, vote.council.school)
        if vote.is_open:
            raise ServiceError(_("Chỉ công khai sau khi kết thúc bỏ phiếu."))
        if closes_on < opens_on:
            raise ServiceError(_("Ngày kết thúc công khai phải sau ngày bắt đầu."))
        if Posting.objects.filter(vote=vote).exists():
            raise ServiceError(_("Danh sách này đã được công khai."))
        posting = Posting.objects.create(
            vote=vote, opens_on=opens_on, closes_on=closes_on, note=note, published_by=user
        )
        record(user, "post", vote=vote, comment=note)
    return posting


def comment_on_posting(user, posting, text):
    """A member of staff comments on the posted list during its period."""
    author = person_of(user)
    school = posting.vote.council.school
    if author.organization_id != school.pk:
        raise ServiceError(_("Chỉ cán bộ của đơn vị mới góp ý được."))
    today = timezone.localdate()
    if not posting.opens_on <= today <= posting.closes_on:
        raise ServiceError(
            _("Chỉ góp ý trong thời gian công khai (%(a)s – %(b)s).")
            % {"a": f"{posting.opens_on:%d/%m/%Y}", "b": f"{posting.closes_on:%d/%m/%Y}"}
        )
    text = clean_text(text, MAX_COMMENT, _("Góp ý"))
    if not text:
        raise ServiceError(_("Hãy viết nội dung góp ý."))
    return PostingComment.objects.create(posting=posting, author=author, text=text)
