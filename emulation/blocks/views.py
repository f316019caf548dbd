"""Pages of the emulation blocks: the office's list and progress, one block's page with
everything its members do, the covenant as PDF and Word and the meeting calendar file."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from schools import visibility
from schools.fields import ModelIdsField, is_id
from schools.http import file_response
from schools.models import Organization, SchoolYear
from schools.services import ServiceError

from ..views import DOCX
from . import services
from .documents import CovenantDocument
from .models import (
    BlockMeeting,
    BlockReport,
    EmulationBlock,
    RankingCriterion,
    Score,
    TargetValue,
)


def _blocks(user):
    return visibility.visible(user, EmulationBlock).select_related(
        "office", "school_year", "leader_school", "leading_school", "next_leader_school"
    )


@login_required
def block_list(request):
    """All blocks the user may see with their progress, in a fixed number of queries."""
    today = timezone.localdate()
    blocks = list(
        _blocks(request.user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            item_count=Count("target_items", distinct=True),
            confirmed=Count("confirmations", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            late_reports=Count(
                "reports",
                filter=Q(reports__submitted_at=None, reports__due_date__lt=today),
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
        }
        for b in blocks
    ]
    offices = [
        a.organization
        for a in visibility.access_for(request.user).assignments
        if a.role in services.OFFICE_ROLES
    ]
    return render(
        request,
        "emulation/blocks/block_list.html",
        {"rows": rows, "offices": offices, "form": BlockForm(offices=offices) if offices else None},
    )


class BlockForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên khối"),
        max_length=150,
        error_messages={
            "max_length": gettext_lazy(
                "Tên khối tối đa %(limit_value)d ký tự; tên đã nhập có %(show_value)d ký tự."
            )
        },
    )
    leader_school = forms.ModelChoiceField(
        label=gettext_lazy("Trường khối trưởng"), queryset=Organization.objects.none()
    )
    schools = ModelIdsField(
        label=gettext_lazy("Các trường thành viên"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        schools = Organization.objects.none()
        for office in offices:
            schools = schools | office.schools()
        schools = schools.order_by("name")
        self.fields["leader_school"].queryset = schools
        self.fields["schools"].queryset = schools


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
    block = get_object_or_404(_blocks(request.user), pk=pk)
    user = request.user
    my_school = services.member_school_of(user, block)
    is_leader = services.is_leader(user, block)
    items = list(block.target_items.all())
    members = [
        m.school for m in block.memberships.select_related("school").order_by("school__name")
    ]
    values = {
        (v.item_id, v.school_id): v.value
        for v in services.TargetValue.objects.filter(item__block=block)
    }
    confirmations = {c.school_id: c for c in block.confirmations.all()}
    criteria = list(block.criteria.all())
    scores = {
        (s.criterion_id, s.school_id, s.kind, s.scorer_school_id): s
        for s in Score.objects.filter(criterion__block=block)
    }
    today = timezone.localdate()
    return render(
        request,
        "emulation/blocks/block_detail.html",
        {
            # not "block": inside {% block %} tags that name is the template block
            "eblock": block,
            "is_leader": is_leader,
            "is_office": services.is_office_staff(user, block),
            "my_school": my_school,
            "items": items,
            "target_rows": [
                {
                    "school": s,
                    "values": [values.get((i.pk, s.pk), "") for i in items],
                    "confirmation": confirmations.get(s.pk),
                }
                for s in members
            ],
            "my_values": [(i, values.get((i.pk, my_school.pk), "")) for i in items]
            if my_school
            else [],
            "missing_targets": services.missing_targets(block) if items else [],
            "members": members,
            "meetings": block.meetings.select_related("host_school"),
            "reports": [
                {"report": r, "late": r.is_late(today)}
                for r in block.reports.select_related("school")
            ],
            "report_kinds": BlockReport.Kind.choices,
            "criteria": criteria,
            "score_forms": score_forms(block, members, criteria, scores, my_school, is_leader),
            "confirmed_count": len(confirmations),
            "ranking": services.ranking(block) if criteria else [],
            "votes": block.votes.select_related("voter_school", "candidate"),
            "my_vote": block.votes.filter(voter_school=my_school).first() if my_school else None,
            "today": today,
        },
    )


def score_forms(block, members, criteria, scores, my_school, is_leader):
    """The scoring forms this user fills: self-scoring of their school, then the leader's
    score of every member, or (peer scoring) their score of every other member."""
    forms_ = []

    def form(school, kind, label, scorer=None):
        cells = [(c, scores.get((c.pk, school.pk, kind, scorer))) for c in criteria]
        forms_.append({"school": school, "kind": kind, "label": label, "cells": cells})

    if not criteria or block.ranking_closed_at:
        return forms_
    if my_school:
        form(my_school, Score.Kind.SELF, _("tự chấm"))
    if block.peer_scoring and my_school:
        for school in members:
            if school.pk != my_school.pk:
                form(
                    school, Score.Kind.PEER, _("trường %(s)s chấm") % {"s": my_school}, my_school.pk
                )
    elif is_leader and not block.peer_scoring:
        for school in members:
            form(school, Score.Kind.LEADER, _("khối trưởng chấm"))
    return forms_


def _int(value):
    """A posted id as an int; anything else matches nothing (0)."""
    return int(value) if is_id(value or "") else 0


def _date(value):
    """dd/mm/yyyy or empty -> date or None; anything else raises ValueError."""
    value = (value or "").strip()
    return datetime.datetime.strptime(value, "%d/%m/%Y").date() if value else None


def _lines(text, sep="|"):
    for line in (text or "").splitlines():
        if line.strip():
            left, _sep, right = line.partition(sep)
            yield left.strip(), right.strip()


@login_required
@require_POST
def block_action(request, pk):
    block = get_object_or_404(_blocks(request.user), pk=pk)
    action = request.POST.get("action", "")
    user, post = request.user, request.POST
    try:
        if action == "set_targets":
            deadlines = _date(post.get("targets_deadline")), _date(post.get("covenant_deadline"))
            services.set_deadlines(user, block, *deadlines)  # dates parsed before any change
            services.set_target_items(user, block, list(_lines(post.get("items"))))
            messages.success(request, _("Đã lưu danh mục chỉ tiêu."))
        elif action == "fill_targets":
            school = services.member_school_of(user, block)
            if school is None:
                raise PermissionDenied
            services.fill_targets(
                user,
                block,
                school,
                {
                    key[len("item-") :]: value
                    for key, value in post.items()
                    if key.startswith("item-")
                },
            )
            messages.success(request, _("Đã lưu chỉ tiêu của trường."))
        elif action == "confirm_covenant":
            school = services.member_school_of(user, block)
            if school is None:
                raise PermissionDenied
            services.confirm_covenant(user, block, school)
            messages.success(request, _("Đã xác nhận giao ước thi đua."))
        elif action == "schedule_meeting":
            starts = datetime.datetime.strptime(post.get("starts_at", ""), "%d/%m/%Y %H:%M")
            services.schedule_meeting(
                user,
                block,
                period_label=post.get("period_label", "").strip(),
                starts_at=timezone.make_aware(starts),
                place=post.get("place", "").strip(),
                host_school=Organization.objects.filter(pk=_int(post.get("host_school"))).first(),
                agenda=post.get("agenda", ""),
                topic=post.get("topic", ""),
            )
            messages.success(request, _("Đã lên lịch họp khối."))
        elif action == "minutes":
            meeting = get_object_or_404(BlockMeeting, pk=_int(post.get("meeting")), block=block)
            services.record_minutes(
                user, meeting, post.get("minutes", ""), request.FILES.get("minutes_file")
            )
            messages.success(request, _("Đã lưu biên bản."))
        elif action == "report_deadline":
            due = datetime.datetime.strptime(post.get("due_date", ""), "%d/%m/%Y").date()
            kind = post.get("kind", "")
            if kind not in BlockReport.Kind.values:
                raise ServiceError(_("Hãy chọn loại báo cáo."))
            services.create_report_deadlines(user, block, kind, due)
            messages.success(request, _("Đã đặt hạn nộp báo cáo."))
        elif action == "submit_report":
            report = get_object_or_404(BlockReport, pk=_int(post.get("report")), block=block)
            services.submit_report(user, report, post.get("content", ""))
            messages.success(request, _("Đã nộp báo cáo."))
        elif action == "set_criteria":
            criteria = []
            for name, points in _lines(post.get("criteria")):
                if not (points.isascii() and points.isdigit()):
                    raise ServiceError(
                        _("Điểm tối đa của “%(name)s” phải là số nguyên.") % {"name": name}
                    )
                criteria.append((name, points))
            services.set_criteria(
                user, block, criteria, peer_scoring=post.get("peer_scoring") == "on"
            )
            messages.success(request, _("Đã lưu tiêu chí chấm điểm."))
        elif action == "score":
            kind = post.get("kind", "")
            school = get_object_or_404(Organization, pk=_int(post.get("school")))
            count = 0
            for criterion in RankingCriterion.objects.filter(block=block):
                value = post.get(f"points-{criterion.pk}", "").strip()
                if value:
                    services.score(
                        user,
                        block,
                        school,
                        criterion,
                        value,
                        kind,
                        post.get(f"evidence-{criterion.pk}", ""),
                    )
                    count += 1
            messages.success(request, _("Đã lưu %(n)s điểm.") % {"n": count})
        elif action == "close_ranking":
            block = services.close_ranking(user, block)
            messages.success(
                request, _("Đã chốt xếp hạng; đơn vị dẫn đầu: %(s)s.") % {"s": block.leading_school}
            )
        elif action == "vote":
            candidate = get_object_or_404(Organization, pk=_int(post.get("candidate")))
            services.cast_vote(user, block, candidate)
            messages.success(request, _("Đã ghi phiếu bầu."))
        elif action == "close_vote":
            block = services.close_vote(user, block)
            messages.success(
                request, _("Khối trưởng năm học sau: %(s)s.") % {"s": block.next_leader_school}
            )
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except ValueError:
        messages.error(request, _("Ngày giờ không hợp lệ; hãy nhập theo dạng dd/mm/yyyy (hh:mm)."))
    except ServiceError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))
    return redirect("block_detail", pk=block.pk)


@login_required
def meeting_minutes_file(request, pk):
    meeting = get_object_or_404(BlockMeeting.objects.filter(block__in=_blocks(request.user)), pk=pk)
    if not meeting.minutes_file:
        raise Http404
    with meeting.minutes_file.open("rb") as handle:
        return file_response(
            handle.read(), f"bien-ban-hop-khoi-{meeting.pk}.pdf", "application/pdf"
        )


@login_required
def covenant_pdf(request, pk):
    block = get_object_or_404(_blocks(request.user), pk=pk)
    document = CovenantDocument(block)
    return file_response(document.pdf(), document.filename("pdf"), "application/pdf")


@login_required
def covenant_docx(request, pk):
    document = CovenantDocument(get_object_or_404(_blocks(request.user), pk=pk))
    return file_response(document.docx(), document.filename("docx"), DOCX)


def _ics_text(value):
    """RFC 5545 TEXT: escaped, and every line break (CRLF, CR or LF) as "\\n", so user
    text can never start a property of its own."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@login_required
def meeting_ics(request, pk):
    meeting = get_object_or_404(
        BlockMeeting.objects.filter(block__in=_blocks(request.user)).select_related("block"),
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


def blocks_home_section(request, access):
    """Home page: upcoming meetings of the user's blocks."""
    now = timezone.now()
    # Only what the section shows: fewer joins to plan on every home page.
    meetings = list(
        BlockMeeting.objects.filter(block__in=_blocks(request.user), starts_at__gte=now)
        .select_related("block")
        .order_by("starts_at")[:5]
    )
    blocks = list(
        _blocks(request.user)
        .select_related(None)
        .select_related("school_year", "leader_school")
        .filter(school_year=access.school_year or SchoolYear.current())[:3]
    )
    if not meetings and not blocks:
        return None
    return {
        "title": _("Khối thi đua"),
        "template": "emulation/blocks/home_section.html",
        "meetings": meetings,
        "blocks": blocks,
    }
