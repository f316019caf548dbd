from django.db.models import Q
from django.utils.translation import gettext as _

from .. import permissions, services
from ..models import InnovationRegistration, TeacherGroup
from .common import open_campaigns


def registrations_home_section(request, access):
    """Home page: open campaigns and my forms; for reviewers, what waits for them.
    A constant number of queries, whatever the number of campaigns shown."""
    person = access.person
    campaigns = list(services.with_deadlines(open_campaigns(person), person)[:3])
    ids = [c.pk for c in campaigns]
    deadlines = {c.pk: services.annotated_deadline(c) for c in campaigns}
    m1s, groups = {}, {}
    if campaigns:
        for item in InnovationRegistration.objects.filter(campaign_id__in=ids, person=person):
            m1s[item.campaign_id] = item
        for group in (
            TeacherGroup.objects.filter(campaign_id__in=ids)
            .filter(
                Q(leader=person)
                | Q(pk__in=TeacherGroup.objects.filter(members=person).values("pk"))
            )
            .order_by("name")
        ):
            groups.setdefault(group.campaign_id, []).append(group)
    campaigns = [
        {
            "campaign": campaign,
            "deadline": deadlines[campaign.pk],
            "open": services.is_open_until(deadlines[campaign.pk]),
            "m1": m1s.get(campaign.pk),
            "groups": groups.get(campaign.pk, []),
        }
        for campaign in campaigns
    ]
    is_reviewer = permissions.is_reviewer(access)
    waiting = permissions.waiting_count(request.user) if is_reviewer else 0
    if not campaigns and not waiting:
        return None
    return {
        "title": _("Đăng ký thi đua"),
        "template": "registrations/home_section.html",
        "campaigns": campaigns,
        "waiting": waiting,
        "is_reviewer": is_reviewer,
    }
