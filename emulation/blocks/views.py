"""Pages of the emulation blocks: the office's list and progress, one block's page with
everything its members do, the covenant as PDF and Word and the meeting calendar file."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.http import file_response
from schools import visibility
from schools.models import Organization, SchoolYear
from schools.services import ServiceError

from ..views import DOCX
from . import services
from .documents import CovenantDocument
from .forms import BlockForm
from .models import BlockMeeting, BlockReport, EmulationBlock, TargetValue
from .page import block_page
from .permissions import offices_of


def blocks_visible(user):
    return visibility.visible(user, EmulationBlock).select_related(
        "office", "school_year", "leader_school", "leading_school", "next_leader_school"
    )


@login_required
def block_list(request):
    """All blocks the user may see with their progress, in a fixed number of queries."""
    today = timezone.localdate()
    blocks = list(
        blocks_visible(request.user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            item_count=Count("target_items", distinct=True),
            confirmed=Count("confirmations", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            late_reports=Count(
                "reports",
                filter=Q(reports__submitted_at=None, reports__due_date__lt=today)
                | Q(reports__submitted_at__date__gt=F("reports__due_date")),
                distinct=True,
            ),
        )
        .order_by("-school_year__start_date", "name")
    )
    complete = {}  # block id -> schools that filled every item
    filled = (
        TargetValue.objects.filter(item__block__in=blocks)
        .values("item__block_id", "school_id")
        .annotate(n=Count("pk"))
    )
    items = {b.pk: b.item_count for b in blocks}
    for row in filled:
        if row["n"] >= items[row["item__block_id"]]:
            complete[row["item__block_id"]] = complete.get(row["item__block_id"], 0) + 1
    rows = [
        {
            "block": b,
            "members": b.member_count,
            "targets_missing": b.member_count - complete.get(b.pk, 0) if b.item_count else None,
            "confirmed": b.confirmed,
            "meetings": b.meeting_count,
            "late_reports": b.late_reports,
            "ranking_closed": b.ranking_closed_at is not None,
            "ranking_approved": b.ranking_approved_at is not None,
        }
        for b in blocks
    ]
    offices = offices_of(request.user)
    return render(
        request,
        "emulation/blocks/block_list.html",
        {"rows": rows, "offices": offices, "form": BlockForm(offices=offices) if offices else None},
    )


@login_required
@require_POST
def block_create(request, pk):
    office = get_object_or_404(visibility.visible(request.user, Organization), pk=pk)
    form = BlockForm(request.POST, offices=[office])
    if not form.is_valid():
        too_long = form.has_error("name", "max_length") and form.errors["name"][0]
        messages.error(request, too_long or _("Hãy nhập tên khối, chọn khối trưởng và các trường."))
        return redirect("block_list")
    try:
        block = services.create_block(
            request.user,
            office,
            SchoolYear.current(),
            form.cleaned_data["name"],
            form.cleaned_data["leader_school"],
            form.cleaned_data["schools"],
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("block_list")
    except PermissionDenied:
        messages.error(request, _("Chỉ chuyên viên Phòng/Sở tạo được khối thi đua."))
        return redirect("block_list")
    messages.success(request, _("Đã tạo %(name)s.") % {"name": block.name})
    return redirect("block_detail", pk=block.pk)


@login_required
def block_detail(request, pk):
    return render_block(request, get_object_or_404(blocks_visible(request.user), pk=pk))


def render_block(request, block, bound=None):
    """The block's page; `bound` holds the form of a refused action, shown with its
    errors in its panel instead of a blank one."""
    return render(
        request,
        "emulation/blocks/block_detail.html",
        block_page(request.user, block, bound or {}),
    )


def _report(request, pk):
    return get_object_or_404(
        BlockReport.objects.filter(block__in=blocks_visible(request.user)).select_related(
            "block", "school", "submitted_by"
        ),
        pk=pk,
    )


@login_required
def report_detail(request, pk):
    """A report as sent: read by the block's members and the office above it."""
    report = _report(request, pk)
    if report.submitted_at is None:
        raise Http404
    return render(request, "emulation/blocks/report_detail.html", {"report": report})


@login_required
def report_file(request, pk):
    report = _report(request, pk)
    if not report.attachment:
        raise Http404
    extension = ".pdf" if report.attachment_is_pdf else ".docx"
    content_type = "application/pdf" if report.attachment_is_pdf else DOCX
    with report.attachment.open("rb") as handle:
        return file_response(handle.read(), f"bao-cao-khoi-{report.pk}{extension}", content_type)


@login_required
def meeting_minutes_file(request, pk):
    meeting = get_object_or_404(
        BlockMeeting.objects.filter(block__in=blocks_visible(request.user)), pk=pk
    )
    if not meeting.minutes_file:
        raise Http404
    with meeting.minutes_file.open("rb") as handle:
        return file_response(
            handle.read(), f"bien-ban-hop-khoi-{meeting.pk}.pdf", "application/pdf"
        )


@login_required
def covenant_pdf(request, pk):
    block = get_object_or_404(blocks_visible(request.user), pk=pk)
    document = CovenantDocument(block)
    return file_response(document.pdf(), document.filename("pdf"), "application/pdf")


@login_required
def covenant_docx(request, pk):
    document = CovenantDocument(get_object_or_404(blocks_visible(request.user), pk=pk))
    return file_response(document.docx(), document.filename("docx"), DOCX)


def _ics_text(value):
    """RFC 5545 TEXT: escaped, and every line break (CRLF, CR or LF) as "\\n", so user
    text can never start a property of its own."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@login_required
def meeting_ics(request, pk):
    meeting = get_object_or_404(
        BlockMeeting.objects.filter(block__in=blocks_visible(request.user)).select_related("block"),
        pk=pk,
    )
    start = meeting.starts_at.astimezone(datetime.UTC)
    end = start + datetime.timedelta(hours=2)
    stamp = timezone.now().astimezone(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Thi dua Khen thuong//VI",
        "BEGIN:VEVENT",
        f"UID:block-meeting-{meeting.pk}@thidua",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{_ics_text(f'Họp {meeting.block.name} – {meeting.period_label}')}",
        f"LOCATION:{_ics_text(meeting.place)}",
        f"DESCRIPTION:{_ics_text(meeting.agenda or meeting.topic)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return file_response(
        "\r\n".join(lines) + "\r\n", f"hop-khoi-{meeting.pk}.ics", "text/calendar; charset=utf-8"
    )


# Asked at each person's first home visit of the day: compiled once per shape of her
# rights (schools.visibility.VisibleQuery). Only what the section shows: fewer joins.
_upcoming_meetings = visibility.VisibleQuery(
    EmulationBlock,
    lambda blocks, now: (
        BlockMeeting.objects.filter(block__in=blocks, starts_at__gte=now)
        .select_related("block")
        .order_by("starts_at")[:5]
    ),
)
_blocks_of_year = visibility.VisibleQuery(
    EmulationBlock,
    lambda blocks, year_id: blocks.select_related("school_year", "leader_school").filter(
        school_year=year_id
    )[:3],
)


def blocks_home_shared_by(access):
    """The blocks box shows what its reader sees of blocks in her school year."""
    rights = visibility.rights_of(EmulationBlock, access)
    year = access.school_year.pk if access.school_year else "current"
    return rights and f"{rights}:{year}"


def blocks_home_section(request, access):
    """Home page: upcoming meetings of the user's blocks."""
    meetings = _upcoming_meetings(request.user, timezone.now())
    blocks = _blocks_of_year(request.user, (access.school_year or SchoolYear.current()).pk)
    if not meetings and not blocks:
        return None
    return {
        "title": _("Khối thi đua"),
        "template": "emulation/blocks/home_section.html",
        "meetings": meetings,
        "blocks": blocks,
    }
