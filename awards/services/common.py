"""What every awards service shares: who manages an organisation, the history row, the
e-mails, the person behind a user."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from common.mail import send_after_commit
from common.states import change_status
from schools import visibility
from schools.models import Person, Role, RoleAssignment, SchoolYear
from schools.services import ServiceError

from ..models import AwardEvent

__all__ = ["ServiceError", "record", "require_manager", "manages", "person_of", "notify"]


def manages(user, organization):
    """True when `user` is a manager (principal, office staff...) of the organisation
    itself; higher offices act through proposals, not inside a school's own work."""
    access = visibility.access_for(user)
    if access.is_admin:
        return True
    return any(
        a.organization_id == organization.pk and a.role in visibility.MANAGER_ROLES
        for a in access.assignments
    )


def require_manager(user, organization):
    if not manages(user, organization):
        raise PermissionDenied


def person_of(user):
    person = Person.objects.filter(user=user).select_related("organization").first()
    if person is None:
        raise ServiceError(_("Tài khoản của bạn chưa gắn với hồ sơ cán bộ nào."))
    return person


def record(actor, action, *, from_status="", to_status="", comment="", **owner):
    """One history row; `owner` is nomination=, proposal=, decision= or vote=."""
    return AwardEvent.objects.create(
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        **owner,
    )


def move(user, obj, to_status, action, comment="", update_fields=None, **owner):
    """The state change of a nomination, proposal or decision (`owner` names it for
    its history row, e.g. nomination=obj): common.states.change_status, recorded."""
    return change_status(
        obj,
        to_status,
        lambda from_status, to_status: record(
            user, action, from_status=from_status, to_status=to_status, comment=comment, **owner
        ),
        update_fields,
    )


def managers_of(organization):
    """Addresses of the managers of an organisation this school year."""
    users = RoleAssignment.objects.filter(
        organization=organization,
        role__in=visibility.MANAGER_ROLES - {Role.ADMINISTRATOR},
        school_year=SchoolYear.current(),
    ).values_list("user__email", flat=True)
    return [address for address in users if address]


def notify(subject, body, addresses):
    """Send after the transaction commits; nothing is sent if it rolls back."""
    return send_after_commit([(subject, body, address) for address in addresses])


def address_of(person):
    if person is None:
        return ""
    return person.email or (person.user.email if person.user_id else "")
