"""The awards hub: what the user can do here, by role, with the numbers waiting."""

from django.contrib.auth.decorators import login_required
from django.db.models import F, Value
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from schools import visibility
from schools.models import Organization

from ..models import Nomination, Posting, Proposal, Vote
from ..services.block_nominations import blocks_led_by
from .common import managed_organizations
from .nominations import open_rounds_for


def _rounds_due(user, orgs, today):
    """The open rounds above the school the user manages, nearest first: days left and
    whether the school has sent its proposal (the council's work due upward)."""
    school = next((o for o in orgs if o.kind == Organization.Kind.SCHOOL), None)
    if school is None:
        return []
    rounds = [r for r in open_rounds_for(user, school) if r.campaign.organization_id != school.pk]
    sent = set(
        Proposal.objects.filter(organization=school, round__in=rounds)
        .exclude(status=Proposal.Status.DRAFT)
        .values_list("round_id", flat=True)
    )
    return [
        {"round": r, "days_left": (r.deadline - today).days, "sent": r.pk in sent}
        for r in rounds[:5]
    ]


def _ballots_and_postings_today():
    """Province-wide, for today: the people on the council of an open ballot, and the
    schools whose list is posted for comment. A few dozen rows in one query, kept with
    CONTENT (ballots, councils and postings move it) for the day."""

    def build():
        members = (
            Vote.objects.filter(status=Vote.Status.OPEN)
            .order_by()
            .values_list(F("council__members"), Value("member"))
        )
        today = timezone.localdate()
        posted = (
            Posting.objects.filter(opens_on__lte=today, closes_on__gte=today)
            .order_by()
            .values_list(F("vote__council__school_id"), Value("school"))
        )
        rows = list(members.union(posted))
        return (
            frozenset(pk for pk, kind in rows if kind == "member" and pk is not None),
            frozenset(pk for pk, kind in rows if kind == "school"),
        )

    return visibility.kept_with_content("awards-ballots-postings", build)


def _open_votes(user, person, voters):
    if person is None or person.pk not in voters:
        return []  # on no open ballot's council: no query
    return list(
        visibility.visible(user, Vote)
        .filter(status=Vote.Status.OPEN, council__members=person)
        .exclude(receipts__member=person)
        .select_related("council__school")[:10]
    )


def _postings(user, access, schools, today):
    if not visibility.policy_for(Posting).may_see_any_of(access, schools):
        return []  # none posted today where this person may read: no query
    return list(
        visibility.visible(user, Posting)
        .filter(opens_on__lte=today, closes_on__gte=today)
        .select_related("vote__council__school")[:10]
    )


def _summary(user):
    orgs = managed_organizations(user)
    access = visibility.access_for(user)
    person = access.person
    today = timezone.localdate()
    voters, posting_schools = _ballots_and_postings_today()
    school = person.organization if person is not None else None
    return {
        "led_blocks": blocks_led_by(user) if orgs else [],
        "school": school if school is not None and school.is_school else None,
        "organizations": orgs,
        "is_school_manager": any(o.kind == Organization.Kind.SCHOOL for o in orgs),
        "is_office": any(o.kind != Organization.Kind.SCHOOL for o in orgs),
        "rounds_due": _rounds_due(user, orgs, today),
        "open_votes": _open_votes(user, person, voters),
        "postings": _postings(user, access, posting_schools, today),
        "incoming": Proposal.objects.filter(recipient__in=orgs, status=Proposal.Status.SENT).count()
        if orgs
        else 0,
        "returned": Nomination.objects.filter(
            organization__in=orgs, status=Nomination.Status.RETURNED
        ).count()
        if orgs
        else 0,
    }


@login_required
def awards_home(request):
    return render(request, "awards/home.html", _summary(request.user))


def home_section(request, access):
    """The awards box on the product's home page: open ballots, postings, proposals,
    the rounds the school must answer."""
    summary = _summary(request.user)
    if not (
        summary["open_votes"]
        or summary["postings"]
        or summary["incoming"]
        or summary["returned"]
        or summary["rounds_due"]
    ):
        return None
    return {"template": "awards/home_section.html", **summary}


urlpatterns = [path("awards/", awards_home, name="awards_home")]
