"""Reviewers: the union group leader forwards or returns, the union chair approves or
returns (one by one or several at once) and records results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation.models import Campaign
from schools import visibility
from schools.fields import is_id
from schools.models import Role, Unit
from schools.services import ServiceError

from .. import services
from ..forms import ReviewActionForm
from ..models import InnovationField, Status
from .common import visible_groups, visible_registrations

ACTION_LABELS = {
    "submit": gettext_lazy("Nộp"),
    "withdraw": gettext_lazy("Rút lại để sửa"),
    "forward": gettext_lazy("Chuyển lên CTCĐ"),
    "return": gettext_lazy("Trả lại để sửa"),
    "approve": gettext_lazy("Duyệt"),
    "result": gettext_lazy("Ghi kết quả"),
    "extend": gettext_lazy("Gia hạn nộp"),
}


def allowed_actions(user, item):
    """The buttons a user sees on a registration (the services decide again)."""
    actions = []
    author = services._is_author(user, item)
    chair = services.is_chair_for(user, item)
    leader = services.is_group_leader_for(user, item)
    if author and item.status in (Status.DRAFT, Status.RETURNED):
        actions.append("submit")
    if author and item.status in (Status.SUBMITTED, Status.FORWARDED):
        actions.append("withdraw")
    if leader and item.status == Status.SUBMITTED:
        actions += ["forward", "return"]
    if chair and item.status in (Status.SUBMITTED, Status.FORWARDED):
        actions += [a for a in ["approve", "return"] if a not in actions]
    if chair and item.status == Status.APPROVED:
        actions.append("result")
    if chair and item.status in (Status.DRAFT, Status.RETURNED):
        actions.append("extend")
    return [(a, ACTION_LABELS[a]) for a in actions]


def _run_action(request, item):
    form = ReviewActionForm(request.POST)
    if not form.is_valid():
        comment_errors = form.errors.get("comment")
        messages.error(
            request, comment_errors[0] if comment_errors else _("Thao tác không hợp lệ.")
        )
        return
    data = form.cleaned_data
    action, comment, version = data["action"], data["comment"] or "", data["version"]
    user = request.user
    try:
        if action == "submit":
            services.submit(user, item, expected_version=version)
            messages.success(request, _("Đã nộp."))
        elif action == "withdraw":
            services.withdraw(user, item, expected_version=version)
            messages.success(request, _("Đã rút lại; bạn có thể sửa và nộp lại."))
        elif action == "forward":
            services.forward(user, item, comment, expected_version=version)
            messages.success(request, _("Đã chuyển lên chủ tịch công đoàn."))
        elif action == "return":
            services.return_for_changes(user, item, comment, expected_version=version)
            messages.success(request, _("Đã trả lại kèm ý kiến."))
        elif action == "approve":
            services.approve(user, item, comment, expected_version=version)
            messages.success(request, _("Đã duyệt."))
        elif action == "result":
            if not data["result"] or not data["stage"]:
                raise ServiceError(_("Hãy chọn đợt đánh giá và kết quả."))
            services.record_result(user, item, data["stage"], data["result"], comment)
            messages.success(request, _("Đã ghi kết quả."))
        elif action == "extend":
            if not data["until"]:
                raise ServiceError(_("Hãy chọn ngày gia hạn (dd/mm/yyyy)."))
            target = {"person": item.person} if hasattr(item, "person") else {"group": item}
            services.extend_deadline(user, item.campaign, data["until"], **target)
            messages.success(
                request,
                _("Đã gia hạn đến %(date)s.") % {"date": data["until"].strftime("%d/%m/%Y")},
            )
    except ServiceError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))


@login_required
@require_POST
def registration_action(request, pk):
    item = get_object_or_404(visible_registrations(request.user), pk=pk)
    _run_action(request, item)
    return redirect("registration_detail", pk=item.pk)


@login_required
@require_POST
def group_action(request, pk):
    item = get_object_or_404(visible_groups(request.user), pk=pk)
    _run_action(request, item)
    return redirect("group_detail", pk=item.pk)


def reviewer_campaigns(user):
    """Campaigns of the schools where the user reviews (chair, principal, group leader)."""
    access = visibility.access_for(user)
    schools = [
        a.organization_id
        for a in access.assignments
        if a.role
        in (Role.UNION_CHAIR, Role.UNION_GROUP_LEADER, Role.PRINCIPAL, Role.VICE_PRINCIPAL)
    ]
    return (
        visibility.visible(user, Campaign)
        .filter(organization_id__in=schools)
        .select_related("school_year", "organization")
        .order_by("-school_year__start_date", "-pk")
    )


@login_required
def review_list(request):
    campaigns = list(reviewer_campaigns(request.user))
    if not campaigns:
        return render(request, "registrations/review_list.html", {"campaigns": []})
    campaign = next(
        (c for c in campaigns if str(c.pk) == request.GET.get("campaign")), campaigns[0]
    )
    items = (
        visible_registrations(request.user)
        .select_related(None)
        .select_related("person", "union_group")  # what the list shows
        .filter(campaign=campaign)
        .exclude(status=Status.DRAFT)
    )
    filters = {k: request.GET.get(k, "") for k in ("group", "status", "field")}
    if is_id(filters["group"]):
        items = items.filter(union_group_id=filters["group"])
    if filters["status"] in Status.values:
        items = items.filter(status=filters["status"])
    if filters["field"] in InnovationField.values:
        # The list is stored as JSON text on every backend: match the quoted value.
        items = items.filter(fields__icontains=f'"{filters["field"]}"')
    page = Paginator(items.order_by("person__sort_key", "pk"), 50).get_page(request.GET.get("page"))
    access = visibility.access_for(request.user)
    return render(
        request,
        "registrations/review_list.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "page": page,
            "filters": filters,
            "groups": Unit.objects.filter(
                organization=campaign.organization, kind=Unit.Kind.UNION_GROUP
            ).order_by("name"),
            "statuses": [s for s in Status.choices if s[0] != Status.DRAFT],
            "innovation_fields": InnovationField.choices,
            "is_chair": access.is_admin
            or access.has_role(Role.UNION_CHAIR, organization=campaign.organization),
            "can_download": access.is_admin
            or any(
                access.has_role(role, organization=campaign.organization)
                for role in (Role.UNION_CHAIR, Role.PRINCIPAL, Role.VICE_PRINCIPAL)
            ),
            "led_group": next(
                (
                    a.unit
                    for a in access.assignments
                    if a.role == Role.UNION_GROUP_LEADER
                    and a.organization_id == campaign.organization_id
                ),
                None,
            ),
            "teacher_groups": visible_groups(request.user)
            .select_related(None)
            .select_related("leader")
            .filter(campaign=campaign)
            .exclude(status=Status.DRAFT)
            .order_by("name"),
        },
    )


@login_required
@require_POST
def approve_selected(request):
    ids = [int(i) for i in request.POST.getlist("selected") if is_id(i)]
    items = list(visible_registrations(request.user).filter(pk__in=ids))
    if not items:
        messages.error(request, _("Hãy chọn ít nhất một đăng ký để duyệt."))
    else:
        done, failed = services.approve_many(request.user, items)
        if done:
            messages.success(request, _("Đã duyệt %(n)s đăng ký.") % {"n": len(done)})
        for item, message in failed:
            messages.error(request, f"{item.person.full_name}: {message}")
    campaign = request.POST.get("campaign", "")
    url = request.POST.get("next") or ""
    if url.startswith("/registrations/review/"):
        return redirect(url)
    return redirect(f"/registrations/review/?campaign={campaign}")
