"""The campaigns a school's teachers may register for (those with a published or issued
plan) and until when: the plans' registration deadline, moved later for a person or a
group by a deadline extension. A school's open campaigns, each with its planned
deadline, are kept across requests while campaigns and plans do not change
(schools.visibility.kept_with_content)."""

from django.db.models import DateField, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from common.prepared import PreparedQuery
from emulation.models import Campaign, Plan, ScheduleItem
from schools import visibility
from schools.services import ServiceError

from .models import DeadlineExtension

PUBLISHED = [Plan.Status.PUBLISHED, Plan.Status.ISSUED]


def _planned():
    """The earliest registration deadline of a campaign's published plans (a subquery
    of the campaign, as Campaign.registration_deadline)."""
    return (
        ScheduleItem.objects.filter(
            plan__campaign=OuterRef("pk"),
            plan__status__in=PUBLISHED,
            milestone=ScheduleItem.Milestone.REGISTRATION,
        )
        .exclude(deadline=None)
        .order_by("deadline")
        .values("deadline")[:1]
    )


def _open_campaigns_of(organization_id):
    """Campaigns of the school that have a published plan, newest first, each with its
    `planned_deadline`."""
    return (
        Campaign.objects.filter(organization_id=organization_id, plans__status__in=PUBLISHED)
        .distinct()
        .select_related("school_year")
        .annotate(planned_deadline=Subquery(_planned()))
        .order_by("-school_year__start_date", "-pk")
    )


def _open_with_deadlines_of(organization_id, person_id):
    return with_deadlines(_open_campaigns_of(organization_id), person_id)


# Asked at each person's first visit to the home page (the kept box is the person's)
# and for each school once CONTENT moves: subqueries and a join, compiled once
# (common.prepared).
_open_with_deadlines = PreparedQuery(_open_with_deadlines_of, keys=2)
_open_of = PreparedQuery(_open_campaigns_of)


def open_campaigns_with_deadlines(person):
    """The open campaigns of the person's school (`_open_campaigns_of`) as
    `with_deadlines` annotates them for the person, as a list (a school has a campaign
    or two a year)."""
    if person is None:
        return []
    return _open_with_deadlines(person.organization_id, person.pk)


def _kept_open_campaigns(organization_id):
    return visibility.kept_with_content(
        f"open-campaigns:{organization_id}",
        lambda: {c.pk: c for c in _open_of(organization_id)},
    )


def open_campaign(person, pk):
    """The campaign `pk` among the open campaigns of the person's school, or None."""
    if person is None:
        return None
    return _kept_open_campaigns(person.organization_id).get(pk)


def planned_deadline(campaign):
    """The plans' registration deadline of `campaign` (None: no published plan names
    one)."""
    kept = _kept_open_campaigns(campaign.organization_id).get(campaign.pk)
    return kept.planned_deadline if kept is not None else None


def deadline_for(campaign, person=None, group=None):
    """The date until which `person` (or `group`) may submit; None when there is none."""
    deadline = planned_deadline(campaign)
    extension = (
        DeadlineExtension.objects.filter(campaign=campaign, person=person, group=group)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
        if (person or group)
        else None
    )
    return _later(deadline, extension)


def _later(deadline, extension):
    """The planned deadline, or the extension when it is later."""
    if deadline and extension:
        return max(deadline, extension)
    return extension or deadline


def _is_m1(model):
    return model._meta.model_name == "innovationregistration"


def with_form_deadlines(forms):
    """Forms M1 or M2 (a queryset) annotated with their author's deadline extension, in
    the same query: `form_deadline` then reads no more."""
    author = {"person": OuterRef("person_id"), "group": None}
    if not _is_m1(forms.model):
        author = {"person": None, "group": OuterRef("pk")}
    return forms.annotate(extended_until=_latest_extension(OuterRef("campaign_id"), **author))


def _latest_extension(campaign, person, group):
    """The latest extension's date for an author in a campaign (a subquery)."""
    extensions = DeadlineExtension.objects.filter(campaign=campaign, person=person, group=group)
    return Subquery(extensions.order_by("-until").values("until")[:1])


def form_deadline(item):
    """The deadline of a form's author: an M1's person, an M2 group."""
    if hasattr(item, "extended_until"):  # with_form_deadlines
        return _later(planned_deadline(item.campaign), item.extended_until)
    if _is_m1(type(item)):
        return deadline_for(item.campaign, person=item.person)
    return deadline_for(item.campaign, group=item)


def with_deadlines(campaigns, person):
    """`campaigns` (a queryset) annotated with what `deadline_for(c, person=person)`
    reads, in the same query (`person`: a staff record or its id);
    `annotated_deadline(c)` then gives the date."""
    if "planned_deadline" not in campaigns.query.annotations:  # open ones have it
        campaigns = campaigns.annotate(planned_deadline=Subquery(_planned()))
    return campaigns.annotate(
        extended_until=_latest_extension(OuterRef("pk"), person, None)
        if person is not None
        else Value(None, output_field=DateField()),
    )


def annotated_deadline(campaign):
    """The deadline of a campaign from `with_deadlines` (as `deadline_for`)."""
    return _later(campaign.planned_deadline, campaign.extended_until)


def is_open_until(deadline):
    """Whether a submission is accepted today, given the deadline of `deadline_for`."""
    return deadline is None or timezone.localdate() <= deadline


def is_open(campaign, person=None, group=None):
    planned = planned_deadline(campaign)
    if planned is not None and is_open_until(planned):
        return True  # an extension only moves the deadline later: not read
    return is_open_until(deadline_for(campaign, person=person, group=group))


def require_open(campaign, person=None, group=None):
    """Refuse (ServiceError) a submission after the deadline."""
    if not is_open(campaign, person=person, group=group):
        deadline = deadline_for(campaign, person=person, group=group)
        raise ServiceError(
            _(
                "Đã hết hạn đăng ký (%(date)s). Bài của bạn vẫn được lưu; hãy đề nghị chủ "
                "tịch công đoàn gia hạn nếu cần nộp."
            )
            % {"date": deadline.strftime("%d/%m/%Y")}
        )
