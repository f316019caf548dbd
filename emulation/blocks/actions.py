"""One URL, one view and one form per action on an emulation block. Each view reads its
form, calls one service and goes back to the block's panel; bad input shows the block's
page again with the errors at the fields and what was typed kept; a refusal of the
service is said as a message, and at its field when it names one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools.services import ServiceError

from . import forms, ranking, services
from .models import BlockMeeting, BlockReport
from .permissions import member_school_of
from .views import blocks_visible, render_block


def _back(block, panel):
    return redirect(f"{reverse('block_detail', args=[block.pk])}#{panel}")


def _perform(request, block, form, call, success, panel, key=None):
    """Validate, call the service, report: the one way every block action answers. A
    refusal is said as a message (the form it concerns may no longer be on the page,
    e.g. a report sent meanwhile from another tab), and at its field when it names one."""
    if not form.is_valid():
        messages.error(request, _("Chưa lưu được; hãy xem lỗi ở ô nhập."))
        return render_block(request, block, bound={key or panel: form})
    try:
        result = call(form.cleaned_data)
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))
        return _back(block, panel)
    except ServiceError as error:
        messages.error(request, str(error))
        if not form.fields:
            return _back(block, panel)
        if error.field in form.fields:
            form.add_error(error.field, str(error))
        return render_block(request, block, bound={key or panel: form})
    messages.success(request, success(result) if callable(success) else success)
    return _back(block, panel)


def _block(request, pk):
    return get_object_or_404(blocks_visible(request.user), pk=pk)


def _post(request, form_class, block, **kwargs):
    return form_class(request.POST, request.FILES, block=block, **kwargs)


# -- targets and covenant ------------------------------------------------------------------


@login_required
@require_POST
def set_deadlines(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.DeadlinesForm, block),
        lambda data: services.set_deadlines(request.user, block, **data),
        _("Đã lưu các hạn của khối."),
        "deadlines",
    )


@login_required
@require_POST
def set_target_items(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.TargetItemsForm, block),
        lambda data: services.set_target_items(request.user, block, data["items"]),
        _("Đã lưu danh mục chỉ tiêu."),
        "targets",
        "items",
    )


@login_required
@require_POST
def fill_targets(request, pk):
    block = _block(request, pk)
    form = _post(request, forms.FillTargetsForm, block, items=list(block.target_items.all()))

    def call(_data):
        school = member_school_of(request.user, block)
        if school is None:
            raise PermissionDenied
        services.fill_targets(request.user, block, school, form.values())

    return _perform(request, block, form, call, _("Đã lưu chỉ tiêu của trường."), "targets", "fill")


@login_required
@require_POST
def confirm_covenant(request, pk):
    block = _block(request, pk)

    def call(_data):
        school = member_school_of(request.user, block)
        if school is None:
            raise PermissionDenied
        services.confirm_covenant(request.user, block, school)

    return _perform(
        request,
        block,
        _post(request, forms.EmptyForm, block),
        call,
        _("Đã xác nhận giao ước thi đua."),
        "targets",
    )


# -- meetings and reports ------------------------------------------------------------------


@login_required
@require_POST
def schedule_meeting(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.MeetingForm, block),
        lambda data: services.schedule_meeting(request.user, block, **data),
        _("Đã lên lịch họp khối."),
        "meetings",
        "meeting",
    )


@login_required
@require_POST
def record_minutes(request, pk):
    meeting = get_object_or_404(
        BlockMeeting.objects.filter(block__in=blocks_visible(request.user)), pk=pk
    )
    block = meeting.block
    form = forms.MinutesForm(
        request.POST, request.FILES, block=block, auto_id=f"minutes-{meeting.pk}-%s"
    )
    return _perform(
        request,
        block,
        form,
        lambda data: services.record_minutes(
            request.user, meeting, data["minutes"], data["minutes_file"]
        ),
        _("Đã lưu biên bản."),
        "meetings",
        f"minutes-{meeting.pk}",
    )


@login_required
@require_POST
def set_report_deadline(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.ReportDeadlineForm, block),
        lambda data: services.create_report_deadlines(
            request.user, block, data["kind"], data["due_date"]
        ),
        _("Đã đặt hạn nộp báo cáo."),
        "reports",
        "report_deadline",
    )


@login_required
@require_POST
def submit_report(request, pk):
    report = get_object_or_404(
        BlockReport.objects.filter(block__in=blocks_visible(request.user)), pk=pk
    )
    form = forms.SubmitReportForm(
        request.POST, request.FILES, block=report.block, auto_id=f"report-{report.pk}-%s"
    )
    return _perform(
        request,
        report.block,
        form,
        lambda data: services.submit_report(
            request.user, report, data["content"], data["attachment"]
        ),
        lambda sent: (
            _("Đã nộp báo cáo; nộp muộn %(n)s ngày so với hạn.") % {"n": sent.days_late}
            if sent.was_late
            else _("Đã nộp báo cáo.")
        ),
        "reports",
        f"report-{report.pk}",
    )


# -- ranking and vote ----------------------------------------------------------------------


@login_required
@require_POST
def set_criteria(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.CriteriaForm, block),
        lambda data: ranking.set_criteria(
            request.user, block, data["criteria"], peer_scoring=data["peer_scoring"]
        ),
        _("Đã lưu tiêu chí chấm điểm."),
        "ranking",
        "criteria",
    )


@login_required
@require_POST
def score(request, pk):
    block = _block(request, pk)
    form = _post(request, forms.ScoreForm, block, criteria=list(block.criteria.all()))
    return _perform(
        request,
        block,
        form,
        lambda data: ranking.score_school(
            request.user, block, data["school"], data["kind"], form.points(), form.evidence()
        ),
        lambda n: _("Đã lưu %(n)s điểm.") % {"n": n},
        "ranking",
        "score",
    )


@login_required
@require_POST
def close_ranking(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.EmptyForm, block),
        lambda data: ranking.close_ranking(request.user, block),
        lambda b: (
            _("Đã chốt xếp hạng; đơn vị dẫn đầu đề xuất: %(s)s. Chờ Phòng duyệt.")
            % {"s": b.leading_school}
        ),
        "ranking",
    )


@login_required
@require_POST
def reopen_ranking(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.ReasonForm, block, auto_id="reopen-ranking-%s"),
        lambda data: ranking.reopen_ranking(request.user, block, data["reason"]),
        _("Đã mở lại xếp hạng; khối trưởng được báo."),
        "ranking",
        "reopen_ranking",
    )


@login_required
@require_POST
def approve_ranking(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.ApproveRankingForm, block),
        lambda data: ranking.approve_ranking(
            request.user, block, data["leading_school"], data["note"]
        ),
        lambda b: _("Đã duyệt xếp hạng; đơn vị dẫn đầu: %(s)s.") % {"s": b.leading_school},
        "ranking",
        "approve",
    )


@login_required
@require_POST
def cast_vote(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.VoteForm, block),
        lambda data: ranking.cast_vote(request.user, block, data["candidate"]),
        _("Đã ghi phiếu bầu."),
        "vote",
    )


@login_required
@require_POST
def close_vote(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.EmptyForm, block),
        lambda data: ranking.close_vote(request.user, block),
        lambda b: _("Khối trưởng năm học sau: %(s)s.") % {"s": b.next_leader_school},
        "vote",
    )


@login_required
@require_POST
def reopen_vote(request, pk):
    block = _block(request, pk)
    return _perform(
        request,
        block,
        _post(request, forms.ReopenVoteForm, block, auto_id="reopen-vote-%s"),
        lambda data: ranking.reopen_vote(request.user, block, data["reason"], data["clear_votes"]),
        _("Đã mở lại cuộc bầu; khối trưởng được báo."),
        "vote",
        "reopen_vote",
    )
