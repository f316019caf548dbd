"""Decisions (quyết định khen thưởng): the granting organisation's list, the draft
where it picks the awardees from the nominations it holds, and recording."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.text import clean_text
from schools import visibility

from ..action_forms import AwardeesForm, RecordDecisionForm
from ..models import Decision
from ..services import decisions as services
from ..services.common import manages
from .common import acting_organization, parse_int, run, run_form
from .nominations import visible_rounds


def visible_decisions(user):
    return visibility.visible(user, Decision).select_related("organization", "round")


@login_required
def decision_list(request):
    organization = acting_organization(request)
    return render(
        request,
        "awards/decisions/decision_list.html",
        {
            "organization": organization,
            "decisions": visible_decisions(request.user).order_by("-created_at")[:200],
            "rounds": visible_rounds(request.user).order_by("-deadline")[:50]
            if organization
            else [],
        },
    )


@login_required
@require_POST
def decision_create(request):
    organization = acting_organization(request)
    if organization is None:
        raise Http404
    raw = request.POST.get("round") or ""
    round = None
    if raw:
        round = visible_rounds(request.user).filter(pk=parse_int(raw)).first()
        if round is None:
            messages.error(request, _("Đợt đề nghị không hợp lệ."))
            return redirect("decision_list")
    created = []

    def call():
        subject = clean_text(request.POST.get("subject"), 300, _("Trích yếu"))
        fields = {"subject": subject} if subject else {}
        created.append(services.create_decision(request.user, organization, round, **fields))

    if run(request, call, _("Đã tạo dự thảo quyết định; hãy chọn người được khen thưởng.")):
        return redirect("decision_detail", pk=created[0].pk)
    return redirect("decision_list")


@login_required
def decision_detail(request, pk):
    decision = get_object_or_404(visible_decisions(request.user), pk=pk)
    is_manager = manages(request.user, decision.organization)
    candidates = []
    awardees = list(decision.awardees.all())
    if is_manager and not decision.is_recorded:
        chosen = {a.nomination_id for a in awardees}
        nominations = services.awardable(decision.organization).select_related(
            "person", "unit", "collective", "organization", "title", "award_form", "round"
        )
        if decision.round_id:
            nominations = nominations.filter(round=decision.round)
        candidates = [(n, n.pk in chosen) for n in nominations]
    return render(
        request,
        "awards/decisions/decision_detail.html",
        {
            "decision": decision,
            "awardees": awardees,
            "candidates": candidates,
            "is_manager": is_manager,
            "total": sum(a.amount for a in awardees),
            "events": decision.events.select_related("actor"),
            "batches": decision.certificate_batches.all()[:5],
            "record_form": RecordDecisionForm(
                initial={
                    "signer_authority": decision.signer_authority,
                    "signer_position": decision.signer_position,
                    "signer_name": decision.signer_name,
                }
            ),
        },
    )


@login_required
@require_POST
def decision_awardees(request, pk):
    decision = get_object_or_404(visible_decisions(request.user), pk=pk)
    run_form(
        request,
        AwardeesForm(request.POST, user=request.user),
        lambda data: services.set_awardees(request.user, decision, data["nominations"]),
        _("Đã lưu danh sách khen thưởng."),
    )
    return redirect("decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_record(request, pk):
    decision = get_object_or_404(visible_decisions(request.user), pk=pk)
    run_form(
        request,
        RecordDecisionForm(request.POST),
        lambda data: services.record_decision(request.user, decision, **data),
        _("Đã ban hành quyết định."),
    )
    return redirect("decision_detail", pk=decision.pk)


urlpatterns = [
    path("awards/decisions/", decision_list, name="decision_list"),
    path("awards/decisions/new/", decision_create, name="decision_create"),
    path("awards/decisions/<id:pk>/", decision_detail, name="decision_detail"),
    path("awards/decisions/<id:pk>/awardees/", decision_awardees, name="decision_awardees"),
    path("awards/decisions/<id:pk>/record/", decision_record, name="decision_record"),
]
