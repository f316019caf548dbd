"""The authors' side of forms M1 and M2 (save, submit, withdraw):
check role, state and deadline, save atomically (row lock plus an optimistic version),
write the history row, keep the submitted version, queue the e-mail. The reviewers'
transitions are in registrations.review; who may do what, in registrations.permissions.

A submitted form waits for its union group leader, or goes straight to the approver
when the group has no leader outside the form (`_route`)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import locked_rows
from schools import visibility
from schools.services import ServiceError

from . import notifications, permissions
from .deadlines import require_open
from .models import (
    InnovationField,
    InnovationRegistration,
    ReviewEvent,
    Status,
    TeacherGroup,
    Version,
)
from .transitions import (
    approvers_of,
    check_version,
    lock,
    owner_of,
    require_status,
    transition,
)

REQUIRED_M1 = {
    "assigned_task": gettext_lazy("Nhiệm vụ được giao"),
    "fields": gettext_lazy("Lĩnh vực đổi mới, sáng tạo"),
    "goals_and_solutions": gettext_lazy("Mục tiêu giải pháp đổi mới"),
    "expected_results": gettext_lazy("Dự kiến kết quả"),
}
REQUIRED_M2 = {
    "common_task": gettext_lazy("Nhiệm vụ chung đang được giao"),
    "concern": gettext_lazy("Vấn đề nhóm đang quan tâm"),
    "approach": gettext_lazy("Hướng giải quyết của nhóm"),
}
MAX_TEXT = 5000


# -- helpers ------------------------------------------------------------------------


def person_of(user):
    # the staff record with its organisation and union group, read once per request
    person = visibility.access_for(user).person
    if person is None:
        raise ServiceError(_("Tài khoản của bạn chưa gắn với hồ sơ cán bộ nào."))
    return person


def _clean_text(data, names):
    for name in names:
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip()
            if len(value) > MAX_TEXT:
                raise ServiceError(
                    _("Mỗi mục tối đa %(max)s ký tự; mục này có %(len)s ký tự.")
                    % {"max": f"{MAX_TEXT:,}".replace(",", "."), "len": len(value)}
                )
            data[name] = value
    return data


# -- form M1 --------------------------------------------------------------------------


def _lock_for_author(user, item, expected_version, statuses=(Status.DRAFT, Status.RETURNED)):
    """The author's form, locked, unchanged since the page was loaded, in one of
    `statuses` (by default: still editable)."""
    item = lock(item)
    if not permissions.is_author(user, item):
        raise PermissionDenied
    check_version(item, expected_version)
    require_status(item, *statuses)
    return item


def _new_form(model, author_field, user, campaign):
    """A new form (M1 or M2) written by the user for a campaign of their school, in their
    union group."""
    author = person_of(user)
    _campaign_for(author, campaign)
    return model(
        campaign=campaign,
        school=author.organization,
        union_group=author.union_group,
        **{author_field: author},
    )


def _form_to_write(model, author_field, user, campaign, item, expected_version):
    """(the form to write, whether it is new): a new one of the user's, or `item`, hers,
    locked and unchanged since her page was loaded."""
    if item is None:
        return _new_form(model, author_field, user, campaign), True
    return _lock_for_author(user, item, expected_version), False


def _fill(item, data):
    """The form's items from `data`, not saved yet; a new version of the page."""
    for name in item.FORM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.version += 1


def _save_draft(user, item, created):
    item.save()
    if created:
        locked_rows.remember(item)  # a new row is the transaction's own until it commits
        ReviewEvent.objects.create(
            actor=user, action="create", to_status=item.status, **owner_of(item)
        )


def _campaign_for(person, campaign):
    if campaign.organization_id != person.organization_id:
        raise PermissionDenied
    return campaign


class AlreadyRegistered(ServiceError):
    """The author has a form M1 for the campaign already (`existing`): one each."""

    def __init__(self, existing):
        super().__init__(_("Bạn đã có một bản đăng ký M1 cho phong trào này."))
        self.existing = existing


class SubmitRefused(ServiceError):
    """The draft is saved; its submission was refused (`item`: the saved draft)."""

    def __init__(self, message, item):
        super().__init__(message)
        self.item = item


def save_registration(user, campaign, data, registration=None, expected_version=None, submit=False):
    """Create or update the author's M1 draft (or a returned M1 being corrected). With
    `submit`, the form is submitted in the same write; a refused submission (deadline,
    missing items) saves the draft and raises SubmitRefused with it."""
    try:
        item, refused = _save_registration(
            user, campaign, data, registration, expected_version, submit
        )
    except IntegrityError:  # one M1 per person and campaign (one_m1_per_campaign)
        existing = InnovationRegistration.objects.filter(
            campaign=campaign, person=person_of(user)
        ).first()
        if existing is None:  # saved twice at once, the other save rolled back since
            raise ServiceError(_("Bản đăng ký chưa lưu được; hãy thử lại.")) from None
        raise AlreadyRegistered(existing) from None
    if refused is not None:
        raise SubmitRefused(str(refused), item) from refused
    return item


def _save_registration(user, campaign, data, registration, expected_version, submit):
    data = _clean_text(dict(data), InnovationRegistration.FORM_FIELDS)
    if "fields" in data:
        data["fields"] = [str(f) for f in data["fields"] or [] if f in InnovationField.values]
    with transaction.atomic():
        # a second M1 of the person for the campaign: refused by one_m1_per_campaign
        item, created = _form_to_write(
            InnovationRegistration, "person", user, campaign, registration, expected_version
        )
        _fill(item, data)
        refused = _refusal(item) if submit else None
        if submit and refused is None:
            _submit(user, item, created)  # one write: saved as submitted
        else:
            _save_draft(user, item, created)
    return item, refused


def _snapshot(item):
    data = {name: getattr(item, name) for name in item.FORM_FIELDS}
    if isinstance(item, TeacherGroup):
        data["team"] = item.team.name if item.team_id else ""
        data["members"] = [p.full_name for p in item.members.all()]
    return data


def _missing(item, required):
    def filled(name):
        if name == "fields":
            return bool(item.fields or item.field_other)
        return bool(getattr(item, name))

    return [str(label) for name, label in required.items() if not filled(name)]


def _require_two_people(group):
    """A teacher group (M2) is at least two people: its leader and one member."""
    if not group.members.exclude(pk=group.leader_id).exists():
        raise ServiceError(
            _(
                "Chưa nộp được: nhóm cần ít nhất hai người (trưởng nhóm và ít nhất một "
                "thành viên). Bản nháp vẫn được lưu."
            )
        )


def submit(user, item, expected_version=None):
    """Draft or returned -> submitted (M1 by its author, M2 by its leader)."""
    with transaction.atomic():
        item = _lock_for_author(user, item, expected_version)
        _check_submission(item)
        return _submit(user, item)


def _refusal(item):
    """Why the form may not be submitted now (a ServiceError), or None."""
    try:
        _check_submission(item)
    except ServiceError as error:
        return error
    return None


def _check_submission(item):
    """Refuse (ServiceError) a submission after the deadline, with items missing, or of a
    group of one; writes nothing."""
    if isinstance(item, InnovationRegistration):
        require_open(item.campaign, person=item.person)
        missing = _missing(item, REQUIRED_M1)
    else:
        require_open(item.campaign, group=item)
        missing = _missing(item, REQUIRED_M2)
    if missing:
        raise ServiceError(
            _("Chưa nộp được: hãy điền %(fields)s. Bản nháp vẫn được lưu.")
            % {"fields": ", ".join(missing)}
        )
    if isinstance(item, TeacherGroup):
        _require_two_people(item)


def _submit(user, item, created=False):
    """Submit the author's draft, locked and checked by the caller (`created`: a new
    form, not saved yet: written once, as submitted)."""
    # the submitted versions are numbered 1, 2, ...; a form never submitted has none
    item.submitted_at = timezone.now()
    item.submissions += 1
    action = "resubmit" if item.status == Status.RETURNED else "submit"
    item.last_comment = ""  # the returning comment stays in the history only
    transition(item, user, action, Status.SUBMITTED, created=created)
    Version.objects.create(number=item.submissions, data=_snapshot(item), **owner_of(item))
    _route(item)
    return item


def _route(item):
    """A form just submitted waits for its union group leader; when the group has no
    leader but the form's own people, it goes straight to the approver (see
    registrations.permissions), and whoever must act next is e-mailed."""
    leaders = permissions.other_leader_ids(item)
    if leaders:
        notifications.notify_waiting(item, permissions.holders_named(item.school_id, leaders))
        return
    transition(
        item, None, "forward", Status.FORWARDED, str(_("Chuyển thẳng: tổ không có tổ trưởng khác."))
    )
    notifications.notify_forwarded(item, approvers_of(item))


def withdraw(user, item, expected_version=None):
    """The author takes a submitted form back to draft, before it is approved."""
    with transaction.atomic():
        item = _lock_for_author(user, item, expected_version, (Status.SUBMITTED, Status.FORWARDED))
        transition(item, user, "withdraw", Status.DRAFT)
    return item


# -- form M2 --------------------------------------------------------------------------


def save_group(user, campaign, data, members, group=None, expected_version=None, submit=False):
    """Create or update a teacher group (M2) led by the user; members from their school.
    With `submit`, the group is submitted in the same transaction, once its members are
    written; a refused submission (deadline, missing items, a group of one) saves the
    draft and raises SubmitRefused with it."""
    data = _clean_text(dict(data), TeacherGroup.FORM_FIELDS)
    if not (data.get("name") or (group and group.name)):
        raise ServiceError(_("Hãy đặt tên nhóm."))
    with transaction.atomic():
        item = _save_group(user, campaign, data, members, group, expected_version)
        refused = _refusal(item) if submit else None
        if submit and refused is None:
            _submit(user, item)
    if refused is not None:
        raise SubmitRefused(str(refused), item) from refused
    return item


def _save_group(user, campaign, data, members, group, expected_version):
    item, created = _form_to_write(TeacherGroup, "leader", user, campaign, group, expected_version)
    members = [m for m in members if m.pk != item.leader_id]
    strangers = [m.full_name for m in members if m.organization_id != item.school_id]
    if strangers:
        raise ServiceError(
            _("Thành viên phải cùng trường: %(names)s không thuộc %(school)s.")
            % {"names": ", ".join(strangers), "school": item.school.name}
        )
    team = data.get("team")
    if team is not None and team.organization_id != item.school_id:
        raise ServiceError(_("Tổ chuyên môn phải thuộc trường của nhóm."))
    _fill(item, data)
    _save_draft(user, item, created)
    item.members.set(members)
    return item


# The reviewers' transitions live in registrations.review; `services.approve` and the
# like still answer, for the callers written before the split.
_REVIEW_NAMES = {
    "forward",
    "return_for_changes",
    "approve",
    "approve_many",
    "record_result",
    "extend_deadline",
}


def __getattr__(name):
    if name in _REVIEW_NAMES:
        from . import review

        return getattr(review, name)
    raise AttributeError(name)
