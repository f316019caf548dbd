"""State changes of campaigns and plans. Each function checks permission and state,
saves atomically (locking the plan row) and writes a PlanEvent."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import bulk_create
from common.uploads import check_signed_pdf, refuse_replacing
from common.vietnamese import document_date
from schools import visibility
from schools.issuers import IssuerKind
from schools.models import SchoolYear
from schools.services import ServiceError

from .models import (
    Campaign,
    DocumentCounter,
    GroupAssignment,
    LegalBasis,
    Plan,
    PlanEvent,
    Recipient,
    ScheduleItem,
    Section,
    SignatureBlock,
    ThemeAward,
)
from .publishing import (
    default_signature,
    mark_other_levels,
    publish_problems,
    remember_issuers,
)


def _require_manage(user, plan):
    if not visibility.manageable(user, Plan).filter(pk=plan.pk).exists():
        raise PermissionDenied


def _locked(plan):
    return Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)


def _event(plan, user, action, from_status="", note=""):
    PlanEvent.objects.create(
        plan=plan,
        actor=user,
        action=action,
        from_status=from_status,
        to_status=plan.status,
        note=note,
    )


def ensure_editable(plan):
    if plan.is_locked:
        raise ServiceError(
            _("Kế hoạch %(ref)s đã ban hành nên không sửa được; hãy tạo văn bản mới để đính chính.")
            % {"ref": plan.reference}
        )


def next_number(organization, year, issuer_kind=IssuerKind.STATE):
    """The next number in the register of an issuer (the school itself, its Công đoàn,
    Đoàn, Liên đội or Chi bộ) in a calendar year."""
    counter, _created = DocumentCounter.objects.select_for_update().get_or_create(
        organization=organization, issuer_kind=issuer_kind, year=year
    )
    taken = Plan.objects.filter(
        organization=organization,
        issuer_kind=issuer_kind,
        issue_date__year=year,
        number__isnull=False,
    ).values_list("number", flat=True)
    counter.last_number = max([counter.last_number, *taken]) + 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def number_taken(organization, year, number, exclude_pk=None, issuer_kind=IssuerKind.STATE):
    """The published or issued plan that already holds `number` in the issuer's register
    of `year` (a document entered after the fact keeps its number; two may not share
    one; the school's union numbers its own documents from 01)."""
    if number is None or year is None:
        return None
    taken = Plan.objects.filter(
        organization=organization, issuer_kind=issuer_kind, issue_date__year=year, number=number
    ).exclude(status=Plan.Status.DRAFT)  # a draft's typed number is not in the register yet
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return taken.first()


def _refuse_taken_number(plan):
    year = plan.issue_date.year if plan.issue_date else None
    other = number_taken(plan.organization, year, plan.number, plan.pk, plan.issuer_kind)
    if other is not None:
        raise ServiceError(taken_message(other))


def taken_message(other):
    return _("Số %(ref)s năm %(year)s đã dùng cho “%(title)s”; hãy chọn số khác.") % {
        "ref": other.reference,
        "year": other.issue_date.year,
        "title": other.title,
    }


def save_plan(user, plan, action="edit"):
    """Create or change a draft or published plan (the admin form calls this)."""
    if plan.pk:
        _require_manage(user, plan)
        current = Plan.objects.get(pk=plan.pk)
        ensure_editable(current)
        if current.organization_id != plan.organization_id:
            raise ServiceError(_("Không thể chuyển kế hoạch sang đơn vị khác."))
    elif (
        not visibility.manageable(user, type(plan.organization))
        .filter(pk=plan.organization_id)
        .exists()
    ):
        raise PermissionDenied
    with transaction.atomic():
        _refuse_taken_number(plan)
        if plan.pk is None:
            plan.created_by = user
        plan.save()
        _event(plan, user, action)
    return plan


def publish_plan(user, plan, issue_date=None):
    """Draft -> published, visible below. The date is the one the author gives (or the
    plan already holds: a plan entered after the fact keeps it); nothing is dated today
    silently. Numbered from the issuer's register when it has no number yet. Refused,
    with every reason, while it lacks what a signed paper needs (publishing.py)."""
    _require_manage(user, plan)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != Plan.Status.DRAFT:
            raise ServiceError(_("Kế hoạch này đã được công bố."))
        if issue_date is not None:
            plan.issue_date = issue_date
        problems = publish_problems(plan)
        if problems:
            raise ServiceError(" ".join([_("Chưa công bố được:"), *problems]))
        if plan.number is None:
            plan.number = next_number(plan.organization, plan.issue_date.year, plan.issuer_kind)
        _refuse_taken_number(plan)
        if not plan.symbol:
            plan.symbol = plan.default_symbol
        if not plan.place_name:
            plan.place_name = plan.organization.place_name
        plan.status = Plan.Status.PUBLISHED
        plan.published_at = timezone.now()
        plan.save()
        remember_issuers(plan)
        _event(plan, user, "publish", Plan.Status.DRAFT)
    return plan


def issue_plan(user, plan, scan):
    """Published -> issued: the signed, stamped scan (PDF) is kept; the plan is locked."""
    _require_manage(user, plan)
    check_signed_pdf(scan)
    with transaction.atomic():
        plan = _locked(plan)
        refuse_replacing(plan.signed_scan, _("Bản ký của kế hoạch đã ban hành"))
        if plan.status != Plan.Status.PUBLISHED:
            raise ServiceError(_("Chỉ ban hành được kế hoạch đã công bố và chưa ban hành."))
        # The symbol is typed by users: no folder separator of any system in the name.
        stem = plan.reference.replace("/", "-").replace("\\", "-")
        plan.signed_scan.save(f"{plan.pk}-{stem}.pdf", scan, save=False)
        plan.status = Plan.Status.ISSUED
        plan.issued_at = timezone.now()
        plan.save()
        _event(plan, user, "issue", Plan.Status.PUBLISHED)
    return plan


def _clone(objects, **changes):
    """Unsaved copies of model instances, with some fields set anew (a value, or a
    function of the original)."""
    copies = []
    for obj in objects:
        for name, value in changes.items():
            setattr(obj, name, value(obj) if callable(value) else value)
        obj.pk = obj.id = None
        obj._state.adding = True
        copies.append(obj)
    return copies


def _copy_children(source, target, *, shift_years=0, with_closing_parts=True):
    def shift(name):
        def shifted(obj):
            day = getattr(obj, name)
            if day is None or not shift_years:
                return day
            try:
                return day.replace(year=day.year + shift_years)
            except ValueError:  # 29 February
                return day.replace(year=day.year + shift_years, day=28)

        return shifted

    bulk_create(LegalBasis, _clone(source.legal_bases.all(), plan=target))
    bulk_create(Section, _clone(source.sections.all(), plan=target))
    _clone_with_rows(source.themes.all(), target, "awards", ThemeAward, "theme")
    bulk_create(
        ScheduleItem,
        _clone(
            source.schedule_items.all(),
            plan=target,
            start_date=shift("start_date"),
            end_date=shift("end_date"),
            deadline=shift("deadline"),
        ),
    )
    if with_closing_parts:
        bulk_create(Recipient, _clone(source.recipients.all(), plan=target))
        bulk_create(SignatureBlock, _clone(source.signatures.all(), plan=target))
        _clone_with_rows(source.annexes.all(), target, "group_rows", GroupAssignment, "annex")


def _clone_with_rows(parts, target, rows_name, row_model, link):
    """Each part (a theme, an annex) copied to the target plan, with its own rows (its
    `rows_name`, of `row_model`) copied under the copy."""
    for part in parts:
        rows = list(getattr(part, rows_name).all())
        [part] = _clone([part], plan=target)
        part.save()
        bulk_create(row_model, _clone(rows, **{link: part}))


def parent_reference_text(parent):
    """'Căn cứ Kế hoạch số 12/KH-SGDĐT ngày 05 tháng 01 năm 2018 của Sở ... về ...;'"""
    number = f" số {parent.reference}" if parent.number else ""
    day = f" {document_date(parent.issue_date)}" if parent.issue_date else ""
    return (
        f"Căn cứ {parent.get_doc_type_display()}{number}{day} của {parent.header_issuer} "
        f"về {parent.title[:1].lower()}{parent.title[1:]};"
    )


def derive_plan(user, parent, organization):
    """A draft plan of `organization` implementing a higher-level plan: copies its
    structure and legal bases and adds the parent plan as a legal basis."""
    if not visibility.visible(user, Plan).filter(pk=parent.pk).exists():
        raise PermissionDenied
    if not visibility.manageable(user, type(organization)).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if parent.status == Plan.Status.DRAFT:
        raise ServiceError(_("Chỉ triển khai được kế hoạch cấp trên đã công bố."))
    if parent.organization_id == organization.pk or not organization.path.startswith(
        parent.organization.path
    ):
        raise ServiceError(_("Kế hoạch này không phải của cấp trên đơn vị bạn."))
    with transaction.atomic():
        campaign = None
        if parent.campaign_id:
            campaign = Campaign.objects.create(
                organization=organization,
                school_year=parent.campaign.school_year,
                name=parent.campaign.name,
                parent=parent.campaign,
                start_date=parent.campaign.start_date,
                end_date=parent.campaign.end_date,
            )
        plan = Plan.objects.create(
            campaign=campaign,
            organization=organization,
            school_year=parent.school_year,
            parent_plan=parent,
            doc_type=parent.doc_type,
            title=parent.title,
            subtitle=parent.subtitle,
            created_by=user,
        )
        _copy_children(parent, plan, with_closing_parts=False)
        marked = mark_other_levels(list(plan.sections.all()), organization)
        Section.objects.bulk_update(marked, ["review_note"])
        signature = default_signature(organization, plan.issuer_kind)
        SignatureBlock.objects.create(
            plan=plan,
            authority=signature.authority,
            authority_title=signature.authority_title,
            position=signature.position,
            signer_name=signature.signer_name,
        )
        last = plan.legal_bases.order_by("-order").first()
        LegalBasis.objects.create(
            plan=plan, order=(last.order + 1) if last else 1, text=parent_reference_text(parent)
        )
        Recipient.objects.create(plan=plan, order=99, text="Lưu: VT")
        _event(plan, user, "derive", note=f"{parent.pk}")
    return plan


def copy_to_next_year(user, plan):
    """A draft copy of a plan for the next school year, dates moved one year on."""
    _require_manage(user, plan)
    current = plan.school_year
    next_year = SchoolYear.for_date(current.end_date + datetime.timedelta(days=1))
    with transaction.atomic():
        campaign = None
        if plan.campaign_id:
            campaign, _created = Campaign.objects.get_or_create(
                organization=plan.organization,
                school_year=next_year,
                name=plan.campaign.name,
                defaults={"parent": plan.campaign.parent},
            )
        copy = Plan.objects.create(
            campaign=campaign,
            organization=plan.organization,
            school_year=next_year,
            parent_plan=plan.parent_plan,
            doc_type=plan.doc_type,
            type_label=plan.type_label,
            governing_body=plan.governing_body,
            issuer_name=plan.issuer_name,
            place_name=plan.place_name,
            title=plan.title.replace(current.name, next_year.name).replace(
                current.name.replace("-", " - "), next_year.name.replace("-", " - ")
            ),
            subtitle=plan.subtitle.replace(current.name, next_year.name).replace(
                current.name.replace("-", " - "), next_year.name.replace("-", " - ")
            ),
            preamble=plan.preamble,
            closing=plan.closing,
            created_by=user,
        )
        _copy_children(plan, copy, shift_years=1)
        _event(copy, user, "copy", note=f"{plan.pk}")
    return copy


def registration_deadline(plan):
    """The registration deadline the workflows read, or None."""
    item = (
        plan.schedule_items.filter(milestone=ScheduleItem.Milestone.REGISTRATION)
        .exclude(deadline=None)
        .order_by("deadline")
        .first()
    )
    return item.deadline if item else None
