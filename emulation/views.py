from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.http import file_response
from schools import visibility

from .documents import PlanDocument, load_plan
from .models import Plan
from .visibility import PUBLIC_STATUSES, writable_organization_ids

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _visible_plan(request, pk):
    get_object_or_404(visibility.visible(request.user, Plan), pk=pk)
    return load_plan(pk)


# Asked at each person's first home visit of the day (the box is kept for her): compiled
# once per shape of her rights (schools.visibility.VisibleQuery).
_newest_public_plans = visibility.VisibleQuery(
    Plan,
    lambda plans: (
        plans.filter(status__in=PUBLIC_STATUSES)
        .select_related("organization")
        .order_by("-issue_date", "-pk")[:5]
    ),
)


def plans_home_section(request, access):
    """Home page: the published plans of the user's organisations and those above."""
    plans = _newest_public_plans(request.user)
    return {
        "title": _("Kế hoạch thi đua đã ban hành"),
        "template": "emulation/home_plans.html",
        "plans": plans,
    }


def plans_home_shared_by(access):
    """The plans box shows what its reader sees of plans and nothing else of hers."""
    return visibility.rights_of(Plan, access)


@login_required
def plan_list(request):
    plans = visibility.visible(request.user, Plan).select_related("organization", "school_year")
    status = request.GET.get("status", "")
    if status in Plan.Status.values:
        plans = plans.filter(status=status)
    page = Paginator(plans.order_by("-issue_date", "-pk"), 30).get_page(request.GET.get("page"))
    shown = [plan.pk for plan in page]
    editable = set(
        visibility.manageable(request.user, Plan)
        .filter(pk__in=shown)
        .exclude(status=Plan.Status.ISSUED)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "emulation/plan_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Plan.Status.choices,
            "editable": editable,
            "can_write": bool(writable_organization_ids(visibility.access_for(request.user))),
        },
    )


@login_required
def plan_detail(request, pk):
    """The plan as it prints, on an A4 sheet, with download links; `?embed=1` is the
    editor's live preview, framed by the editor's own page (same origin only)."""
    document = PlanDocument(_visible_plan(request, pk))
    embedded = request.GET.get("embed") == "1"
    response = HttpResponse(
        document.html(
            preview=True,
            embedded=embedded,
            pdf_url=reverse("plan_pdf", kwargs={"pk": pk}),
            docx_url=reverse("plan_docx", kwargs={"pk": pk}),
            back_url=reverse("plan_list"),
        )
    )
    if embedded:
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_replace = {"frame-ancestors": ["'self'"]}
    return response


@login_required
def plan_pdf(request, pk):
    document = PlanDocument(_visible_plan(request, pk))
    return file_response(document.pdf(), document.filename("pdf"), PDF, inline=True)


@login_required
def plan_docx(request, pk):
    document = PlanDocument(_visible_plan(request, pk))
    return file_response(document.docx(), document.filename("docx"), DOCX)


@login_required
def plan_signed_scan(request, pk):
    plan = get_object_or_404(visibility.visible(request.user, Plan), pk=pk)
    if not plan.signed_scan:
        raise Http404(_("Kế hoạch chưa có bản ký."))
    return FileResponse(
        plan.signed_scan.open("rb"),
        as_attachment=True,
        filename=f"{plan.reference.replace('/', '-')}-ban-ky.pdf",
        content_type="application/pdf",
    )
