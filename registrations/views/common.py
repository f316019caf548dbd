"""Helpers shared by the registration views."""

from functools import cache

from schools import visibility

from ..models import InnovationRegistration, TeacherGroup

CAMPAIGN_AND_SCHOOL = ("union_group", "campaign", "campaign__school_year", "school")
SHOWN_WITH = {
    InnovationRegistration: ("person", *CAMPAIGN_AND_SCHOOL),
    TeacherGroup: ("leader", "team", *CAMPAIGN_AND_SCHOOL),
}


@cache
def shown_forms(model):
    """The forms M1 or M2 with what their pages show, built once: each filter copies the
    queryset, so a request does not set up the same joins again."""
    return model.objects.select_related(*SHOWN_WITH[model])


def visible_registrations(user):
    return visibility.visible(user, InnovationRegistration, shown_forms(InnovationRegistration))


def visible_groups(user):
    return visibility.visible(user, TeacherGroup, shown_forms(TeacherGroup))
