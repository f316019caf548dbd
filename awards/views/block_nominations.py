"""The block leader's proposal of the block's leading unit (khối trưởng đề nghị đơn vị
dẫn đầu khối) for a title or the Cờ thi đua, sent to the office in the leader school's
tờ trình."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from emulation.blocks.permissions import is_leader
from emulation.blocks.ranking import ranking
from emulation.models import EmulationBlock
from schools import visibility

from ..forms import BlockNominationForm
from ..models import Round
from ..services import block_nominations as services
from ..services.common import ServiceError
from .nominations import open_rounds_for


def _summary(block):
    rows = ranking(block)
    first = next((r for r in rows if r[0].pk == block.leading_school_id), None)
    points = f"{first[2]:g}" if first and first[2] is not None else "…"
    return _(
        "Đơn vị dẫn đầu %(block)s năm học %(year)s: xếp thứ nhất trong %(n)s đơn vị của "
        "khối, tổng điểm %(points)s."
    ) % {"block": block.name, "year": block.school_year.name, "n": len(rows), "points": points}


@login_required
def block_nomination_create(request, pk):
    block = get_object_or_404(
        visibility.visible(request.user, EmulationBlock).select_related(
            "leader_school", "leading_school", "school_year"
        ),
        pk=pk,
    )
    if not is_leader(request.user, block) or block.ranking_approved_at is None:
        raise Http404  # the block leader proposes, once the office approved the ranking
    open_ids = [r.pk for r in open_rounds_for(request.user, block.leader_school)]
    rounds = Round.objects.filter(pk__in=open_ids).select_related("campaign__organization")
    form = BlockNominationForm(
        request.POST if request.method == "POST" else None,
        rounds=rounds.order_by("deadline"),
        initial={"achievements": _summary(block)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.propose_leading_unit(
                request.user, block, data["round"], data["title"], data["achievements"]
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                _("Đã lập đề nghị cho %(school)s; hãy đưa vào tờ trình gửi Phòng.")
                % {"school": block.leading_school.name},
            )
            return redirect("nomination_detail", pk=nomination.pk)
    return render(
        request,
        "awards/block_nomination_form.html",
        {"eblock": block, "form": form, "no_rounds": not open_ids},
    )


urlpatterns = [
    path(
        "awards/blocks/<id:pk>/propose/",
        block_nomination_create,
        name="block_nomination_create",
    ),
]
