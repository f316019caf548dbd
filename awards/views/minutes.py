"""The minutes of a council's sitting: what the secretary adds to the vote (place, times,
written opinions of absent members) and the minutes as PDF and Word."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from common.http import file_response
from emulation.views import DOCX
from schools import visibility

from ..forms import MinutesForm, WrittenOpinionForm
from ..minutes_documents import MinutesDocument
from ..models import BallotReceipt, Minutes, Vote
from ..services import minutes as services
from ..services.common import manages
from .common import run_on_form


def _vote(request, pk, manage=False):
    vote = get_object_or_404(
        visibility.visible(request.user, Vote).select_related(
            "council__school", "council__chair", "minutes__secretary"
        ),
        pk=pk,
    )
    if manage and not manages(request.user, vote.council.school):
        raise Http404  # the school's managers keep the minutes
    return vote


@login_required
def minutes_edit(request, pk):
    vote = _vote(request, pk, manage=True)
    current = Minutes.objects.filter(vote=vote).first()
    initial = {"place": vote.council.school.name}
    if current is not None:
        initial = {
            "place": current.place,
            "started_at": current.started_at,
            "ended_at": current.ended_at,
            "secretary": current.secretary_id,
            "other_opinions": current.other_opinions,
        }
    members = vote.council.members.order_by("sort_key")
    form = MinutesForm(
        request.POST if request.method == "POST" else None, initial=initial, members=members
    )
    saved = (
        request.method == "POST"
        and form.is_valid()
        and run_on_form(request, form, services.save_minutes, vote, form.cleaned_data)
    )
    if saved:
        messages.success(request, _("Đã lưu biên bản."))
        return redirect("vote_detail", pk=vote.pk)
    return render(request, "awards/council/minutes_form.html", {"vote": vote, "form": form})


@login_required
def written_opinion(request, pk):
    vote = _vote(request, pk, manage=True)
    if not vote.is_open:
        messages.error(request, _("Cuộc bình xét đã kết thúc, không ghi thêm ý kiến."))
        return redirect("vote_detail", pk=vote.pk)
    voted = BallotReceipt.objects.filter(vote=vote).values("member_id")
    form = WrittenOpinionForm(
        request.POST if request.method == "POST" else None,
        members=vote.council.members.exclude(pk__in=voted).order_by("sort_key"),
        candidates=vote.candidates.select_related("title", "person", "unit", "collective"),
    )
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        if run_on_form(
            request, form, services.record_written_opinion, vote, member, form.answers()
        ):
            messages.success(
                request,
                _("Đã ghi ý kiến bằng văn bản của %(name)s.") % {"name": member.full_name},
            )
            return redirect("vote_detail", pk=vote.pk)
    return render(request, "awards/council/written_opinion_form.html", {"vote": vote, "form": form})


@login_required
def minutes_pdf(request, pk):
    document = MinutesDocument(_vote(request, pk))
    return file_response(document.pdf(), document.filename("pdf"), "application/pdf")


@login_required
def minutes_docx(request, pk):
    document = MinutesDocument(_vote(request, pk))
    return file_response(document.docx(), document.filename("docx"), DOCX)


urlpatterns = [
    path("awards/votes/<id:pk>/minutes/", minutes_edit, name="minutes_edit"),
    path("awards/votes/<id:pk>/written-opinion/", written_opinion, name="written_opinion"),
    path("awards/votes/<id:pk>/minutes.pdf", minutes_pdf, name="minutes_pdf"),
    path("awards/votes/<id:pk>/minutes.docx", minutes_docx, name="minutes_docx"),
]
