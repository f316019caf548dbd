"""One URL, one view and one form per action on a form M1 or M2 (registrations/m1/<pk>/
<action>/ and registrations/m2/<pk>/<action>/). Each view reads its form
(registrations.action_forms), calls one service and reports:

- bad input: the form's page again (200), the form bound, its errors at its fields and
  what was typed kept;
- a refusal of the service: a message, and back to the form's page;
- done: a message; after a review (forward, return, approve) the next form waiting for
  the reviewer, else back to the form's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools.services import ServiceError

from .. import notifications, permissions, review, services
from ..action_forms import FORMS
from ..models import Status
from .common import visible_groups, visible_registrations
from .detail import allowed_actions, detail_url, render_detail

REVIEW_ACTIONS = {"forward", "return", "approve"}


def submitted_message(item):
    """Where a form just submitted went: to its group leader, or straight on."""
    if item.status == Status.FORWARDED:
        return _("Đã nộp; tổ không có tổ trưởng khác nên đăng ký chuyển thẳng lên %(who)s.") % {
            "who": permissions.approver_role_label(item)
        }
    return _("Đã nộp. Tổ trưởng công đoàn sẽ xem và chuyển lên.")


# -- the services, one per action: (user, item, cleaned data) -> the success message ------


def _submit(user, item, data):
    item = services.submit(user, item, expected_version=data["version"])
    return submitted_message(item)


def _withdraw(user, item, data):
    services.withdraw(user, item, expected_version=data["version"])
    return _("Đã rút lại; bạn có thể sửa và nộp lại.")


def _forward(user, item, data):
    review.forward(user, item, data["comment"], expected_version=data["version"])
    return _("Đã chuyển lên %(who)s.") % {"who": permissions.approver_role_label(item)}


def _return(user, item, data):
    review.return_for_changes(user, item, data["comment"], expected_version=data["version"])
    return _("Đã trả lại kèm ý kiến.")


def _approve(user, item, data):
    review.approve(user, item, data["comment"], expected_version=data["version"])
    return _("Đã duyệt.")


def _result(user, item, data):
    review.record_result(user, item, data["stage"], data["result"], data["comment"])
    return _("Đã ghi kết quả.")


def _extend(user, item, data):
    target = {"person": item.person} if hasattr(item, "person") else {"group": item}
    review.extend_deadline(user, item.campaign, data["until"], **target)
    return _("Đã gia hạn đến %(date)s.") % {"date": data["until"].strftime("%d/%m/%Y")}


CALLS = {
    "submit": _submit,
    "withdraw": _withdraw,
    "forward": _forward,
    "return": _return,
    "approve": _approve,
    "result": _result,
    "extend": _extend,
}
NAMES = tuple(CALLS)


def _after(request, item, done):
    """After a review: the next form waiting for this reviewer, else the review list;
    after anything else, the form itself."""
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


def _refused_input(request, item, name, form):
    """Bad input: the page again with the form bound, when the page shows that form to
    this user; otherwise (a hidden field tampered with, an action not theirs) a refusal."""
    if not form.field_errors():
        messages.error(request, _("Thao tác không hợp lệ; hãy tải lại trang rồi làm lại."))
        return redirect(detail_url(item))
    if name not in {n for n, _label in allowed_actions(request.user, item)}:
        messages.error(
            request,
            _("Bạn không thực hiện được thao tác này với đăng ký ở trạng thái hiện tại."),
        )
        return redirect(detail_url(item))
    messages.error(
        request,
        _("Chưa thực hiện được: hãy sửa ô báo lỗi bên dưới; nội dung bạn gõ vẫn còn nguyên."),
    )
    return render_detail(request, item, bound={name: form})


def perform(request, item, name):
    form = FORMS[name](request.POST)
    if not form.is_valid():
        return _refused_input(request, item, name, form)
    try:
        done = CALLS[name](request.user, item, form.cleaned_data)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(detail_url(item))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
        return redirect(detail_url(item))
    messages.success(request, done)
    return _after(request, item, name)


def _view(visible, prefix, name):
    """The view `<prefix>_<name>` of action `name` on the forms `visible(user)` returns
    (M1 or M2)."""

    @login_required
    @require_POST
    def view(request, pk):
        item = get_object_or_404(visible(request.user), pk=pk)
        return perform(request, item, name)

    view.__name__ = view.__qualname__ = f"{prefix}_{name}"
    return view


# URL names registration_submit, registration_withdraw, ... and group_submit, ...
REGISTRATION_VIEWS = {name: _view(visible_registrations, "registration", name) for name in NAMES}
GROUP_VIEWS = {name: _view(visible_groups, "group", name) for name in NAMES}
