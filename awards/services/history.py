"""Award history (models/history.py): rows from the product's own decisions, entered by
hand, or imported from Excel after a preview. Every write is here; the audit log keeps
who wrote each row (audit/scopes.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from common.bulk import bulk_create
from common.text import safe_file_name
from common.vietnamese import search_key
from schools import visibility
from schools.models import SchoolYear

from ..documents.common import decision_heads
from ..history_import import COLUMNS, parse_history_file
from ..models import AwardRecord, HistoryImport
from .common import ServiceError
from .nominations import check_award

__all__ = ["add_record", "delete_record", "from_decision", "import_history", "upload_history"]


def _owner(person, unit, collective):
    if person is not None:
        return person.organization
    if unit is not None:
        return unit.organization
    return collective


def from_decision(decision, awardees):
    """One history row per awardee of a decision just recorded (inside its transaction)."""
    authority, _signature = decision_heads(decision)
    fallback = SchoolYear.for_date(decision.decision_date)
    rows = []
    for awardee in awardees:
        nomination = awardee.nomination
        # a title is for its round's school year, whenever the decision was signed
        year_id = nomination.round.school_year_id or fallback.pk
        rows.append(
            AwardRecord(
                organization=_owner(nomination.person, nomination.unit, nomination.collective),
                person=nomination.person,
                unit=nomination.unit,
                collective=None
                if nomination.person_id or nomination.unit_id
                else nomination.collective,
                name=awardee.name,
                search_name=search_key(awardee.name),
                title=awardee.title,
                award_form=awardee.award_form,
                school_year_id=year_id,
                decision_number=decision.reference,
                decision_date=decision.decision_date,
                authority=authority,
                source=AwardRecord.Source.DECISION,
                awardee=awardee,
            )
        )
    bulk_create(AwardRecord, rows)


def _require_manager_of(user, organization):
    if not visibility.manageable(user, type(organization)).filter(pk=organization.pk).exists():
        raise PermissionDenied


def add_record(user, organization, data):
    """One title or award received outside the product, entered by a manager of the
    holder's organisation. `data`: person | unit | collective, title | award_form,
    school_year, decision_number, decision_date, authority, note."""
    person, unit, collective = data.get("person"), data.get("unit"), data.get("collective")
    owner = _owner(person, unit, collective)
    if owner is None:
        raise ServiceError(_("Hãy chọn cá nhân hoặc tập thể."), field="person")
    if not owner.path.startswith(organization.path):
        raise PermissionDenied
    _require_manager_of(user, owner)
    title, award_form = data.get("title"), data.get("award_form")
    if bool(title) == bool(award_form):
        raise ServiceError(
            _("Chọn một danh hiệu hoặc một hình thức khen thưởng (không cả hai)."), field="title"
        )
    try:
        check_award(person, title, award_form)
    except ServiceError as error:
        raise ServiceError(str(error), field="title" if title else "award_form") from None
    year = data["school_year"]
    holder = {"person": person, "unit": unit, "collective": None if person or unit else collective}
    same = AwardRecord.objects.filter(
        title=title, award_form=award_form, school_year=year, **holder
    ).first()
    if same is not None:
        raise ServiceError(
            _("Hồ sơ đã có %(award)s năm học %(year)s (%(ref)s).")
            % {"award": same.award_label, "year": year, "ref": same.reference},
            field="title" if title else "award_form",
        )
    name = str(person or unit or collective)
    with transaction.atomic():
        entry = AwardRecord.objects.create(
            organization=owner,
            name=name,
            search_name=search_key(name),
            title=title,
            award_form=award_form,
            school_year=year,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            authority=data["authority"],
            note=data.get("note", ""),
            source=AwardRecord.Source.ENTERED,
            created_by=user,
            **holder,
        )
    return entry


def delete_record(user, entry):
    """Take back a row entered by hand or imported (a typing mistake); a row written by
    a decision of the product goes only with its decision."""
    if not visibility.manageable(user, AwardRecord).filter(pk=entry.pk).exists():
        raise PermissionDenied
    if entry.source == AwardRecord.Source.DECISION:
        raise ServiceError(
            _("Dòng này do quyết định %(ref)s ghi, không xoá ở đây.")
            % {"ref": entry.decision_number}
        )
    with transaction.atomic():
        AwardRecord.objects.filter(pk=entry.pk).delete()


def upload_history(user, organization, file_name, content):
    """Keep an uploaded history list with its preview; nothing is imported yet."""
    _require_manager_of(user, organization)
    return HistoryImport.objects.create(
        organization=organization,
        uploaded_by=user,
        file_name=safe_file_name(file_name, 255, "ho-so-khen-thuong"),
        content=content,
        preview=parse_history_file(content, organization).preview(COLUMNS),
    )


def import_history(user, history_import):
    """Every row of a checked list, or none of them."""
    if not visibility.manageable(user, HistoryImport).filter(pk=history_import.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        locked = HistoryImport.objects.select_for_update().get(pk=history_import.pk)
        if locked.status == HistoryImport.Status.DONE:
            raise ServiceError(_("Danh sách này đã được nhập trước đó."))
        result = parse_history_file(bytes(locked.content), locked.organization)
        if not result.ok or not result.rows:
            raise ServiceError(
                _("Danh sách còn %(count)s lỗi; chưa dòng nào được nhập.")
                % {"count": result.error_count + len(result.file_errors)}
            )
        years = {}
        rows = []
        for row in result.rows:
            data = row.cleaned
            name = data["school_year_name"]
            if name not in years:
                start = int(name[:4])
                years[name] = SchoolYear.for_date(datetime.date(start, 9, 1))
            person, unit, collective = data["person"], data["unit"], data["collective"]
            label = str(person or unit or collective)
            rows.append(
                AwardRecord(
                    organization=_owner(person, unit, collective),
                    person=person,
                    unit=unit,
                    collective=collective,
                    name=label,
                    search_name=search_key(label),
                    title=data["title"],
                    award_form=data["award_form"],
                    school_year=years[name],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    authority=data["authority"],
                    source=AwardRecord.Source.IMPORTED,
                    created_by=user,
                )
            )
        bulk_create(AwardRecord, rows)
        locked.status = HistoryImport.Status.DONE
        locked.imported_count = len(rows)
        locked.save(update_fields=["status", "imported_count"])
    return locked
