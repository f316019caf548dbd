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
from django.utils.translation import gettext_lazy
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


def _member_school(user, block):
    """The member school the user acts for in the block; refused for anyone else."""
    school = member_school_of(user, block)
    if school is None:
        raise PermissionDenied
    return school


def _block_action(form_class, call, success, panel, key=None, choices=None, **form_kwargs):
    """The view of one action on a block: `form_class` read from the POST (with what
    `choices(block)` gives it), then `call(user, block, data)`; `success` is a message or
    makes one of the call's result."""

    @login_required
    @require_POST
    def view(request, pk):
        block = _block(request, pk)
        kwargs = {**form_kwargs, **(choices(block) if choices else {})}
        form = _post(request, form_class, block, **kwargs)
        return _perform(
            request,
            block,
            form,
            lambda data: call(request.user, block, data),
            success,
            panel,
            key,
        )

    return view


# -- targets and covenant ------------------------------------------------------------------


set_deadlines = _block_action(
    forms.DeadlinesForm,
    lambda user, block, data: services.set_deadlines(user, block, **data),
    gettext_lazy("Đã lưu các hạn của khối."),
    "deadlines",
)

set_target_items = _block_action(
    forms.TargetItemsForm,
    lambda user, block, data: services.set_target_items(user, block, data["items"]),
    gettext_lazy("Đã lưu danh mục chỉ tiêu."),
    "targets",
    "items",
)


fill_targets = _block_action(
    forms.FillTargetsForm,
    lambda user, block, data: services.fill_targets(
        user, block, _member_school(user, block), data["values"]
    ),
    gettext_lazy("Đã lưu chỉ tiêu của trường."),
    "targets",
    "fill",
    choices=lambda block: {"items": list(block.target_items.all())},
)

confirm_covenant = _block_action(
    forms.EmptyForm,
    lambda user, block, _data: services.confirm_covenant(user, block, _member_school(user, block)),
    gettext_lazy("Đã xác nhận giao ước thi đua."),
    "targets",
)


# -- meetings and reports ------------------------------------------------------------------


schedule_meeting = _block_action(
    forms.MeetingForm,
    lambda user, block, data: services.schedule_meeting(user, block, **data),
    gettext_lazy("Đã lên lịch họp khối."),
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


set_report_deadline = _block_action(
    forms.ReportDeadlineForm,
    lambda user, block, data: services.create_report_deadlines(
        user, block, data["kind"], data["due_date"]
    ),
    gettext_lazy("Đã đặt hạn nộp báo cáo."),
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


set_criteria = _block_action(
    forms.CriteriaForm,
    lambda user, block, data: ranking.set_criteria(
        user, block, data["criteria"], peer_scoring=data["peer_scoring"]
    ),
    gettext_lazy("Đã lưu tiêu chí chấm điểm."),
    "ranking",
    "criteria",
)


score = _block_action(
    forms.ScoreForm,
    lambda user, block, data: ranking.score_school(
        user, block, data["school"], data["kind"], data["points"], data["evidence"]
    ),
    lambda n: _("Đã lưu %(n)s điểm.") % {"n": n},
    "ranking",
    "score",
    choices=lambda block: {"criteria": list(block.criteria.all())},
)

close_ranking = _block_action(
    forms.EmptyForm,
    lambda user, block, _data: ranking.close_ranking(user, block),
    lambda b: (
        _("Đã chốt xếp hạng; đơn vị dẫn đầu đề xuất: %(s)s. Chờ Phòng duyệt.")
        % {"s": b.leading_school}
    ),
    "ranking",
)

reopen_ranking = _block_action(
    forms.ReasonForm,
    lambda user, block, data: ranking.reopen_ranking(user, block, data["reason"]),
    gettext_lazy("Đã mở lại xếp hạng; khối trưởng được báo."),
    "ranking",
    "reopen_ranking",
    auto_id="reopen-ranking-%s",
)

approve_ranking = _block_action(
    forms.ApproveRankingForm,
    lambda user, block, data: ranking.approve_ranking(
        user, block, data["leading_school"], data["note"]
    ),
    lambda b: _("Đã duyệt xếp hạng; đơn vị dẫn đầu: %(s)s.") % {"s": b.leading_school},
    "ranking",
    "approve",
)

cast_vote = _block_action(
    forms.VoteForm,
    lambda user, block, data: ranking.cast_vote(user, block, data["candidate"]),
    gettext_lazy("Đã ghi phiếu bầu."),
    "vote",
)

close_vote = _block_action(
    forms.EmptyForm,
    lambda user, block, _data: ranking.close_vote(user, block),
    lambda b: _("Khối trưởng năm học sau: %(s)s.") % {"s": b.next_leader_school},
    "vote",
)

reopen_vote = _block_action(
    forms.ReopenVoteForm,
    lambda user, block, data: ranking.reopen_vote(user, block, data["reason"], data["clear_votes"]),
    gettext_lazy("Đã mở lại cuộc bầu; khối trưởng được báo."),
    "vote",
    "reopen_vote",
    auto_id="reopen-vote-%s",
)
