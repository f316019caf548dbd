"""What every transition of a form M1 or M2 does, for the authors' side
(registrations.services) and the reviewers' (registrations.review): lock the row, check
the version the page showed and the state, then move the state, bump the version, save
and write the history row; and who approves a form."""

from django.utils.translation import gettext as _

from common import locked_rows
from common.prepared import PreparedQuery
from common.states import change_status
from schools.models import Role
from schools.services import ServiceError

from . import permissions
from .models import InnovationRegistration, ReviewEvent, TeacherGroup


class ConflictError(ServiceError):
    """Someone else changed the registration first."""


def owner_of(item):
    return {"registration": item} if isinstance(item, InnovationRegistration) else {"group": item}


def _lockable(model):
    """The forms of `model` as `lock` reads them, one by its id, compiled once (common.
    prepared): locked, with its campaign, school and author with the author's account."""
    author = "person__user" if model is InnovationRegistration else "leader__user"
    return PreparedQuery(
        lambda pk: (
            model.objects.select_for_update(of=("self",))
            .select_related("campaign", "school", author)
            .filter(pk=pk)
        )
    )


_LOCKABLE = {model: _lockable(model) for model in (InnovationRegistration, TeacherGroup)}


def lock(item):
    """The form's row, locked, with what every transition reads (its campaign, school and
    author with the author's account, for the rules and the e-mails)."""
    rows = _LOCKABLE[type(item)](item.pk)
    if not rows:
        raise type(item).DoesNotExist
    locked_rows.remember(rows[0])  # its audit entry needs not read it again
    return rows[0]


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


def transition(item, user, action, to_status, comment="", created=False):
    """Move the form to `to_status` and write its history row; `created`: the form is
    new, written by this transition, and its history begins with its creation."""

    def history(from_status, to_status):
        owner = owner_of(item)
        events = []
        if created:
            locked_rows.remember(item)  # the transaction's own row until it commits
            events.append(ReviewEvent(actor=user, action="create", to_status=from_status, **owner))
        events.append(
            ReviewEvent(
                actor=user,
                action=action,
                from_status=from_status,
                to_status=to_status,
                comment=comment,
                **owner,
            )
        )
        ReviewEvent.objects.bulk_create(events)

    change_status(item, to_status, history)


def approvers_of(item):
    """Who is asked to approve the form (permissions.Holder: name and e-mail address):
    the school's union chairs outside it, else its principal and vice principals
    (registrations.permissions)."""
    people = permissions.people_user_ids(item)
    chairs = permissions._holders(Role.UNION_CHAIR, item.school_id) - people
    if not chairs:
        for role in permissions.SCHOOL_HEADS:
            chairs |= permissions._holders(role, item.school_id)
        chairs -= people
    return permissions.holders_named(item.school_id, chairs)
