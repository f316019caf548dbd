"""One Django Form per action of the proposal, decision and council-vote pages. They only
read and check what was posted; the services decide. A form's errors are shown as one
Vietnamese message naming each field (`errors_message`, used by views.common.run_form).

Every error text here is a sentence read after the field's label: "Ngày quyết định:
phải có dạng ngày/tháng/năm, ví dụ 10/03/2027."."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import fields
from common.fields import is_id
from common.text import CONTROL_CHARACTERS
from schools import visibility

from .models import Nomination, ProposalItem, Round

MAX_NUMBER = 2_147_483_647
REQUIRED = gettext_lazy("chưa nhập.")


def _number(value):
    return f"{value:,}".replace(",", ".")


def errors_message(form):
    """The form's errors as one Vietnamese sentence per field, each named by its label."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else ""
        for error in errors:
            parts.append(f"{label}: {error}" if label else str(error))
    return " ".join(parts)


class PlainTextField(forms.CharField):
    """Free text: trimmed, without control characters (NUL and the like are dropped, as
    common.text.clean_text does), at most `limit` characters, with a Vietnamese message
    giving both lengths instead of Django's."""

    def __init__(self, limit, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.limit = limit
        self.widget.attrs.setdefault("maxlength", str(limit))

    def to_python(self, value):
        value = CONTROL_CHARACTERS.sub("", super().to_python(value) or "").strip()
        if len(value) > self.limit:
            raise ValidationError(
                _("tối đa %(max)s ký tự; nội dung đã nhập có %(len)s ký tự.")
                % {"max": _number(self.limit), "len": _number(len(value))},
                code="max_length",
            )
        return value


class DayField(fields.DayField):
    """A day typed as dd/mm/yyyy, "chưa nhập." when required and empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": REQUIRED})
        super().__init__(**kwargs)


class PositiveNumberField(forms.CharField):
    """A positive whole number typed in ASCII digits (not "²", "١٢" or "9" × 30)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_NUMBER:
            raise ValidationError(_("phải là số nguyên dương."), code="invalid")
        return int(value)


class IdsField(forms.Field):
    """Several ids posted under one name (ticked checkboxes): a list of ints, in order."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        if not all(is_id(v) and int(str(v).strip()) <= MAX_NUMBER for v in values):
            raise ValidationError(
                _("danh sách gửi lên không hợp lệ; hãy tải lại trang."), code="invalid"
            )
        return list(dict.fromkeys(int(str(v).strip()) for v in values))


# -- proposals and decisions ---------------------------------------------------------


class NominationsForm(forms.Form):
    """Nominations ticked on a list, among those the user may see, in the order given.
    An id of anything else (another school's draft, a deleted row, a made-up number) is
    refused without a name: the services' messages name the nominees, and must only
    ever name ones the user already sees."""

    nominations = IdsField(required=False, label=gettext_lazy("Danh sách đề nghị"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_nominations(self):
        ids = self.cleaned_data["nominations"]
        found = visibility.visible(self.user, Nomination).in_bulk(ids)
        if len(found) != len(ids):
            raise ValidationError(
                _("có đề nghị không tìm thấy hoặc bạn không được xem; hãy tải lại trang.")
            )
        return [found[pk] for pk in ids]


class ProposalItemsForm(NominationsForm):
    """The nominations a draft proposal carries."""


class AwardeesForm(NominationsForm):
    """The nominations a draft decision awards."""


class SendProposalForm(forms.Form):
    """Sending takes nothing but the button: the proposal is as it was saved."""


class SignedScanForm(forms.Form):
    # Emptiness and the PDF check are the service's (common.uploads.check_signed_pdf).
    scan = forms.FileField(
        label=gettext_lazy("Tải lên bản tờ trình đã ký, đóng dấu (PDF)"),
        allow_empty_file=True,
        error_messages={
            "required": gettext_lazy("hãy chọn tệp PDF bản ký."),
            "invalid": gettext_lazy("không đọc được tệp gửi lên; hãy chọn lại tệp PDF."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


OUTCOMES = [(v, label) for v, label in ProposalItem.Outcome.choices if v != "pending"]


class ReviewItemForm(forms.Form):
    """The recipient's answer to one nomination of a proposal. A comment is required when
    it is not accepted: the service says so (services.proposals.review_item)."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Kết quả xét"),
        choices=OUTCOMES,
        error_messages={
            "required": gettext_lazy("hãy chọn Chấp nhận, Trả lại hoặc Không chấp nhận."),
            "invalid_choice": gettext_lazy(
                "không hợp lệ; hãy chọn Chấp nhận, Trả lại hoặc Không chấp nhận."
            ),
        },
    )
    comment = PlainTextField(5000, label=gettext_lazy("Ý kiến"))


class AcceptItemsForm(forms.Form):
    """Items of one proposal ticked to be accepted together."""

    items = IdsField(
        label=gettext_lazy("Đề nghị được chọn"),
        error_messages={"required": gettext_lazy("hãy chọn ít nhất một đề nghị để chấp nhận.")},
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean_items(self):
        ids = self.cleaned_data["items"]
        found = self.proposal.items.select_related("nomination", "proposal").in_bulk(ids)
        if len(found) != len(ids):
            raise ValidationError(
                _("có đề nghị không thuộc tờ trình này; hãy tải lại trang."), code="invalid"
            )
        return [found[pk] for pk in ids]


class AcceptAllForm(forms.Form):
    """Accepting every pending nomination takes nothing but the button."""


class RecordDecisionForm(forms.Form):
    number = PositiveNumberField(
        label=gettext_lazy("Số quyết định"), help_text=gettext_lazy("Để trống: tự cấp số.")
    )
    decision_date = DayField(
        label=gettext_lazy("Ngày quyết định"),
        required=False,
        help_text=gettext_lazy("Để trống: hôm nay."),
    )
    signer_authority = PlainTextField(
        10, label=gettext_lazy("Thẩm quyền"), widget=forms.TextInput(attrs={"placeholder": "KT."})
    )
    signer_position = PlainTextField(
        100,
        label=gettext_lazy("Chức vụ người ký"),
        widget=forms.TextInput(attrs={"placeholder": "PHÓ GIÁM ĐỐC"}),
    )
    signer_name = PlainTextField(100, label=gettext_lazy("Người ký"))


# -- the council's vote --------------------------------------------------------------


class BallotForm(forms.Form):
    """One member's sheet: agree or not on every candidate, a field "c<candidate id>"
    each. Who may vote, and once only, is the service's."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("yes", _("Đồng ý")), ("no", _("Không đồng ý"))]
        required = _(
            "phiếu phải có ý kiến đồng ý hoặc không đồng ý cho từng người trong danh sách."
        )
        for candidate in candidates:
            self.fields[f"c{candidate.pk}"] = forms.ChoiceField(
                label=f"{candidate.name} – {candidate.title}",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": required, "invalid_choice": required},
            )


class CloseVoteForm(forms.Form):
    """Closing the vote takes nothing but the button."""


class PostingForm(forms.Form):
    opens_on = DayField(label=gettext_lazy("Công khai từ ngày"))
    closes_on = DayField(label=gettext_lazy("Đến ngày"))
    note = PlainTextField(2000, label=gettext_lazy("Lời nhắn"))


class RoundField(forms.ModelChoiceField):
    """A round chosen by id; an id no column holds (a typed 10**30) is an unknown one,
    not a database overflow."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class NominateFromVoteForm(forms.Form):
    round = RoundField(
        queryset=Round.objects.none(),
        label=gettext_lazy("Đợt đề nghị"),
        empty_label=None,
        error_messages={
            "required": gettext_lazy("hãy chọn một đợt đề nghị."),
            "invalid_choice": gettext_lazy("không có trong danh sách; hãy tải lại trang."),
        },
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].label_from_instance = lambda r: f"{r} – {r.campaign.organization}"
