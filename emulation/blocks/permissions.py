"""Who may do what in an emulation block, decided once and asked by the services, the
views and the templates: the office above the block supervises (creates, reopens,
approves, scores the leader's school), the leader school's principal runs the block, a
member school's principal acts for that school."""

from django.core.exceptions import PermissionDenied

from schools import visibility
from schools.models import Role

from ..visibility import OFFICE_ROLES

PRINCIPAL_ROLES = {Role.PRINCIPAL, Role.BLOCK_LEADER}


def require(condition):
    if not condition:
        raise PermissionDenied


def offices_of(user):
    """The offices the user works for as office staff."""
    return [
        a.organization for a in visibility.access_for(user).assignments if a.role in OFFICE_ROLES
    ]


def supervises_office(user, office):
    """Office staff of `office` or of an office above it (or the admin)."""
    access = visibility.access_for(user)
    return access.is_admin or any(
        a.role in OFFICE_ROLES and office.path.startswith(a.organization.path)
        for a in access.assignments
    )


def is_office_staff(user, block):
    return supervises_office(user, block.office)


def principal_school_ids(user):
    access = visibility.access_for(user)
    return {a.organization_id for a in access.assignments if a.role in PRINCIPAL_ROLES}


def is_leader(user, block):
    return visibility.access_for(user).is_admin or block.leader_school_id in principal_school_ids(
        user
    )


def member_school_of(user, block):
    """The member school the user is principal of, or None."""
    ids = principal_school_ids(user)
    return next(
        (m.school for m in block.memberships.select_related("school") if m.school_id in ids),
        None,
    )


def acts_for_school(user, school):
    """The school's principal (or the admin)."""
    return school.pk in principal_school_ids(user) or visibility.access_for(user).is_admin


def abilities(user, block):
    """What the page offers this user: asked once per request by the block's page."""
    return {
        "is_leader": is_leader(user, block),
        "is_office": is_office_staff(user, block),
        "my_school": member_school_of(user, block),
    }
