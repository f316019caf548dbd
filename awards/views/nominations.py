"""Nominations: the list an organisation keeps, the form, the page with the rules'
verdict, evidence and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.fields import is_id
from common.http import file_response
from schools import visibility

from ..forms import NominationForm
from ..models import Evidence, Nomination, Round
from ..services import nominations as services
from ..services.common import ServiceError, manages
from .common import acting_organization, parse_int, run

PAGE_SIZE = 200


def visible_nominations(user):
    return visibility.visible(user, Nomination).select_related(
        "round",
        "organization",
        "holder",
        "person",
        "unit",
        "collective",
        "title",
        "award_form",
    )


def visible_rounds(user):
    return visibility.visible(user, Round).select_related("campaign__organization")


def open_rounds_for(user, organization):
    """Rounds `organization` may still nominate in: open (deadline not passed), of a
    campaign at or above it, nearest deadline first."""
    if organization is None:
        return []
    rounds = visible_rounds(user).filter(deadline__gte=timezone.localdate())
    return [
        r
        for r in rounds.order_by("deadline", "pk")[:30]
        if organization.path.startswith(r.campaign.organization.path)
    ]


@login_required
def nomination_list(request):
    rows = visible_nominations(request.user)
    round_id = request.GET.get("round")
    if round_id and is_id(round_id):
        rows = rows.filter(round_id=round_id)
    status = request.GET.get("status")
    if status in Nomination.Status.values:
        rows = rows.filter(status=status)
    org = acting_organization(request)
    return render(
        request,
        "awards/nominations/nomination_list.html",
        {
            "nominations": rows.order_by("-round__deadline", "organization__name", "-pk")[
                :PAGE_SIZE
            ],
            "rounds": visible_rounds(request.user).order_by("-deadline")[:50],
            "open_rounds": open_rounds_for(request.user, org),
            "statuses": Nomination.Status.choices,
            "organization": org,
            "page_size": PAGE_SIZE,
        },
    )


def _save(request, organization, round, nomination=None):
    form = NominationForm(request.POST, user=request.user, organization=organization)
    if form.is_valid():
        try:
            saved = services.save_nomination(
                request.user, organization, round, form.cleaned_data, nomination
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Đã lưu đề nghị khen thưởng."))
            if saved.registration_warning:
                messages.warning(request, saved.registration_warning)
            return form, saved
    return form, None


@login_required
def nomination_create(request, pk):
    round = get_object_or_404(visible_rounds(request.user), pk=pk)
    organization = acting_organization(request)
    if organization is None or not organization.path.startswith(round.campaign.organization.path):
        raise Http404
    if request.method == "POST":
        form, saved = _save(request, organization, round)
        if saved:
            return redirect("nomination_detail", pk=saved.pk)
    else:
        form = NominationForm(user=request.user, organization=organization)
    return render(
        request,
        "awards/nominations/nomination_form.html",
        {"form": form, "round": round, "organization": organization},
    )


@login_required
def nomination_edit(request, pk):
    nomination = get_object_or_404(visible_nominations(request.user), pk=pk)
    if not manages(request.user, nomination.organization):
        raise Http404
    if request.method == "POST":
        form, saved = _save(request, nomination.organization, nomination.round, nomination)
        if saved:
            return redirect("nomination_detail", pk=saved.pk)
    else:
        form = NominationForm(
            initial=NominationForm.initial_from(nomination),
            user=request.user,
            organization=nomination.organization,
        )
    return render(
        request,
        "awards/nominations/nomination_form.html",
        {
            "form": form,
            "round": nomination.round,
            "organization": nomination.organization,
            "nomination": nomination,
        },
    )


@login_required
def nomination_detail(request, pk):
    nomination = get_object_or_404(visible_nominations(request.user), pk=pk)
    can_edit = (
        manages(request.user, nomination.organization)
        and nomination.is_editable
        and nomination.holder_id == nomination.organization_id
    )
    findings = services.findings(nomination)
    return render(
        request,
        "awards/nominations/nomination_detail.html",
        {
            "nomination": nomination,
            "can_edit": can_edit,
            "findings": findings,
            "blocked": [f for f in findings if f.blocks],
            "warnings": [f for f in findings if not f.ok and not f.blocks],
            "evidence": nomination.evidence.all(),
            "registrations": nomination.registrations.select_related("person"),
            "groups": nomination.groups.select_related("leader"),
            "items": nomination.items.select_related(
                "proposal__organization", "proposal__recipient"
            ),
            "events": nomination.events.select_related("actor"),
        },
    )


@login_required
@require_POST
def nomination_evidence(request, pk):
    nomination = get_object_or_404(visible_nominations(request.user), pk=pk)
    if request.POST.get("remove"):
        item = get_object_or_404(nomination.evidence, pk=parse_int(request.POST["remove"]))
        run(
            request,
            lambda: services.remove_evidence(request.user, item),
            _("Đã xoá minh chứng “%(n)s”.") % {"n": item.name},
        )
    else:
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, _("Hãy chọn tệp minh chứng."))
        for upload in uploads:
            run(
                request,
                lambda u=upload: services.add_evidence(request.user, nomination, u),
                _("Đã thêm minh chứng “%(n)s”.") % {"n": upload.name},
            )
    return redirect("nomination_detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_delete(request, pk):
    nomination = get_object_or_404(visible_nominations(request.user), pk=pk)
    if run(
        request,
        lambda: services.delete_nomination(request.user, nomination),
        _("Đã xoá đề nghị."),
    ):
        return redirect("nomination_list")
    return redirect("nomination_detail", pk=nomination.pk)


@login_required
def evidence_file(request, pk):
    item = get_object_or_404(
        Evidence.objects.filter(nomination__in=visibility.visible(request.user, Nomination)),
        pk=pk,
    )
    content_types = {
        "pdf": "application/pdf",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    with item.file.open("rb") as handle:
        content = handle.read()
    return file_response(content, item.name, content_types[item.kind])


urlpatterns = [
    path("awards/nominations/", nomination_list, name="nomination_list"),
    path("awards/rounds/<id:pk>/nominate/", nomination_create, name="nomination_create"),
    path("awards/nominations/<id:pk>/", nomination_detail, name="nomination_detail"),
    path("awards/nominations/<id:pk>/edit/", nomination_edit, name="nomination_edit"),
    path("awards/nominations/<id:pk>/evidence/", nomination_evidence, name="nomination_evidence"),
    path("awards/nominations/<id:pk>/delete/", nomination_delete, name="nomination_delete"),
    path("awards/evidence/<id:pk>/", evidence_file, name="evidence_file"),
]
