from django.db.models import Q
from django.utils.translation import gettext as _

from schools.models import Person, Role

from .. import services
from ..models import InnovationRegistration, Status, TeacherGroup
from .common import open_campaigns, visible_registrations


def registrations_home_section(request, access):
    """Home page: open campaigns and my forms; for reviewers, what waits for them."""
    person = Person.objects.filter(user=request.user).first()
    campaigns = []
    for campaign in open_campaigns(person)[:3]:
        campaigns.append(
            {
                "campaign": campaign,
                "deadline": services.deadline_for(campaign, person=person),
                "open": services.is_open(campaign, person=person),
                "m1": InnovationRegistration.objects.filter(
                    campaign=campaign, person=person
                ).first(),
                "groups": list(
                    TeacherGroup.objects.filter(campaign=campaign)
                    .filter(
                        Q(leader=person)
                        | Q(pk__in=TeacherGroup.objects.filter(members=person).values("pk"))
                    )
                    .order_by("name")
                ),
            }
        )
    waiting = 0
    if access.roles & {Role.UNION_GROUP_LEADER, Role.UNION_CHAIR}:
        statuses = [Status.SUBMITTED]
        if Role.UNION_CHAIR in access.roles:
            statuses.append(Status.FORWARDED)
        waiting = (
            visible_registrations(request.user)
            .filter(status__in=statuses)
            .exclude(person__user=request.user)
            .count()
        )
    if not campaigns and not waiting:
        return None
    return {
        "title": _("Đăng ký thi đua"),
        "template": "registrations/home_section.html",
        "campaigns": campaigns,
        "waiting": waiting,
        "is_reviewer": bool(access.roles & {Role.UNION_GROUP_LEADER, Role.UNION_CHAIR}),
    }
