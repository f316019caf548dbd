"""Reviewers: the union group leader forwards or returns, the approver (union chair, or
the principal for the chair's own forms) approves or returns, one by one or several at
once, and records results. Who may do what: registrations.permissions. After each
review the reviewer is taken to the next form waiting for them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.fields import is_id
from common.generations.cache import kept_part, render_part
from emulation.models import Campaign
from schools import visibility
from schools.models import Unit
from schools.services import ServiceError

from .. import kept, permissions, review
from ..models import InnovationField, InnovationRegistration, Status, TeacherGroup
from .review_rows import Shown, review_rows


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


@login_required
def review_list(request):
    """The forms of a campaign for its reviewers, what waits for this one first. The
    list is kept across requests while the school's forms and the roles do not change
    (common/generations): a chair goes back to it after each review."""
    access = visibility.access_for(request.user)
    content = kept_part(
        request,
        "review_list",
        kept.school_forms(access),
        lambda: render_part(
            "registrations/_review_list_content.html", {"request": request, **_listed(request)}
        ),
    )
    return render(request, "registrations/review_list.html", {"content": content})


def _listed(request):
    """What the review list shows."""
    campaigns = visibility.kept_with_content(
        f"reviewer-campaigns:{request.user.pk}", lambda: list(reviewer_campaigns(request.user))
    )
    if not campaigns:
        return {"campaigns": []}
    campaign = next(
        (c for c in campaigns if str(c.pk) == request.GET.get("campaign")), campaigns[0]
    )
    access = visibility.access_for(request.user)
    filters = {k: request.GET.get(k, "") for k in ("group", "status", "field")}
    shown = Shown(
        campaign.pk,
        group=int(filters["group"]) if is_id(filters["group"]) else None,
        status=filters["status"] if filters["status"] in Status.values else "",
        field=filters["field"] if filters["field"] in InnovationField.values else "",
    )
    # what the list shows, who approves each form, what waits for this reviewer
    rows = review_rows(request.user, access, shown, request.GET.get("page"))
    page, teacher_groups = rows.page, rows.groups
    school = campaign.organization
    m2_waiting = [g for g in teacher_groups if g.is_waiting]
    # Approvable in bulk: forwarded forms waiting for this user (the approver's turn).
    bulk = any(r.is_waiting and r.status == Status.FORWARDED for r in page) or any(
        g.status == Status.FORWARDED for g in m2_waiting
    )
    return {
        "campaigns": campaigns,
        "campaign": campaign,
        "page": page,
        "filters": filters,
        "groups": visibility.kept_with_content(
            f"union-groups:{school.pk}",
            lambda: list(
                Unit.objects.filter(organization=school, kind=Unit.Kind.UNION_GROUP).order_by(
                    "name"
                )
            ),
        ),
        # the forwarded ones wait for the chair or, for her own, the principal
        "statuses": [
            (value, _("Tổ đã chuyển, chờ duyệt") if value == Status.FORWARDED else label)
            for value, label in Status.choices
            if value != Status.DRAFT
        ],
        "innovation_fields": InnovationField.choices,
        "waiting_count": rows.m1_waiting + len(m2_waiting),
        "bulk_approve": bulk,
        "can_download": permissions.may_read_school(access, school),
        "led_group": permissions.led_union_group(access, school),
        "teacher_groups": teacher_groups,
    }


def _ticked(request, name, model):
    """The ticked forms the user may see, their ids alone: the service locks and reads
    each again."""
    ids = [int(i) for i in request.POST.getlist(name) if is_id(i)]
    if not ids:
        return []
    return list(visibility.visible(request.user, model).filter(pk__in=ids).only("pk"))


@login_required
@require_POST
def approve_selected(request):
    """Approve the ticked M1 (`selected`) and M2 (`selected_group`) together: all of
    them or, when one is refused, none."""
    items = [
        *_ticked(request, "selected", InnovationRegistration),
        *_ticked(request, "selected_group", TeacherGroup),
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
