"""What every transition of a form M1 or M2 does, for the authors' side
(registrations.services) and the reviewers' (registrations.review): lock the row, check
the version the page showed and the state, then move the state, bump the version, save
and write the history row; and who approves a form."""

from django.utils.translation import gettext as _

from common.states import change_status
from schools.models import Person, Role
from schools.services import ServiceError

from . import permissions
from .models import InnovationRegistration, ReviewEvent


class ConflictError(ServiceError):
    """Someone else changed the registration first."""


def owner_of(item):
    return {"registration": item} if isinstance(item, InnovationRegistration) else {"group": item}


def lock(item):
    """The form's row, locked, with what every transition reads (its campaign, school and
    author with the author's account, for the rules and the e-mails)."""
    author = "person__user" if isinstance(item, InnovationRegistration) else "leader__user"
    return (
        type(item)
        .objects.select_for_update(of=("self",))
        .select_related("campaign", "school", author)
        .get(pk=item.pk)
    )


def check_version(item, expected_version):
    if expected_version is not None and int(expected_version) != item.version:
        raise ConflictError(
            _(
                "Đăng ký này vừa được người khác thay đổi (trạng thái hiện tại: %(status)s). "
                "Hãy tải lại trang để xem bản mới nhất; thao tác của bạn chưa được thực hiện."
            )
            % {"status": item.get_status_display()}
        )


def require_status(item, *allowed):
    if item.status not in allowed:
        raise ConflictError(
            _("Không thực hiện được: đăng ký đang ở trạng thái “%(status)s”.")
            % {"status": item.get_status_display()}
        )


def transition(item, user, action, to_status, comment=""):
    change_status(
        item,
        to_status,
        lambda from_status, to_status: ReviewEvent.objects.create(
            actor=user,
            action=action,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            **owner_of(item),
        ),
    )


def people_of(user_ids):
    # their e-mail address may be the account's
    return list(Person.objects.filter(user_id__in=user_ids).select_related("user"))


def approvers_of(item):
    """Who is asked to approve the form: the school's union chairs outside it, else its
    principal and vice principals (registrations.permissions)."""
    people = permissions.people_user_ids(item)
    chairs = permissions._holders(Role.UNION_CHAIR, item.school_id) - people
    if chairs:
        return people_of(chairs)
    heads = set()
    for role in permissions.SCHOOL_HEADS:
        heads |= permissions._holders(role, item.school_id)
    return people_of(heads - people)
