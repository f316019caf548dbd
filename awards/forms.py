"""Forms of the awards pages. They only read and check input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import DayField, ExcelUploadField, ModelIdsField, VersionField
from registrations.models import InnovationRegistration, TeacherGroup
from registrations.models import Status as RegistrationStatus

from .models import AwardForm, Title
from .services.nominations import nominee_choices


def _long_text(label, rows=2, required=False):
    """A paragraph of a nomination, at most 5,000 characters."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=required,
        max_length=5000,
    )


class HolderForm(forms.Form):
    """Whom a title or award is for: one person, one unit (tổ) or one collective (đơn vị),
    among the choices the page gives."""

    person = forms.ModelChoiceField(queryset=None, required=False, label=_("Cá nhân"))
    unit = forms.ModelChoiceField(queryset=None, required=False, label=_("hoặc tập thể (tổ)"))
    collective = forms.ModelChoiceField(
        queryset=None, required=False, label=_("hoặc tập thể (đơn vị)")
    )

    def set_holders(self, people, units, collectives):
        self.fields["person"].queryset = people
        self.fields["unit"].queryset = units
        self.fields["collective"].queryset = collectives

    def check_one_holder(self, data):
        if sum(1 for name in ("person", "unit", "collective") if data.get(name)) != 1:
            self.add_error("person", _("Chọn đúng một cá nhân hoặc một tập thể."))


class HolderAwardForm(HolderForm):
    """A holder and the title or the award form they get."""

    title = forms.ModelChoiceField(
        queryset=Title.objects.all(), required=False, label=_("Danh hiệu thi đua")
    )
    award_form = forms.ModelChoiceField(
        queryset=AwardForm.objects.all(), required=False, label=_("hoặc hình thức khen thưởng")
    )


class NominationForm(HolderAwardForm):
    duties = _long_text(_("Chức năng, nhiệm vụ được giao"))
    achievements = _long_text(_("Thành tích đạt được (tóm tắt)"), rows=5, required=True)
    initiatives = _long_text(_("Sáng kiến, giải pháp, đề tài"))
    previous_awards = _long_text(_("Các hình thức khen thưởng đã được ghi nhận"))
    registrations = ModelIdsField(
        queryset=None,
        required=False,
        label=_("Đăng ký M1 đã duyệt"),
        widget=forms.CheckboxSelectMultiple,
    )
    groups = ModelIdsField(
        queryset=None,
        required=False,
        label=_("Nhóm M2 đã duyệt"),
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    def __init__(self, *args, user=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_holders(*nominee_choices(user, organization))
        below = {"school__path__startswith": organization.path}
        self.fields["registrations"].queryset = InnovationRegistration.objects.filter(
            status=RegistrationStatus.APPROVED, **below
        ).select_related("person", "campaign")
        self.fields["registrations"].label_from_instance = lambda r: (
            f"{r.person.full_name}: {r.assigned_task[:80]}"
        )
        self.fields["groups"].queryset = TeacherGroup.objects.filter(
            status=RegistrationStatus.APPROVED, **below
        ).select_related("leader")
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    @classmethod
    def initial_from(cls, nomination):
        return {
            "person": nomination.person_id,
            "unit": nomination.unit_id,
            "collective": nomination.collective_id,
            "title": nomination.title_id,
            "award_form": nomination.award_form_id,
            "duties": nomination.duties,
            "achievements": nomination.achievements,
            "initiatives": nomination.initiatives,
            "previous_awards": nomination.previous_awards,
            "registrations": list(nomination.registrations.values_list("pk", flat=True)),
            "groups": list(nomination.groups.values_list("pk", flat=True)),
            "version": nomination.version,
        }


class AwardRecordForm(HolderAwardForm):
    """A title or award received outside the product (hồ sơ khen thưởng)."""

    school_year = forms.ModelChoiceField(queryset=None, label=_("Năm học"))
    decision_number = forms.CharField(
        label=_("Số quyết định"), max_length=60, help_text=_("Ví dụ: 125/QĐ-UBND")
    )
    decision_date = DayField(
        label=_("Ngày quyết định"),
        invalid=_("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."),
    )
    authority = forms.CharField(
        label=_("Cấp quyết định"),
        max_length=200,
        help_text=_("Ví dụ: Chủ tịch UBND huyện Bàu Bàng"),
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, people, units, collectives, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_holders(people, units, collectives)
        self.fields["school_year"].queryset = years

    def clean(self):
        data = super().clean()
        self.check_one_holder(data)
        if bool(data.get("title")) == bool(data.get("award_form")):
            self.add_error("title", _("Chọn một danh hiệu hoặc một hình thức khen thưởng."))
        return data


class HistoryUploadForm(forms.Form):
    file = ExcelUploadField(
        label=_("Tệp hồ sơ khen thưởng (.xlsx)"), help_text=_("Dùng đúng mẫu tải về.")
    )


class MinutesForm(forms.Form):
    """Biên bản: what the vote does not know (place, times, secretary, other opinions)."""

    place = forms.CharField(label=_("Địa điểm họp"), max_length=200)
    started_at = forms.TimeField(
        label=_("Bắt đầu lúc"),
        input_formats=["%H:%M", "%Hg%M", "%H giờ %M"],
        widget=forms.TimeInput(attrs={"placeholder": "14:00"}, format="%H:%M"),
        error_messages={"invalid": _("Giờ không hợp lệ; hãy nhập dạng 14:00.")},
    )
    ended_at = forms.TimeField(
        label=_("Kết thúc lúc"),
        required=False,
        input_formats=["%H:%M", "%Hg%M", "%H giờ %M"],
        widget=forms.TimeInput(attrs={"placeholder": "16:30"}, format="%H:%M"),
        error_messages={"invalid": _("Giờ không hợp lệ; hãy nhập dạng 16:30.")},
    )
    secretary = forms.ModelChoiceField(queryset=None, label=_("Thư ký"))
    other_opinions = forms.CharField(
        label=_("Ý kiến khác tại cuộc họp"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = members


class WrittenOpinionForm(forms.Form):
    """An absent member's written opinion: agree or not on every candidate."""

    member = forms.ModelChoiceField(queryset=None, label=_("Thành viên vắng mặt"))

    def __init__(self, *args, members, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.candidates = list(candidates)
        for candidate in self.candidates:
            self.fields[f"c{candidate.pk}"] = forms.ChoiceField(
                label=f"{candidate.name} – {candidate.title}",
                choices=[("yes", _("Đồng ý")), ("no", _("Không đồng ý"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy chọn đồng ý hoặc không đồng ý.")},
            )

    def answers(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] == "yes" for c in self.candidates}


class OwnRegistrationForm(forms.Form):
    title = forms.ModelChoiceField(
        queryset=Title.objects.filter(recipient="person"),
        required=False,
        label=_("Đăng ký thi đua (danh hiệu)"),
    )
    award_form = forms.ModelChoiceField(
        queryset=AwardForm.objects.all(), required=False, label=_("Đăng ký khen thưởng")
    )

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("award_form"):
            self.add_error("title", _("Hãy chọn danh hiệu hoặc hình thức khen thưởng đăng ký."))
        return data


class RegistrationForm(HolderForm, OwnRegistrationForm):
    field_order = ["person", "unit", "collective", "title", "award_form"]

    def __init__(self, *args, people, units, collectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = Title.objects.all()
        self.set_holders(people, units, collectives)

    def clean(self):
        data = super().clean()
        self.check_one_holder(data)
        return data


class CovenantForm(forms.Form):
    conference_date = DayField(
        label=_("Ngày hội nghị cán bộ, công chức, viên chức"),
        invalid=_("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."),
    )
    head = forms.ModelChoiceField(queryset=None, label=_("Thủ trưởng đơn vị ký"))
    union_chair = forms.ModelChoiceField(queryset=None, label=_("Chủ tịch công đoàn ký"))
    content = forms.CharField(
        label=_("Nội dung giao ước"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = people
        self.fields["union_chair"].queryset = people


class PolicyForm(forms.Form):
    unregistered = forms.ChoiceField(
        label=_("Đề nghị danh hiệu cho người, tập thể chưa đăng ký đầu năm"),
        choices=[
            ("refuse", _("Không nhận đề nghị")),
            ("warn", _("Nhận, có cảnh báo")),
            ("allow", _("Nhận bình thường")),
        ],
        widget=forms.RadioSelect,
    )


class BlockNominationForm(forms.Form):
    """The block leader's proposal for the block's leading unit."""

    round = forms.ModelChoiceField(queryset=None, label=_("Đợt đề nghị"))
    title = forms.ModelChoiceField(
        queryset=Title.objects.filter(recipient="collective"), label=_("Danh hiệu")
    )
    achievements = forms.CharField(
        label=_("Thành tích (tóm tắt)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds


class SignoffForm(forms.Form):
    """Who signs a tờ trình or a quyết định and where copies go (Nơi nhận)."""

    signer_authority = forms.CharField(
        label=_("Thẩm quyền ký"),
        required=False,
        max_length=10,
        help_text=_("Ví dụ: KT., TM., Q.; để trống nếu người đứng đầu ký."),
    )
    signer_position = forms.CharField(
        label=_("Chức vụ người ký"), max_length=100, help_text=_("Ví dụ: PHÓ HIỆU TRƯỞNG")
    )
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=100)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nơi nhận; để trống thì dùng nơi nhận mặc định."),
    )

    def clean_recipients(self):
        lines = [line.strip() for line in self.cleaned_data["recipients"].splitlines()]
        too_long = [line for line in lines if len(line) > 300]
        if too_long:
            raise forms.ValidationError(
                _("Mỗi nơi nhận tối đa 300 ký tự; dòng “%(start)s…” dài %(length)s ký tự.")
                % {"start": too_long[0][:40], "length": len(too_long[0])}
            )
        return [line for line in lines if line]

    @classmethod
    def initial_of(cls, document):
        return {
            "signer_authority": document.signer_authority,
            "signer_position": document.signer_position,
            "signer_name": document.signer_name,
            "recipients": document.recipients,
        }
