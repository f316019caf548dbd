"""Reviewers: the union group leader forwards or returns, the approver (union chair, or
the principal for the chair's own forms) approves or returns, one by one or several at
once, and records results. Who may do what: registrations.permissions. After each
review the reviewer is taken to the next form waiting for them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, F, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation.models import Campaign
from schools import visibility
from schools.fields import is_id
from schools.models import Unit
from schools.services import ServiceError

from .. import notifications, permissions, review, services
from ..forms import ReviewActionForm
from ..models import InnovationField, InnovationRegistration, Status, TeacherGroup
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
    checks = [
        ("submit", permissions.may_submit),
        ("withdraw", permissions.may_withdraw),
        ("forward", permissions.may_forward),
        ("approve", permissions.may_approve),
        ("return", permissions.may_return),
        ("result", permissions.may_record_result),
        ("extend", permissions.may_extend_item),
    ]
    return [(name, ACTION_LABELS[name]) for name, check in checks if check(user, item)]


REVIEW_ACTIONS = {"forward", "return", "approve"}


def submitted_message(item):
    """Where a form just submitted went: to its group leader, or straight on."""
    if item.status == Status.FORWARDED:
        return _("Đã nộp; tổ không có tổ trưởng khác nên đăng ký chuyển thẳng lên %(who)s.") % {
            "who": permissions.approver_role_label(item)
        }
    return _("Đã nộp. Tổ trưởng công đoàn sẽ xem và chuyển lên.")


def _run_action(request, item):
    """Do the posted action; returns its name when done, else None (with a message)."""
    form = ReviewActionForm(request.POST)
    if not form.is_valid():
        comment_errors = form.errors.get("comment")
        messages.error(
            request, comment_errors[0] if comment_errors else _("Thao tác không hợp lệ.")
        )
        return None
    data = form.cleaned_data
    action, comment, version = data["action"], data["comment"] or "", data["version"]
    user = request.user
    try:
        if action == "submit":
            item = services.submit(user, item, expected_version=version)
            messages.success(request, submitted_message(item))
        elif action == "withdraw":
            services.withdraw(user, item, expected_version=version)
            messages.success(request, _("Đã rút lại; bạn có thể sửa và nộp lại."))
        elif action == "forward":
            review.forward(user, item, comment, expected_version=version)
            messages.success(
                request,
                _("Đã chuyển lên %(who)s.") % {"who": permissions.approver_role_label(item)},
            )
        elif action == "return":
            review.return_for_changes(user, item, comment, expected_version=version)
            messages.success(request, _("Đã trả lại kèm ý kiến."))
        elif action == "approve":
            review.approve(user, item, comment, expected_version=version)
            messages.success(request, _("Đã duyệt."))
        elif action == "result":
            if not data["result"] or not data["stage"]:
                raise ServiceError(_("Hãy chọn đợt đánh giá và kết quả."))
            review.record_result(user, item, data["stage"], data["result"], comment)
            messages.success(request, _("Đã ghi kết quả."))
        elif action == "extend":
            if not data["until"]:
                raise ServiceError(_("Hãy chọn ngày gia hạn (dd/mm/yyyy)."))
            target = {"person": item.person} if hasattr(item, "person") else {"group": item}
            review.extend_deadline(user, item.campaign, data["until"], **target)
            messages.success(
                request,
                _("Đã gia hạn đến %(date)s.") % {"date": data["until"].strftime("%d/%m/%Y")},
            )
    except ServiceError as error:
        messages.error(request, str(error))
        return None
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
        return None
    return action


def detail_url(item):
    name = "registration_detail" if isinstance(item, InnovationRegistration) else "group_detail"
    return reverse(name, args=[item.pk])


def _after(request, item, done):
    """After a review: the next form waiting for this reviewer, else the review list;
    after anything else (or a refusal), the form itself."""
    if done not in REVIEW_ACTIONS:
        return redirect(detail_url(item))
    following = permissions.next_waiting(request.user)
    if following is None:
        messages.info(request, _("Không còn đăng ký nào chờ bạn xem."))
        return redirect(f"{reverse('review_list')}?campaign={item.campaign_id}")
    messages.info(
        request,
        _("Tiếp theo: %(form)s (còn %(n)s đăng ký chờ bạn).")
        % {"form": notifications.describe(following), "n": permissions.waiting_count(request.user)},
    )
    return redirect(detail_url(following))


@login_required
@require_POST
def registration_action(request, pk):
    item = get_object_or_404(visible_registrations(request.user), pk=pk)
    return _after(request, item, _run_action(request, item))


@login_required
@require_POST
def group_action(request, pk):
    item = get_object_or_404(visible_groups(request.user), pk=pk)
    return _after(request, item, _run_action(request, item))


def reviewer_campaigns(user):
    """Campaigns of the schools where the user reviews (chair, principal, group leader)."""
    access = visibility.access_for(user)
    schools = [
        a.organization_id for a in access.assignments if a.role in permissions.REVIEWER_ROLES
    ]
    return (
        visibility.visible(user, Campaign)
        .filter(organization_id__in=schools)
        .select_related("school_year", "organization")
        .order_by("-school_year__start_date", "-pk")
    )


def _waiting_first(queryset, access, model):
    """Waiting for this user first (oldest submission first), then the others."""
    return queryset.annotate(
        is_waiting=Case(
            When(permissions.waiting_q(access, model), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-is_waiting", F("submitted_at").asc(nulls_last=True))


@login_required
def review_list(request):
    campaigns = list(reviewer_campaigns(request.user))
    if not campaigns:
        return render(request, "registrations/review_list.html", {"campaigns": []})
    campaign = next(
        (c for c in campaigns if str(c.pk) == request.GET.get("campaign")), campaigns[0]
    )
    access = visibility.access_for(request.user)
    items = (
        visible_registrations(request.user)
        .select_related(None)
        .select_related("person", "union_group")  # what the list shows
        .filter(campaign=campaign)
        .exclude(status=Status.DRAFT)
    )
    groups = (
        visible_groups(request.user)
        .select_related(None)
        .select_related("leader", "union_group")
        .filter(campaign=campaign)
        .exclude(status=Status.DRAFT)
    )
    filters = {k: request.GET.get(k, "") for k in ("group", "status", "field")}
    if is_id(filters["group"]):
        items = items.filter(union_group_id=filters["group"])
        groups = groups.filter(union_group_id=filters["group"])
    if filters["status"] in Status.values:
        items = items.filter(status=filters["status"])
        groups = groups.filter(status=filters["status"])
    if filters["field"] in InnovationField.values:
        # The list is stored as JSON text on every backend: match the quoted value.
        items = items.filter(fields__icontains=f'"{filters["field"]}"')
    items = _waiting_first(items, access, InnovationRegistration).order_by(
        "-is_waiting", F("submitted_at").asc(nulls_last=True), "person__sort_key", "pk"
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    teacher_groups = list(
        _waiting_first(groups, access, TeacherGroup).order_by(
            "-is_waiting", F("submitted_at").asc(nulls_last=True), "name", "pk"
        )
    )
    school = campaign.organization
    m1_waiting = permissions.waiting(request.user, InnovationRegistration).filter(campaign=campaign)
    m2_waiting = [g for g in teacher_groups if g.is_waiting]
    # Approvable in bulk: forwarded forms waiting for this user (the approver's turn).
    bulk = any(r.is_waiting and r.status == Status.FORWARDED for r in page) or any(
        g.status == Status.FORWARDED for g in m2_waiting
    )
    return render(
        request,
        "registrations/review_list.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "page": page,
            "filters": filters,
            "groups": Unit.objects.filter(organization=school, kind=Unit.Kind.UNION_GROUP).order_by(
                "name"
            ),
            "statuses": [s for s in Status.choices if s[0] != Status.DRAFT],
            "innovation_fields": InnovationField.choices,
            "waiting_count": m1_waiting.count() + len(m2_waiting),
            "bulk_approve": bulk,
            "can_download": permissions.may_read_school(access, school),
            "led_group": permissions.led_union_group(access, school),
            "teacher_groups": teacher_groups,
        },
    )


@login_required
@require_POST
def approve_selected(request):
    """Approve the ticked M1 (`selected`) and M2 (`selected_group`) together: all of
    them or, when one is refused, none."""
    m1_ids = [int(i) for i in request.POST.getlist("selected") if is_id(i)]
    m2_ids = [int(i) for i in request.POST.getlist("selected_group") if is_id(i)]
    items = [
        *visible_registrations(request.user).filter(pk__in=m1_ids),
        *visible_groups(request.user).filter(pk__in=m2_ids),
    ]
    if not items:
        messages.error(request, _("Hãy chọn ít nhất một đăng ký để duyệt."))
    else:
        try:
            done = review.approve_many(request.user, items)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã duyệt %(n)s đăng ký.") % {"n": len(done)})
    campaign = request.POST.get("campaign", "")
    url = request.POST.get("next") or ""
    if url.startswith("/registrations/review/"):
        return redirect(url)
    return redirect(f"{reverse('review_list')}?campaign={campaign if is_id(campaign) else ''}")
