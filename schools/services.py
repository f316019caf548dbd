"""State changes of organisations and people. Each function checks permission, saves
atomically and leaves a record; views, the admin and commands call these."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import bulk_create
from common.errors import ServiceError
from common.text import safe_file_name
from common.vietnamese import search_key

from . import visibility
from .imports import parse_staff_file
from .issuers import IssuerKind
from .models import Issuer, Person, RoleAssignment, SchoolYear, StaffImport, Unit


def assign_role(user, role, organization, unit=None, school_year=None):
    """Give `user` a role for an organisation (or unit) in a school year.

    Holders of manager roles get access to the admin site."""
    school_year = school_year or SchoolYear.current()
    with transaction.atomic():
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            organization=organization,
            unit=unit,
            school_year=school_year,
        )
        if role in visibility.ADMIN_SITE_ROLES and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    user.__dict__.pop("_tdkt_access", None)
    return assignment


def upload_staff_list(user, school, file_name, content):
    """Keep an uploaded staff list for preview. Nothing is imported yet."""
    if not visibility.manageable(user, type(school)).filter(pk=school.pk).exists():
        raise PermissionDenied
    if not school.is_school:
        raise ServiceError(_("Chỉ nhập danh sách nhân sự cho một trường."))
    return StaffImport.objects.create(
        organization=school,
        uploaded_by=user,
        file_name=safe_file_name(file_name, 255, "danh-sach"),
        content=content,
        preview=parse_staff_file(content, school).preview(),
    )


def staff_import_preview(staff_import):
    """The preview of a pending upload, made once and kept (an upload from before the
    preview was kept is checked now, once)."""
    if not staff_import.preview:
        preview = parse_staff_file(bytes(staff_import.content), staff_import.organization).preview()
        StaffImport.objects.filter(pk=staff_import.pk).update(preview=preview)
        staff_import.preview = preview
    return staff_import.preview


def import_staff(user, staff_import):
    """Create every person of a checked staff list, or none of them."""
    if not visibility.manageable(user, StaffImport).filter(pk=staff_import.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        locked = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
        if locked.status == StaffImport.Status.DONE:
            raise ServiceError(_("Danh sách này đã được nhập trước đó."))
        school = locked.organization
        result = parse_staff_file(bytes(locked.content), school)
        if not result.ok:
            raise ServiceError(
                _("Danh sách còn %(count)s lỗi; chưa có ai được nhập.")
                % {"count": result.error_count + len(result.file_errors)}
            )
        units = _create_missing_units(school, result)
        people = []
        for row in result.rows:
            data = row.cleaned
            person = Person(
                organization=school,
                full_name=data["full_name"],
                gender=data["gender"],
                date_of_birth=data.get("date_of_birth"),
                position=data["position"],
                email=data.get("email", ""),
                team=data.get("team_unit") or units.get((False, data.get("team"))),
                union_group=data.get("union_group_unit")
                or units.get((True, data.get("union_group"))),
            )
            person.fill_derived_fields()
            people.append(person)
        bulk_create(Person, people)
        locked.status = StaffImport.Status.DONE
        locked.imported_at = timezone.now()
        locked.imported_count = len(people)
        locked.save(update_fields=["status", "imported_at", "imported_count"])
    return locked


def _create_missing_units(school, result):
    created = {}
    for names, is_group, kind in (
        (result.new_teams, False, Unit.Kind.PROFESSIONAL_TEAM),
        (result.new_union_groups, True, Unit.Kind.UNION_GROUP),
    ):
        for name in names:
            created[(is_group, name)] = Unit.objects.create(
                organization=school, kind=kind, name=name
            )

    # Rows may spell a new unit differently (case, accents): map every spelling.

    by_key = {(g, search_key(n)): u for (g, n), u in created.items()}
    for row in result.rows:
        for field_name, is_group in (("team", False), ("union_group", True)):
            name = row.cleaned.get(field_name)
            if name and not row.cleaned.get(f"{field_name}_unit"):
                created[(is_group, name)] = by_key[(is_group, search_key(name))]
    return created


def remembered_issuer(organization, doc_type, kind=IssuerKind.STATE):
    """What `organization` (as issuer `kind`) printed on its last document of
    `doc_type` ('KH', 'TTr', 'QĐ'), or None."""
    return Issuer.objects.filter(organization=organization, kind=kind, doc_type=doc_type).first()


def remember_issuer(organization, doc_type, kind=IssuerKind.STATE, **values):
    """Keep what a document printed (header lines, signer, recipients as lines) for the
    next document of its issuer and type. Called inside the document's own service."""
    if "recipients" in values:
        values["recipients"] = "\n".join(values["recipients"])
    Issuer.objects.update_or_create(
        organization=organization, kind=kind, doc_type=doc_type, defaults=values
    )
