"""One form per action on an emulation block, each checking its own input; a refusal of
the service is shown at the field it names (see actions.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import DayField, ModelIdsField
from schools.models import Organization

from .models import BlockReport, Score
from .targets import read_value

DATE_HELP = _("dd/mm/yyyy")


def _date(label):
    return DayField(label=label, required=False, help_text=DATE_HELP)


def _lines(text):
    """'name | value' lines -> [(name, value)], blank lines left out."""
    for line in (text or "").splitlines():
        if line.strip():
            left, _sep, right = line.partition("|")
            yield left.strip(), right.strip()


def _members(block):
    return Organization.objects.filter(pk__in=block.memberships.values("school_id")).order_by(
        "name"
    )


class BlockForm(forms.Form):
    """The office creates a block."""

    name = forms.CharField(
        label=_("Tên khối"),
        max_length=150,
        error_messages={
            "max_length": _(
                "Tên khối tối đa %(limit_value)d ký tự; tên đã nhập có %(show_value)d ký tự."
            )
        },
    )
    leader_school = forms.ModelChoiceField(
        label=_("Trường khối trưởng"), queryset=Organization.objects.none()
    )
    schools = ModelIdsField(
        label=_("Các trường thành viên"),
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


class BlockActionForm(forms.Form):
    """A form about one block (its members give the choices)."""

    def __init__(self, *args, block, **kwargs):
        self.block = block
        super().__init__(*args, **kwargs)


class DeadlinesForm(BlockActionForm):
    targets_deadline = _date(_("Hạn đăng ký chỉ tiêu"))
    covenant_deadline = _date(_("Hạn nộp kế hoạch và giao ước về Phòng"))
    ranking_deadline = _date(_("Hạn chấm điểm cuối năm"))
    vote_deadline = _date(_("Hạn bầu khối trưởng năm sau"))


class TargetItemsForm(BlockActionForm):
    items = forms.CharField(
        label=_("Danh mục chỉ tiêu"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Mỗi dòng: tên chỉ tiêu | đơn vị tính. Đơn vị % là tỷ lệ; có/không là có hoặc "
            "không; đơn vị khác (người, sáng kiến…) là số lượng; để trống là chữ."
        ),
    )

    def clean_items(self):
        items = list(_lines(self.cleaned_data["items"]))
        if not items:
            raise forms.ValidationError(_("Hãy nhập ít nhất một chỉ tiêu."))
        return items


class FillTargetsForm(BlockActionForm):
    """A member school's values, one field per target item, read by the item's kind."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {f"item-{item.pk}": item for item in items}
        for name, item in self.items.items():
            label = f"{item.name} ({item.unit})" if item.unit else item.name
            self.fields[name] = forms.CharField(label=label, required=False, max_length=300)

    def clean(self):
        data = super().clean()
        for name, item in self.items.items():
            value = (data.get(name) or "").strip()
            if value:
                try:
                    data[name] = read_value(item, value)
                except ValueError as error:
                    self.add_error(name, str(error))
        data["values"] = {
            name.removeprefix("item-"): value for name, value in data.items() if name in self.items
        }
        return data


class EmptyForm(BlockActionForm):
    """A step with nothing to fill in (sign the covenant, close the ranking or vote)."""


class MeetingForm(BlockActionForm):
    period_label = forms.CharField(label=_("Đợt"), max_length=50, help_text=_("Ví dụ: Quý I"))
    starts_at = forms.DateTimeField(
        label=_("Thời gian"),
        input_formats=["%d/%m/%Y %H:%M"],
        help_text=_("dd/mm/yyyy hh:mm"),
        error_messages={"invalid": _("Hãy nhập thời gian dạng dd/mm/yyyy hh:mm.")},
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    host_school = forms.ModelChoiceField(
        label=_("Trường đăng cai"), queryset=Organization.objects.none()
    )
    agenda = forms.CharField(label=_("Nội dung"), required=False, max_length=5000)
    topic = forms.CharField(label=_("Chuyên đề trình bày"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_school"].queryset = _members(self.block)


class MinutesForm(BlockActionForm):
    minutes = forms.CharField(
        label=_("Biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes_file = forms.FileField(
        label=_("Biên bản đã ký (PDF; lưu một lần, không thay được)"), required=False
    )


class ReportDeadlineForm(BlockActionForm):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=BlockReport.Kind.choices)
    due_date = DayField(label=_("Hạn nộp"), help_text=DATE_HELP)


class SubmitReportForm(BlockActionForm):
    content = forms.CharField(
        label=_("Nội dung báo cáo"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachment = forms.FileField(label=_("Tệp báo cáo (PDF hoặc Word)"), required=False)

    def clean(self):
        data = super().clean()
        empty = not (data.get("content") or "").strip() and not data.get("attachment")
        if empty and not self.errors:
            self.add_error(
                "content", _("Báo cáo chưa có nội dung: hãy nhập nội dung hoặc chọn tệp.")
            )
        return data


class CriteriaForm(BlockActionForm):
    criteria = forms.CharField(
        label=_("Tiêu chí chấm điểm"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng: tên tiêu chí | điểm tối đa (số nguyên từ 1 đến 1000)."),
    )
    peer_scoring = forms.BooleanField(
        label=_("Mọi thành viên cùng chấm điểm các trường khác (theo kế hoạch của khối)"),
        required=False,
    )

    def clean_criteria(self):
        criteria = []
        for name, points in _lines(self.cleaned_data["criteria"]):
            if not (points.isascii() and points.isdigit()):
                raise forms.ValidationError(
                    _("Điểm tối đa của “%(name)s” phải là số nguyên.") % {"name": name}
                )
            criteria.append((name, int(points)))
        if not criteria:
            raise forms.ValidationError(_("Hãy nhập ít nhất một tiêu chí."))
        return criteria


class ScoreForm(BlockActionForm):
    """One school's scoring sheet: points and evidence per criterion."""

    school = forms.ModelChoiceField(queryset=Organization.objects.none(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Score.Kind.choices, widget=forms.HiddenInput)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _members(self.block)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"points-{c.pk}"] = forms.CharField(required=False, max_length=20)
            self.fields[f"evidence-{c.pk}"] = forms.CharField(required=False, max_length=5000)

    def clean(self):
        """Adds the sheet as the service takes it: `points` and `evidence` by criterion."""
        data = super().clean()
        for name in ("points", "evidence"):
            data[name] = {c.pk: data.get(f"{name}-{c.pk}") or "" for c in self.criteria}
        return data


class ReasonForm(BlockActionForm):
    """The office reopens a ranking or a vote, saying why."""

    reason = forms.CharField(
        label=_("Lý do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenVoteForm(ReasonForm):
    clear_votes = forms.BooleanField(
        label=_("Hủy các phiếu đã bầu (bầu lại từ đầu)"), required=False
    )


class ApproveRankingForm(BlockActionForm):
    leading_school = forms.ModelChoiceField(
        label=_("Đơn vị dẫn đầu"), queryset=Organization.objects.none()
    )
    note = forms.CharField(
        label=_("Ý kiến của Phòng"),
        required=False,
        max_length=5000,
        help_text=_("Bắt buộc khi chọn đơn vị dẫn đầu khác trường đứng đầu bảng điểm."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leading_school"].queryset = _members(self.block)
        if self.block.leading_school_id and not self.is_bound:
            self.initial.setdefault("leading_school", self.block.leading_school_id)


class VoteForm(BlockActionForm):
    candidate = forms.ModelChoiceField(label=_("Bầu trường"), queryset=Organization.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = _members(self.block)
