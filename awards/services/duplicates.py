"""No award twice: the same person or collective with the same title or award form for
the same period is refused at every level (a school's nomination, an office's or a Sở's
own, a proposal's list, a decision's list), naming the other nomination.

The period of a title is its school year (a title is earned once a year); the period of
an award form is its round (one Giấy khen per quarter's round)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from schools.services import ServiceError

from ..models import Nomination, Round

S = Nomination.Status


def _nominee(person, unit, collective):
    if person is not None:
        return Q(person=person)
    if unit is not None:
        return Q(unit=unit)
    return Q(collective=collective, person__isnull=True, unit__isnull=True)


def _same_award_and_period(round, title, award_form):
    if title is not None:
        return Q(title=title, round__school_year_id=round.school_year_id)
    return Q(award_form=award_form, round=round)


def describe(other):
    """'Giấy khen của Giám đốc Sở … trong đợt Quý I năm 2026, do Trường A1 đề nghị
    (Đã gửi, chờ cấp trên xét)'."""
    return _("%(award)s trong đợt %(round)s, do %(org)s đề nghị (%(status)s)") % {
        "award": other.award_label,
        "round": other.round.name,
        "org": other.organization.name,
        "status": other.get_status_display(),
    }


def duplicate_of(round, person, unit, collective, title, award_form, exclude=None):
    """The other live nomination (not rejected) of this nominee for this award and
    period, or None."""
    if title is None and award_form is None:
        return None
    others = (
        Nomination.objects.filter(_nominee(person, unit, collective))
        .filter(_same_award_and_period(round, title, award_form))
        .exclude(status=S.REJECTED)
        .select_related("round", "organization", "title", "award_form")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.order_by("pk").first()


def refuse_duplicate(round, person, unit, collective, title, award_form, exclude=None):
    other = duplicate_of(round, person, unit, collective, title, award_form, exclude)
    if other is not None:
        raise ServiceError(
            _("%(name)s đã có đề nghị %(other)s: không đề nghị trùng cho cùng một kỳ.")
            % {"name": other.nominee_name, "other": describe(other)},
            field="person"
            if person is not None
            else ("unit" if unit is not None else "collective"),
        )


def _key(nomination, years):
    nominee = ("p", nomination.person_id) if nomination.person_id else None
    nominee = nominee or (("u", nomination.unit_id) if nomination.unit_id else None)
    nominee = nominee or ("c", nomination.collective_id)
    if nomination.title_id:
        return nominee, ("t", nomination.title_id), ("y", years[nomination.round_id])
    return nominee, ("f", nomination.award_form_id), ("r", nomination.round_id)


def refuse_duplicates_in(nominations):
    """A list (a proposal's, a decision's) that names one award twice, or an award
    already decided: refused, naming both (three queries, whatever the length)."""
    nominations = list(nominations)
    rounds = {n.round_id for n in nominations}
    years = dict(Round.objects.filter(pk__in=rounds).values_list("pk", "school_year_id"))
    seen = {}
    for nomination in nominations:
        key = _key(nomination, years)
        if key in seen:
            raise ServiceError(
                _("%(name)s có hai đề nghị trùng trong danh sách: %(one)s; %(two)s.")
                % {
                    "name": nomination.nominee_name,
                    "one": describe(seen[key]),
                    "two": describe(nomination),
                }
            )
        seen[key] = nomination
    people = [n.person_id for n in nominations if n.person_id]
    collectives = [n.collective_id for n in nominations if not n.person_id]
    units = [n.unit_id for n in nominations if n.unit_id]
    awarded = (
        Nomination.objects.filter(status=S.AWARDED)
        .filter(Q(person_id__in=people) | Q(unit_id__in=units) | Q(collective_id__in=collectives))
        .exclude(pk__in=[n.pk for n in nominations])
        .select_related("round", "organization", "title", "award_form")
    )
    for other in awarded:
        years.setdefault(other.round_id, other.round.school_year_id)
        mine = seen.get(_key(other, years))
        if mine is not None:
            raise ServiceError(
                _("%(name)s đã được khen: %(other)s. Không khen trùng cho cùng một kỳ.")
                % {"name": mine.nominee_name, "other": describe(other)}
            )
