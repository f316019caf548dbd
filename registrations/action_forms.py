"""One Django Form per action on a form M1 or M2: submit, withdraw, forward, return,
approve, record a result, extend the deadline. They only read and check what was
posted; the services decide (registrations.services, registrations.review). Each
carries the form's version hidden (the optimistic lock) and its own id prefix, so that
the detail page holds several of them side by side."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import DayField, VersionField

from .forms import TextLimit
from .models import Result
from .services import MAX_TEXT

STAGES = [("midyear", _("Sơ kết")), ("yearend", _("Tổng kết"))]


def _comment(label, required_message=None, help_text=""):
    """A reviewer's comment: required when `required_message` says why; its length is
    checked at the field and shown by a counter (static/js/char-counter.js), never cut."""
    return forms.CharField(
        label=label,
        required=required_message is not None,
        help_text=help_text,
        validators=[TextLimit(MAX_TEXT)],
        widget=forms.Textarea(attrs={"rows": 2, "data-maxlength": MAX_TEXT}),
        error_messages={"required": required_message} if required_message else None,
    )


class ActionForm(forms.Form):
    """What every action posts: the version of the form the page showed."""

    name = ""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.name}-%s")
        super().__init__(*args, **kwargs)

    def field_errors(self):
        """Errors at fields the page shows (a hidden version is no field to correct)."""
        shown = [name for name, field in self.fields.items() if not field.widget.is_hidden]
        return any(name in self.errors for name in shown)


class SubmitForm(ActionForm):
    """The author submits the form as saved: nothing but the button."""

    name = "submit"


class WithdrawForm(ActionForm):
    """The author takes the form back to draft: nothing but the button."""

    name = "withdraw"


class ForwardForm(ActionForm):
    """The union group leader forwards, with a comment if they wish."""

    name = "forward"

    comment = _comment(_("Ý kiến (nếu có)"))


class ApproveForm(ActionForm):
    """The approver approves, with a comment if they wish."""

    name = "approve"

    comment = _comment(_("Ý kiến (nếu có)"))


class ReturnForm(ActionForm):
    """The reviewer returns the form: the comment says what to change."""

    name = "return"

    comment = _comment(
        _("Ý kiến khi trả lại"),
        required_message=_("Hãy ghi ý kiến để người đăng ký biết cần sửa gì."),
        help_text=_("Người đăng ký đọc ý kiến này để biết cần sửa gì."),
    )


class ResultForm(ActionForm):
    """The approver records the mid-year or year-end result of an approved form."""

    name = "result"

    stage = forms.ChoiceField(
        label=_("Đợt đánh giá"),
        choices=[("", _("— Chọn đợt —")), *STAGES],
        error_messages={
            "required": _("Hãy chọn đợt đánh giá (sơ kết hoặc tổng kết)."),
            "invalid_choice": _("Đợt đánh giá không hợp lệ; hãy chọn trong danh sách."),
        },
    )
    result = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[("", _("— Chọn kết quả —")), *Result.choices],
        error_messages={
            "required": _("Hãy chọn kết quả."),
            "invalid_choice": _("Kết quả không hợp lệ; hãy chọn trong danh sách."),
        },
    )
    comment = _comment(_("Nhận xét (nếu có)"))


class ExtendForm(ActionForm):
    """The approver lets the author submit after the deadline, until a day."""

    name = "extend"

    until = DayField(
        label=_("Gia hạn đến ngày"),
        help_text=_("dd/mm/yyyy"),
        error_messages={
            "required": _("Hãy nhập ngày gia hạn (dd/mm/yyyy)."),
            "invalid": _("Ngày gia hạn phải có dạng ngày/tháng/năm, ví dụ 10/03/2027."),
        },
    )


FORMS = {
    form.name: form
    for form in (
        SubmitForm,
        WithdrawForm,
        ForwardForm,
        ReturnForm,
        ApproveForm,
        ResultForm,
        ExtendForm,
    )
}
