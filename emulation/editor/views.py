"""The document editor (Soạn văn bản): a draft's header, its body as text beside a live
preview, autosave, paste-a-whole-document, and publishing with the checks a signed paper
needs. One URL, one view and one form per action; state changes in emulation/editing.py
and emulation/services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools import visibility
from schools.models import Organization
from schools.services import ServiceError

from .. import editing, services
from ..documents import load_plan
from ..models import Plan
from ..pasted import body_text
from ..publishing import publish_problems
from ..visibility import issuer_kinds_written, writable_organization_ids
from .forms import NewPlanForm, PasteForm, PlanEditorForm, PublishForm


def _writable_organizations(user):
    ids = writable_organization_ids(visibility.access_for(user))
    return Organization.objects.filter(pk__in=ids).order_by("path")


def _editable_plan(request, pk):
    """A plan the user may edit (404 when not: another school's draft must not be known
    to exist), with its parts."""
    get_object_or_404(visibility.manageable(request.user, Plan), pk=pk)
    return load_plan(pk)


def _signature_text(plan):
    blocks = []
    for s in plan.signatures.all():
        lines = [s.authority_line, s.position, s.position_note, s.signer_name]
        blocks.append("\n".join(line for line in lines if line))
    return "\n\n".join(blocks)


def _initial(plan):
    return {
        "body": body_text(
            [b.text for b in plan.legal_bases.all()],
            [line for line in plan.preamble.splitlines() if line.strip()],
            list(plan.sections.all()),
            [line for line in plan.closing.splitlines() if line.strip()],
        ),
        "signature_text": _signature_text(plan),
        "recipient_text": "\n".join(r.text for r in plan.recipients.all()),
    }


def _kinds(request, plan):
    return issuer_kinds_written(visibility.access_for(request.user), plan.organization)


@login_required
def plan_new(request):
    organizations = _writable_organizations(request.user)
    access = visibility.access_for(request.user)
    kinds = sorted({k for org in organizations for k in issuer_kinds_written(access, org)})
    form = NewPlanForm(request.POST or None, organizations=organizations, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            plan = editing.create_draft(
                request.user,
                form.cleaned_data["organization"],
                form.cleaned_data["issuer_kind"],
                form.cleaned_data["title"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        except PermissionDenied:
            form.add_error("issuer_kind", _("Bạn không soạn văn bản của tổ chức này."))
        else:
            return redirect("plan_edit", pk=plan.pk)
    return render(request, "emulation/editor/new.html", {"form": form})


def _save(request, plan, form, action):
    return editing.save_draft(
        request.user,
        plan,
        {name: form.cleaned_data[name] for name in editing.HEADER_FIELDS},
        form.cleaned_data["body"],
        form.signatures(),
        form.recipients(),
        action=action,
    )


@login_required
def plan_edit(request, pk):
    plan = _editable_plan(request, pk)
    if plan.is_locked:
        messages.info(request, _("Kế hoạch đã ban hành: chỉ xem, không sửa được."))
        return redirect("plan_detail", pk=pk)
    form = PlanEditorForm(
        request.POST or None, instance=plan, initial=_initial(plan), kinds=_kinds(request, plan)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, plan, form, "edit")
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("plan_edit", pk=pk)
    return render(
        request,
        "emulation/editor/edit.html",
        {
            "plan": plan,
            "form": form,
            "paste_form": PasteForm(),
            "problems": publish_problems(plan),
            "preview_url": reverse("plan_detail", kwargs={"pk": pk}) + "?embed=1",
        },
    )


@login_required
@require_POST
def plan_autosave(request, pk):
    """The editor's autosave: the same form as saving, answered in JSON."""
    plan = _editable_plan(request, pk)
    form = PlanEditorForm(request.POST, instance=plan, kinds=_kinds(request, plan))
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors}, status=400)
    try:
        plan = _save(request, plan, form, "autosave")
    except ServiceError as error:
        return JsonResponse({"saved": False, "errors": {"__all__": [str(error)]}}, status=400)
    return JsonResponse(
        {"saved": True, "problems": publish_problems(load_plan(plan.pk))}, status=200
    )


@login_required
@require_POST
def plan_paste(request, pk):
    plan = _editable_plan(request, pk)
    form = PasteForm(request.POST)
    if form.is_valid():
        try:
            editing.paste_document(request.user, plan, form.cleaned_data["text"])
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã tách văn bản đã dán thành các phần; hãy xem lại."))
    else:
        messages.error(request, " ".join(form.errors["text"]))
    return redirect("plan_edit", pk=pk)


@login_required
def plan_publish(request, pk):
    plan = _editable_plan(request, pk)
    if plan.status != Plan.Status.DRAFT:
        messages.info(request, _("Kế hoạch này đã được công bố."))
        return redirect("plan_detail", pk=pk)
    initial = {"issue_date": plan.issue_date} if plan.issue_date else {}
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_plan(request.user, plan, form.cleaned_data["issue_date"])
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã công bố kế hoạch."))
            return redirect("plan_detail", pk=pk)
    return render(
        request,
        "emulation/editor/publish.html",
        {"plan": plan, "form": form, "problems": publish_problems(plan, check_date=False)},
    )
