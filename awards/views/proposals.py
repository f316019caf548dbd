"""Proposals (tờ trình): the list of those sent and received, the page where the sender
chooses the nominations and sends, and where the recipient reviews each one (its
actions are in proposal_review.py)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.http import file_response
from schools import visibility

from ..action_forms import OUTCOMES, ProposalItemsForm, SendProposalForm, SignedScanForm
from ..models import Posting, Proposal, ProposalItem
from ..services import proposals as services
from ..services.common import manages
from .common import acting_organization, managed_organizations, parse_int, run, run_form
from .nominations import visible_rounds


def visible_proposals(user):
    return visibility.visible(user, Proposal).select_related(
        "organization", "recipient", "round", "round__campaign"
    )


@login_required
def proposal_list(request):
    orgs = managed_organizations(request.user)
    organization = acting_organization(request)
    proposals = visible_proposals(request.user)
    outgoing = proposals.filter(organization__in=orgs) if orgs else proposals.none()
    incoming = proposals.filter(recipient__in=orgs).exclude(status=Proposal.Status.DRAFT)
    rounds = []
    if organization is not None:
        rounds = [
            r
            for r in visible_rounds(request.user).order_by("-deadline")[:50]
            if organization.path.startswith(r.campaign.organization.path)
            and r.campaign.organization_id != organization.pk
        ]
    return render(
        request,
        "awards/proposals/proposal_list.html",
        {
            "organization": organization,
            "outgoing": outgoing.order_by("-created_at")[:100],
            "incoming": incoming.order_by("status", "-sent_at")[:200],
            "rounds": rounds,
        },
    )


@login_required
@require_POST
def proposal_create(request):
    organization = acting_organization(request)
    if organization is None:
        raise Http404
    round = get_object_or_404(visible_rounds(request.user), pk=parse_int(request.POST.get("round")))
    created = []

    def call():
        created.append(services.create_proposal(request.user, organization, round))

    if run(request, call, _("Đã tạo tờ trình; hãy chọn người đề nghị rồi gửi.")):
        return redirect("proposal_detail", pk=created[0].pk)
    return redirect("proposal_list")


@login_required
def proposal_detail(request, pk):
    proposal = get_object_or_404(visible_proposals(request.user), pk=pk)
    is_sender = manages(request.user, proposal.organization)
    is_recipient = manages(request.user, proposal.recipient)
    reviewing = is_recipient and proposal.status == Proposal.Status.SENT
    items = list(
        proposal.items.select_related(
            "nomination__person",
            "nomination__unit",
            "nomination__collective",
            "nomination__organization",
            "nomination__title",
            "nomination__award_form",
            "nomination__round",
        )
    )
    if reviewing:
        services.with_review_facts(items)
    drafting = is_sender and proposal.is_draft
    candidates = []
    if drafting:
        chosen = {item.nomination_id for item in items}
        candidates = [
            (n, n.pk in chosen)
            for n in services.sendable(proposal.organization, proposal.round).select_related(
                "person", "unit", "collective", "organization", "title", "award_form"
            )
        ]
    return render(
        request,
        "awards/proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "items": items,
            "candidates": candidates,
            "is_sender": is_sender,
            "is_recipient": is_recipient,
            "reviewing": reviewing,
            "pending": sum(item.outcome == ProposalItem.Outcome.PENDING for item in items),
            "problems": services.problems(proposal) if drafting else {},
            "outcomes": OUTCOMES,
            "events": proposal.events.select_related("actor"),
            "postings": _postings(proposal) if drafting else [],
            "scan_form": SignedScanForm() if is_sender else None,
        },
    )


def _postings(proposal):
    """The school's postings of the year and how many comments each has: the principal
    reads them before sending the proposal up."""
    return (
        Posting.objects.filter(
            vote__council__school=proposal.organization,
            vote__council__school_year=proposal.round.school_year_id,
        )
        .annotate(comment_count=Count("comments"))
        .select_related("vote")
    )


@login_required
@require_POST
def proposal_items(request, pk):
    proposal = get_object_or_404(visible_proposals(request.user), pk=pk)
    run_form(
        request,
        ProposalItemsForm(request.POST, user=request.user),
        lambda data: services.set_items(request.user, proposal, data["nominations"]),
        _("Đã lưu danh sách."),
    )
    return redirect("proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_send(request, pk):
    proposal = get_object_or_404(visible_proposals(request.user), pk=pk)
    run_form(
        request,
        SendProposalForm(request.POST),
        lambda data: services.send_proposal(request.user, proposal),
        _("Đã gửi tờ trình lên %(org)s.") % {"org": proposal.recipient.name},
    )
    return redirect("proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_scan_upload(request, pk):
    proposal = get_object_or_404(visible_proposals(request.user), pk=pk)
    run_form(
        request,
        SignedScanForm(request.POST, request.FILES),
        lambda data: services.upload_signed_scan(request.user, proposal, data["scan"]),
        _("Đã lưu bản ký."),
    )
    return redirect("proposal_detail", pk=proposal.pk)


@login_required
def proposal_signed_scan(request, pk):
    proposal = get_object_or_404(visible_proposals(request.user), pk=pk)
    if not proposal.signed_scan:
        raise Http404
    with proposal.signed_scan.open("rb") as handle:
        content = handle.read()
    return file_response(content, f"to-trinh-{proposal.pk}-ban-ky.pdf", "application/pdf")


urlpatterns = [
    path("awards/proposals/", proposal_list, name="proposal_list"),
    path("awards/proposals/new/", proposal_create, name="proposal_create"),
    path("awards/proposals/<id:pk>/", proposal_detail, name="proposal_detail"),
    path("awards/proposals/<id:pk>/items/", proposal_items, name="proposal_items"),
    path("awards/proposals/<id:pk>/send/", proposal_send, name="proposal_send"),
    path("awards/proposals/<id:pk>/scan/", proposal_signed_scan, name="proposal_signed_scan"),
    path(
        "awards/proposals/<id:pk>/scan/upload/",
        proposal_scan_upload,
        name="proposal_scan_upload",
    ),
]
