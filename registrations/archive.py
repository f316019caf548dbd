"""Registration documents for the year-end archive (emulation.archive): for every
campaign of the year with approved forms, its summary workbook and the bundle of its
approved forms M1 and M2 (PDF and Word), in the folder of the campaign's school."""

from django.db.models import Q

from emulation.archive import document_files
from emulation.models import Campaign

from .documents import FormsBundle
from .exports import CampaignSummaryExport
from .models import InnovationRegistration, Status, TeacherGroup


def campaigns_with_approved_forms(school_year):
    approved_m1 = InnovationRegistration.objects.filter(status=Status.APPROVED).values(
        "campaign_id"
    )
    approved_m2 = TeacherGroup.objects.filter(status=Status.APPROVED).values("campaign_id")
    return (
        Campaign.objects.filter(school_year=school_year)
        .filter(Q(pk__in=approved_m1) | Q(pk__in=approved_m2))
        .select_related("organization", "school_year")
        .order_by("organization__path", "pk")
    )


def registration_documents(school_year):
    """Yield (organization, filename, bytes) for the archive."""
    for campaign in campaigns_with_approved_forms(school_year):
        export = CampaignSummaryExport(campaign)
        yield campaign.organization, export.filename(), export.content()
        yield from document_files(campaign.organization, FormsBundle(campaign))
