"""Helpers shared by the registration views."""

from emulation.models import Campaign, Plan
from schools import visibility

from ..models import InnovationRegistration, TeacherGroup


def open_campaigns(person):
    """Campaigns of the person's school that have a published plan, newest first."""
    if person is None:
        return Campaign.objects.none()
    return (
        Campaign.objects.filter(
            organization_id=person.organization_id,
            plans__status__in=[Plan.Status.PUBLISHED, Plan.Status.ISSUED],
        )
        .distinct()
        .select_related("school_year")
        .order_by("-school_year__start_date", "-pk")
    )


def open_campaign(person, pk):
    """The campaign `pk` among `open_campaigns(person)`, or None: the school's open
    campaigns kept across requests while campaigns and plans do not change."""
    if person is None:
        return None
    campaigns = visibility.kept_with_content(
        f"open-campaigns:{person.organization_id}",
        lambda: {campaign.pk: campaign for campaign in open_campaigns(person)},
    )
    return campaigns.get(pk)


def visible_registrations(user):
    return visibility.visible(user, InnovationRegistration).select_related(
        "person", "union_group", "campaign", "campaign__school_year", "school"
    )


def visible_groups(user):
    return visibility.visible(user, TeacherGroup).select_related(
        "leader", "union_group", "team", "campaign", "campaign__school_year", "school"
    )
