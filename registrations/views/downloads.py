"""Downloads: a filled form M1 or M2 (PDF), a campaign's approved forms in one PDF, the
campaign's summary workbook and an office's participation workbook. Every object is
fetched through schools.visibility, so another school's object is a 404; the campaign
and office downloads then check the role, and answer 404 to anyone else too."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from common.fields import is_id
from common.http import file_response, xlsx_response
from emulation.models import Campaign
from schools import visibility
from schools.models import Organization, Role, SchoolYear, Unit

from ..documents import (
    FormsBundle,
    GroupDocument,
    RegistrationDocument,
    group_queryset,
    registration_queryset,
)
from ..exports import CampaignSummaryExport, OfficeSummaryExport
from ..models import InnovationRegistration, TeacherGroup
from ..permissions import is_office_above, may_read_school

PDF = "application/pdf"


def _visible_campaign(request, pk):
    return get_object_or_404(
        visibility.visible(request.user, Campaign).select_related("organization", "school_year"),
        pk=pk,
    )


def _union_group(request, school):
    """The union group of `?group=`, which must belong to the school; None without it."""
    value = request.GET.get("group")
    if value is None:
        return None
    if not is_id(value):
        raise Http404(_("Không tìm thấy tổ công đoàn."))
    return get_object_or_404(Unit, pk=int(value), organization=school, kind=Unit.Kind.UNION_GROUP)


def _form_pdf(request, pk, model, queryset, document_class):
    """Form M1 or M2 as PDF, to whoever sees it."""
    item = get_object_or_404(visibility.visible(request.user, model, queryset), pk=pk)
    document = document_class(item)
    return file_response(document.pdf(), document.filename("pdf"), PDF, inline=True)


@login_required
def registration_pdf(request, pk):
    return _form_pdf(
        request, pk, InnovationRegistration, registration_queryset(), RegistrationDocument
    )


@login_required
def group_pdf(request, pk):
    return _form_pdf(request, pk, TeacherGroup, group_queryset(), GroupDocument)


@login_required
def campaign_forms_pdf(request, pk):
    """The approved forms of the campaign's school, or of one union group (`?group=`):
    for the school's reviewers and the offices above it, and for the leader of that
    union group."""
    campaign = _visible_campaign(request, pk)
    school = campaign.organization
    union_group = _union_group(request, school)
    access = visibility.access_for(request.user)
    allowed = may_read_school(access, school) or (
        union_group is not None
        and access.has_role(Role.UNION_GROUP_LEADER, organization=school, unit=union_group)
    )
    if not allowed:
        raise Http404
    document = FormsBundle(campaign, union_group=union_group)
    return file_response(document.pdf(), document.filename("pdf"), PDF, inline=True)


@login_required
def campaign_summary_xlsx(request, pk):
    campaign = _visible_campaign(request, pk)
    if not may_read_school(visibility.access_for(request.user), campaign.organization):
        raise Http404
    export = CampaignSummaryExport(campaign)
    return xlsx_response(export.content(), export.filename())


@login_required
def office_summary_xlsx(request, pk):
    """Participation per school below an office; `?year=2026-2027` (default: now)."""
    office = get_object_or_404(visibility.visible(request.user, Organization), pk=pk)
    access = visibility.access_for(request.user)
    if not (access.is_admin or is_office_above(access, office)):
        raise Http404
    name = request.GET.get("year")
    school_year = SchoolYear.named(name) if name else SchoolYear.current()
    if school_year is None:
        raise Http404
    export = OfficeSummaryExport(office, school_year)
    return xlsx_response(export.content(), export.filename())
