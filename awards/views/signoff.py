"""The signer and Nơi nhận of a tờ trình (and its danh sách) and of a quyết định, set on
the document's page while it is a draft (awards/services/signoff.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..forms import SignoffForm
from ..services import signoff as services
from ..services.common import ServiceError, manages
from .decisions import visible_decisions
from .proposals import visible_proposals


def _signoff(request, document, save, back, heading, default_recipients):
    if not manages(request.user, document.organization):
        raise Http404  # those who see it but do not sign for it: as for other managers' pages
    form = SignoffForm(request.POST or None, initial=SignoffForm.initial_of(document))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save(
                request.user,
                document,
                data["signer_authority"].strip(),
                data["signer_position"].strip(),
                data["signer_name"].strip(),
                data["recipients"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu người ký và nơi nhận."))
            return redirect(back)
    return render(
        request,
        "awards/signoff_form.html",
        {
            "form": form,
            "document": document,
            "heading": heading,
            "back": back,
            "default_recipients": default_recipients,
        },
    )


@login_required
def proposal_signoff(request, pk):
    proposal = get_object_or_404(visible_proposals(request.user), pk=pk)
    return _signoff(
        request,
        proposal,
        services.set_proposal_signoff,
        reverse("proposal_detail", kwargs={"pk": pk}),
        _("Người ký, nơi nhận của tờ trình"),
        "Như trên; Lưu: VT",
    )


@login_required
def decision_signoff(request, pk):
    decision = get_object_or_404(visible_decisions(request.user), pk=pk)
    return _signoff(
        request,
        decision,
        services.set_decision_signoff,
        reverse("decision_detail", kwargs={"pk": pk}),
        _("Người ký, nơi nhận của quyết định"),
        "Như Điều 3; Lưu: VT, TĐKT",
    )


urlpatterns = [
    path("awards/proposals/<id:pk>/signoff/", proposal_signoff, name="proposal_signoff"),
    path("awards/decisions/<id:pk>/signoff/", decision_signoff, name="decision_signoff"),
]
