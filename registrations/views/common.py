"""Helpers shared by the registration views."""

from schools import visibility

from ..models import InnovationRegistration, TeacherGroup


def visible_registrations(user):
    return visibility.visible(user, InnovationRegistration).select_related(
        "person", "union_group", "campaign", "campaign__school_year", "school"
    )


def visible_groups(user):
    return visibility.visible(user, TeacherGroup).select_related(
        "leader", "union_group", "team", "campaign", "campaign__school_year", "school"
    )
