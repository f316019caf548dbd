"""The awards hub: what the user can do here, by role, with the numbers waiting."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from schools import visibility
from schools.models import Organization

from ..models import Nomination, Posting, Proposal, Vote
from ..services.block_nominations import blocks_led_by
from .common import managed_organizations


def _summary(user):
    orgs = managed_organizations(user)
    person = visibility.access_for(user).person
    today = timezone.localdate()
    open_votes = visibility.visible(user, Vote).filter(status=Vote.Status.OPEN)
    if person is not None:
        open_votes = open_votes.filter(council__members=person).exclude(receipts__member=person)
    else:
        open_votes = open_votes.none()
    school = person.organization if person is not None else None
    return {
        "led_blocks": blocks_led_by(user) if orgs else [],
        "school": school if school is not None and school.is_school else None,
        "organizations": orgs,
        "is_school_manager": any(o.kind == Organization.Kind.SCHOOL for o in orgs),
        "is_office": any(o.kind != Organization.Kind.SCHOOL for o in orgs),
        "open_votes": list(open_votes.select_related("council__school")[:10]),
        "postings": list(
            visibility.visible(user, Posting)
            .filter(opens_on__lte=today, closes_on__gte=today)
            .select_related("vote__council__school")[:10]
        ),
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
    """The awards box on the product's home page: open ballots, postings, proposals."""
    summary = _summary(request.user)
    if not (
        summary["open_votes"] or summary["postings"] or summary["incoming"] or summary["returned"]
    ):
        return None
    return {"template": "awards/home_section.html", **summary}


urlpatterns = [path("awards/", awards_home, name="awards_home")]
