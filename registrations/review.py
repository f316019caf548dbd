"""The reviewers' transitions of forms M1 and M2: the union group leader forwards or
returns a submitted form; the approver (the union chair, or the principal or a vice
principal when the form is the chair's own) approves or returns a forwarded one,
records its results and extends deadlines. Who may act is decided in
registrations.permissions, whose docstring states the rules; nobody reviews a form
they wrote or belong to, and each refusal here is a PermissionDenied or a ServiceError
in Vietnamese, whatever the page showed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.services import ServiceError

from . import notifications, permissions
from .group_table import sync_group_table
from .models import DeadlineExtension, ReviewEvent, Status, TeacherGroup
from .transitions import (
    approvers_of,
    check_version,
    lock,
    owner_of,
    require_status,
    transition,
)

IN_REVIEW = [Status.SUBMITTED, Status.FORWARDED]


def _refuse_own(user, item):
    if permissions.belongs_to(user, item):
        raise PermissionDenied(_("Bạn không thể duyệt đăng ký của chính mình."))


def _locked_for(user, item, may_act, statuses, expected_version=None):
    """The form locked for one reviewer's step: refused to those who wrote it or belong to
    it, to anyone `may_act(user, item)` does not name, when stale or in another status."""
    item = lock(item)
    _refuse_own(user, item)
    if not may_act(user, item):
        raise PermissionDenied
    check_version(item, expected_version)
    require_status(item, *statuses)
    return item


def forward(user, item, comment="", expected_version=None):
    """The union group leader sends a submitted form of the group on to the approver."""
    with transaction.atomic():
        item = _locked_for(
            user, item, permissions.is_group_leader_of, [Status.SUBMITTED], expected_version
        )
        transition(item, user, "forward", Status.FORWARDED, comment.strip())
        notifications.notify_forwarded(item, approvers_of(item), comment.strip())
    return item


def return_for_changes(user, item, comment, expected_version=None):
    """The reviewer whose turn it is returns the form to its author with a comment."""
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError(_("Hãy ghi ý kiến để người đăng ký biết cần sửa gì."))
    with transaction.atomic():
        item = _locked_for(user, item, permissions.is_reviewer_of, IN_REVIEW, expected_version)
        if not permissions.may_return(user, item):
            raise PermissionDenied(_not_your_turn(item))
        item.last_comment = comment
        item.reviewer = user
        transition(item, user, "return", Status.RETURNED, comment)
        notifications.notify_returned(item, comment)
    return item


def _not_your_turn(item):
    if item.status == Status.SUBMITTED and permissions.needs_group_leader(item):
        return _("Đăng ký này đang chờ tổ trưởng công đoàn xem trước.")
    return _("Đăng ký này đã được tổ trưởng chuyển lên; người duyệt sẽ xem tiếp.")


def _require_two_people(group):
    """An M2 is a group of at least two people: its leader and one member or more. The
    form checks it at submission; a member may have left since."""
    if not group.members.exclude(pk=group.leader_id).exists():
        raise ServiceError(
            _(
                "Chưa duyệt được: nhóm cần ít nhất hai người (trưởng nhóm và ít nhất một "
                "thành viên) nhưng hiện chỉ có trưởng nhóm. Hãy trả lại để trưởng nhóm bổ "
                "sung thành viên."
            )
        )


def approve(user, item, comment="", expected_version=None):
    """The approver approves a forwarded form (or a submitted one of a group that has
    no other leader)."""
    with transaction.atomic():
        return _approve(user, item, comment, expected_version)


def _approve(user, item, comment="", expected_version=None):
    """`approve` in the caller's transaction."""
    item = _locked_for(user, item, permissions.is_approver, IN_REVIEW, expected_version)
    if not permissions.may_approve(user, item):
        raise PermissionDenied(_not_your_turn(item))
    if isinstance(item, TeacherGroup):
        _require_two_people(item)
    item.reviewer = user
    item.approved_at = timezone.now()
    item.last_comment = comment.strip()
    transition(item, user, "approve", Status.APPROVED, comment.strip())
    if isinstance(item, TeacherGroup):
        sync_group_table(item.campaign)
    notifications.notify_approved(item)
    return item


def approve_many(user, items):
    """Approve several forms (M1 and M2) in one transaction: all of them, or none when
    one is refused; the ServiceError then names the form and why."""
    items = sorted(items, key=lambda item: (type(item).__name__, item.pk))  # lock order
    with transaction.atomic():
        done = []
        for item in items:
            try:
                done.append(_approve(user, item))
            except (ServiceError, PermissionDenied) as error:
                reason = str(error) or _("bạn không có quyền duyệt đăng ký này")
                raise ServiceError(
                    _("Chưa duyệt mục nào: %(item)s – %(reason)s")
                    % {"item": item, "reason": reason}
                ) from None
    return done


def record_result(user, item, stage, result, comment=""):
    """Mid-year (sơ kết) or year-end (tổng kết) result of an approved form."""
    if stage not in ("midyear", "yearend"):
        raise ServiceError(_("Đợt đánh giá không hợp lệ."))
    with transaction.atomic():
        item = _locked_for(user, item, permissions.is_approver, [Status.APPROVED])
        setattr(item, f"{stage}_result", result)
        setattr(item, f"{stage}_comment", comment.strip())
        item.version += 1
        item.save()
        ReviewEvent.objects.create(
            actor=user,
            action=f"result_{stage}",
            from_status=item.status,
            to_status=item.status,
            comment=f"{result}: {comment}".strip(": "),
            **owner_of(item),
        )
    return item


def extend_deadline(user, campaign, until, person=None, group=None):
    """The approver lets one person or group submit after the deadline (not their own)."""
    if not permissions.may_extend(user, campaign, person=person, group=group):
        raise PermissionDenied
    if until < timezone.localdate():
        raise ServiceError(_("Ngày gia hạn phải từ hôm nay trở đi."))
    return DeadlineExtension.objects.create(
        campaign=campaign, person=person, group=group, until=until, granted_by=user
    )
