"""The recipient's review of a proposal: what it reads about each nomination (the rules'
verdict, the evidence, the achievements), one answer at a time, the chosen ones or all
pending ones accepted at once, and after each the next nomination waiting (in this
proposal, else in the next proposal sent to the same office)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..action_forms import AcceptAllForm, AcceptItemsForm, ReviewItemForm
from ..services import proposals as services
from .common import run_form
from .proposals import visible_proposals


def _proposal(request, pk):
    return get_object_or_404(visible_proposals(request.user), pk=pk)


def _at_item(proposal, item_pk):
    url = reverse("proposal_detail", args=[proposal.pk])
    return redirect(f"{url}#item-{item_pk}" if item_pk else url)


def _next_waiting(request, proposal, after=None):
    """After an answer: the next nomination pending in this proposal, else the next
    proposal sent to the same office with one pending (saying so), else the list."""
    pending = services.next_pending_item(proposal, after)
    if pending:
        return _at_item(proposal, pending)
    following = services.next_waiting_proposal(visible_proposals(request.user), proposal)
    if following is not None:
        messages.info(
            request,
            _(
                "Tờ trình này đã xét xong. Tiếp theo là tờ trình %(ref)s của %(org)s, "
                "còn đề nghị chờ xét."
            )
            % {"ref": following.reference, "org": following.organization.name},
        )
        return _at_item(following, services.next_pending_item(following))
    messages.info(
        request,
        _("Tờ trình này đã xét xong; không còn tờ trình nào gửi %(office)s đang chờ xét.")
        % {"office": proposal.recipient.name},
    )
    return redirect("proposal_list")


@login_required
@require_POST
def proposal_review(request, pk, item_pk):
    proposal = _proposal(request, pk)
    item = get_object_or_404(proposal.items.select_related("proposal"), pk=item_pk)
    done = run_form(
        request,
        ReviewItemForm(request.POST),
        lambda data: services.review_item(request.user, item, data["outcome"], data["comment"]),
        _("Đã ghi kết quả xét."),
    )
    return _next_waiting(request, proposal, after=item) if done else _at_item(proposal, item.pk)


@login_required
@require_POST
def proposal_accept_items(request, pk):
    proposal = _proposal(request, pk)
    form = AcceptItemsForm(request.POST, proposal=proposal)
    chosen = len(request.POST.getlist("items"))
    done = run_form(
        request,
        form,
        lambda data: services.accept_items(request.user, proposal, data["items"]),
        _("Đã chấp nhận %(n)s đề nghị đã chọn.") % {"n": chosen},
    )
    return _next_waiting(request, proposal) if done else _at_item(proposal, None)


@login_required
@require_POST
def proposal_accept_all(request, pk):
    proposal = _proposal(request, pk)
    done = run_form(
        request,
        AcceptAllForm(request.POST),
        lambda data: services.accept_all(request.user, proposal),
        _("Đã chấp nhận tất cả đề nghị còn chờ xét."),
    )
    return _next_waiting(request, proposal) if done else _at_item(proposal, None)


urlpatterns = [
    path(
        "awards/proposals/<id:pk>/items/<id:item_pk>/review/",
        proposal_review,
        name="proposal_review",
    ),
    path(
        "awards/proposals/<id:pk>/accept-chosen/",
        proposal_accept_items,
        name="proposal_accept_items",
    ),
    path("awards/proposals/<id:pk>/accept-all/", proposal_accept_all, name="proposal_accept_all"),
]
