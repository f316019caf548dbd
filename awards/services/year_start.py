"""The start of a school year: registrations of titles (a person's own, or any of the
school's by its managers, or a whole list from Excel after a preview), the covenant of
the staff conference, and each organisation's rule for unregistered nominations."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import safe_file_name
from schools import visibility

from ..models import AwardPolicy, HistoryImport, Recipient, StaffCovenant, TitleRegistration
from ..year_start_lists import COLUMNS, KIND, parse_registration_file
from .common import ServiceError, person_of, require_manager

__all__ = [
    "check_registration",
    "import_registrations",
    "policy_of",
    "record_covenant",
    "register",
    "register_own",
    "set_policy",
    "unregistered_problem",
    "upload_registrations",
]

AP = AwardPolicy.Unregistered


def _holder(person, unit, collective):
    if person is not None:
        return {"person": person}
    if unit is not None:
        return {"unit": unit}
    return {"collective": collective}


def _save(user, organization, school_year, holder, title, award_form):
    if title is None and award_form is None:
        raise ServiceError(
            _("Hãy chọn danh hiệu hoặc hình thức khen thưởng đăng ký."), field="title"
        )
    wanted = Recipient.PERSON if "person" in holder else Recipient.COLLECTIVE
    for field, award in (("title", title), ("award_form", award_form)):
        if award is not None and award.recipient and award.recipient != wanted:
            message = (
                _("%(award)s dành cho cá nhân, không cho tập thể.")
                if award.recipient == Recipient.PERSON
                else _("%(award)s dành cho tập thể, không cho cá nhân.")
            )
            raise ServiceError(message % {"award": award.name}, field=field)
    entry, _created = TitleRegistration.objects.update_or_create(
        school_year=school_year,
        **holder,
        defaults={
            "organization": organization,
            "title": title,
            "award_form": award_form,
            "registered_by": user,
        },
    )
    return entry


def register_own(user, school_year, title, award_form):
    """A member of staff registers what they aim for this year."""
    person = person_of(user)
    with transaction.atomic():
        return _save(user, person.organization, school_year, {"person": person}, title, award_form)


def register(user, organization, school_year, data):
    """A manager registers a person or a collective of the organisation."""
    require_manager(user, organization)
    person, unit, collective = data.get("person"), data.get("unit"), data.get("collective")
    owner = person.organization if person else (unit.organization if unit else collective)
    if (
        owner is None
        or owner.pk != organization.pk
        and not owner.path.startswith(organization.path)
    ):
        raise ServiceError(_("Chọn một người hoặc tập thể của đơn vị."), field="person")
    with transaction.atomic():
        return _save(
            user,
            organization,
            school_year,
            _holder(person, unit, collective),
            data.get("title"),
            data.get("award_form"),
        )


def upload_registrations(user, organization, school_year, file_name, content):
    require_manager(user, organization)
    return HistoryImport.objects.create(
        organization=organization,
        kind=KIND,
        school_year=school_year,
        uploaded_by=user,
        file_name=safe_file_name(file_name, 255, "dang-ky-thi-dua"),
        content=content,
        preview=parse_registration_file(content, organization).preview(COLUMNS),
    )


def import_registrations(user, upload):
    """Every row of a checked registration list, or none (a row replaces the holder's
    earlier registration of the year)."""
    if not visibility.manageable(user, HistoryImport).filter(pk=upload.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            HistoryImport.objects.select_for_update(of=("self",))
            .select_related("school_year")
            .get(pk=upload.pk)
        )
        if locked.status == HistoryImport.Status.DONE:
            raise ServiceError(_("Danh sách này đã được nhập trước đó."))
        result = parse_registration_file(bytes(locked.content), locked.organization)
        if not result.ok or not result.rows:
            raise ServiceError(
                _("Danh sách còn %(count)s lỗi; chưa dòng nào được nhập.")
                % {"count": result.error_count + len(result.file_errors)}
            )
        for row in result.rows:
            data = row.cleaned
            _save(
                user,
                locked.organization,
                locked.school_year,
                _holder(data["person"], data["unit"], data["collective"]),
                data["title_obj"],
                data["award_form"],
            )
        locked.status = HistoryImport.Status.DONE
        locked.imported_count = len(result.rows)
        locked.save(update_fields=["status", "imported_count"])
    return locked


def record_covenant(user, organization, school_year, data):
    """The covenant signed at the staff conference: one per organisation and year."""
    require_manager(user, organization)
    for field in ("head", "union_chair"):
        if data[field].organization_id != organization.pk:
            raise ServiceError(_("Chọn một người của đơn vị."), field=field)
    with transaction.atomic():
        covenant, _created = StaffCovenant.objects.update_or_create(
            organization=organization,
            school_year=school_year,
            defaults={
                "conference_date": data["conference_date"],
                "head": data["head"],
                "union_chair": data["union_chair"],
                "content": data["content"],
                "recorded_by": user,
            },
        )
    return covenant


def policy_of(organization):
    policy = AwardPolicy.objects.filter(organization=organization).first()
    return policy.unregistered if policy else AP.WARN


def set_policy(user, organization, unregistered):
    require_manager(user, organization)
    with transaction.atomic():
        AwardPolicy.objects.update_or_create(
            organization=organization, defaults={"unregistered": unregistered}
        )


def unregistered_problem(organization, round, person, unit, collective, title):
    """(rule, message) when a nomination for `title` has no registration of the nominee
    for the round's school year, under the nominating organisation's policy; None when
    it is registered, when it is not a title, or when the policy allows it."""
    if title is None:
        return None
    policy = policy_of(organization)
    if policy == AP.ALLOW:
        return None
    # aiming at a higher title of the same kind covers the lower ones (CSTĐCS needs LĐTT)
    registered = TitleRegistration.objects.filter(
        school_year_id=round.school_year_id,
        title__recipient=title.recipient,
        title__order__gte=title.order,
        **_holder(person, unit, collective),
    ).exists()
    if registered:
        return None
    message = _("%(name)s chưa đăng ký danh hiệu %(title)s đầu năm học.") % {
        "name": str(person or unit or collective),
        "title": title.name,
    }
    return policy, message


def check_registration(organization, round, person, unit, collective, title):
    """Refuse a nomination the policy refuses; return the warning the policy asks for."""
    found = unregistered_problem(organization, round, person, unit, collective, title)
    if found is None:
        return None
    policy, message = found
    if policy == AP.REFUSE:
        raise ServiceError(
            message + " " + _("Đơn vị không nhận đề nghị chưa đăng ký."), field="title"
        )
    return message
