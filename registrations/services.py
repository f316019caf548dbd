"""The authors' side of forms M1 and M2 (save, submit, withdraw) and the deadlines:
check role, state and deadline, save atomically (row lock plus an optimistic version),
write the history row, keep the submitted version, queue the e-mail. The reviewers'
transitions are in registrations.review; who may do what, in registrations.permissions.

A submitted form waits for its union group leader, or goes straight to the approver
when the group has no leader outside the form (`_route`)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import DateField, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation.models import ScheduleItem
from schools import visibility
from schools.services import ServiceError

from . import notifications, permissions
from .models import (
    DeadlineExtension,
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


# -- deadline -------------------------------------------------------------------------


def deadline_for(campaign, person=None, group=None):
    """The date until which `person` (or `group`) may submit; None when there is none.
    The plans' deadline is kept across requests while plans do not change."""
    deadline = visibility.kept_with_content(
        f"registration-deadline:{campaign.pk}", campaign.registration_deadline
    )
    extension = (
        DeadlineExtension.objects.filter(campaign=campaign, person=person, group=group)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
        if (person or group)
        else None
    )
    if deadline and extension:
        return max(deadline, extension)
    return extension or deadline


def with_deadlines(campaigns, person):
    """`campaigns` (a queryset) annotated with what `deadline_for(c, person=person)`
    reads, in the same query; `annotated_deadline(c)` then gives the date."""
    planned = (
        ScheduleItem.objects.filter(
            plan__campaign=OuterRef("pk"),
            plan__status__in=["published", "issued"],
            milestone=ScheduleItem.Milestone.REGISTRATION,
        )
        .exclude(deadline=None)
        .order_by("deadline")
        .values("deadline")[:1]
    )
    extended = (
        DeadlineExtension.objects.filter(campaign=OuterRef("pk"), person=person, group=None)
        .order_by("-until")
        .values("until")[:1]
    )
    return campaigns.annotate(
        planned_deadline=Subquery(planned),
        extended_until=Subquery(extended)
        if person is not None
        else Value(None, output_field=DateField()),
    )


def annotated_deadline(campaign):
    """The deadline of a campaign from `with_deadlines` (as `deadline_for`)."""
    deadline, extension = campaign.planned_deadline, campaign.extended_until
    if deadline and extension:
        return max(deadline, extension)
    return extension or deadline


def is_open_until(deadline):
    """Whether a submission is accepted today, given the deadline of `deadline_for`."""
    return deadline is None or timezone.localdate() <= deadline


def is_open(campaign, person=None, group=None):
    return is_open_until(deadline_for(campaign, person=person, group=group))


def _require_open(campaign, person=None, group=None):
    if not is_open(campaign, person=person, group=group):
        deadline = deadline_for(campaign, person=person, group=group)
        raise ServiceError(
            _(
                "Đã hết hạn đăng ký (%(date)s). Bài của bạn vẫn được lưu; hãy đề nghị chủ "
                "tịch công đoàn gia hạn nếu cần nộp."
            )
            % {"date": deadline.strftime("%d/%m/%Y")}
        )


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


def _write(user, item, data, created):
    for name in item.FORM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.version += 1
    item.save()
    if created:
        ReviewEvent.objects.create(
            actor=user, action="create", to_status=item.status, **owner_of(item)
        )


def _campaign_for(person, campaign):
    if campaign.organization_id != person.organization_id:
        raise PermissionDenied
    return campaign


def save_registration(user, campaign, data, registration=None, expected_version=None):
    """Create or update the author's M1 draft (or a returned M1 being corrected)."""
    try:
        return _save_registration(user, campaign, data, registration, expected_version)
    except IntegrityError:  # the same person saved twice at once: one M1 per campaign
        raise ServiceError(_("Bạn đã có một bản đăng ký M1 cho phong trào này.")) from None


def _save_registration(user, campaign, data, registration, expected_version):
    data = _clean_text(dict(data), InnovationRegistration.FORM_FIELDS)
    if "fields" in data:
        data["fields"] = [str(f) for f in data["fields"] or [] if f in InnovationField.values]
    with transaction.atomic():
        if registration is None:
            # a second M1 of the person for the campaign: refused by one_m1_per_campaign
            item = _new_form(InnovationRegistration, "person", user, campaign)
            created = True
        else:
            item = _lock_for_author(user, registration, expected_version)
            created = False
        _write(user, item, data, created)
    return item


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


class SubmitRefused(ServiceError):
    """The draft is saved; its submission was refused (`item`: the saved draft)."""

    def __init__(self, message, item):
        super().__init__(message)
        self.item = item


def save_and_submit(user, save):
    """`save()` (save_registration or save_group: the author's draft, locked) and its
    submission, in one transaction; a refused submission (deadline, missing items)
    leaves the draft saved and raises SubmitRefused with it."""
    with transaction.atomic():
        item = save()
        try:
            _check_submission(item)  # nothing written: the draft stays as saved
        except ServiceError as error:
            refused = error
        else:
            return _submit(user, item)
    raise SubmitRefused(str(refused), item) from refused


def _check_submission(item):
    """Refuse (ServiceError) a submission after the deadline, with items missing, or of a
    group of one; writes nothing."""
    if isinstance(item, InnovationRegistration):
        _require_open(item.campaign, person=item.person)
        missing = _missing(item, REQUIRED_M1)
    else:
        _require_open(item.campaign, group=item)
        missing = _missing(item, REQUIRED_M2)
    if missing:
        raise ServiceError(
            _("Chưa nộp được: hãy điền %(fields)s. Bản nháp vẫn được lưu.")
            % {"fields": ", ".join(missing)}
        )
    if isinstance(item, TeacherGroup):
        _require_two_people(item)


def _submit(user, item):
    """Submit the author's draft, locked and checked by the caller."""
    # the submitted versions are numbered; a form never submitted has none
    first = item.submitted_at is None
    item.submitted_at = timezone.now()
    action = "resubmit" if item.status == Status.RETURNED else "submit"
    item.last_comment = ""  # the returning comment stays in the history only
    transition(item, user, action, Status.SUBMITTED)
    Version.objects.create(
        number=1 if first else item.versions.count() + 1,
        data=_snapshot(item),
        **owner_of(item),
    )
    _route(item)
    return item


def _route(item):
    """A form just submitted waits for its union group leader; when the group has no
    leader but the form's own people, it goes straight to the approver (see
    registrations.permissions), and whoever must act next is e-mailed."""
    leaders = permissions.other_leader_accounts(item, permissions.people_user_ids(item))
    if leaders:
        notified = [account.person for account in leaders if hasattr(account, "person")]
        notifications.notify_waiting(item, notified)
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


def save_group(user, campaign, data, members, group=None, expected_version=None):
    """Create or update a teacher group (M2) led by the user; members from their school."""
    data = _clean_text(dict(data), TeacherGroup.FORM_FIELDS)
    if not (data.get("name") or (group and group.name)):
        raise ServiceError(_("Hãy đặt tên nhóm."))
    with transaction.atomic():
        if group is None:
            item = _new_form(TeacherGroup, "leader", user, campaign)
            created = True
        else:
            item = _lock_for_author(user, group, expected_version)
            created = False
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
        _write(user, item, data, created)
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
