from django import forms
from django.utils.translation import gettext_lazy as _

from schools.fields import ModelIdsField
from schools.models import Person, Unit

from .models import InnovationField, InnovationRegistration, Result, TeacherGroup
from .services import MAX_TEXT


def _textareas(names, rows=3):
    return {name: forms.Textarea(attrs={"rows": rows, "maxlength": MAX_TEXT}) for name in names}


class RegistrationForm(forms.ModelForm):
    """Form M1, its nine items in the seed's order."""

    fields = forms.MultipleChoiceField(
        label=_("3. Dự kiến thực hiện đổi mới sáng tạo trong lĩnh vực"),
        choices=InnovationField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = InnovationRegistration
        fields = InnovationRegistration.FORM_FIELDS
        labels = {
            "assigned_task": _("2. Nhiệm vụ được giao"),
            "field_other": _("Lĩnh vực khác (nếu có)"),
            "current_state": _("4. Thực trạng vấn đề dự kiến đổi mới (tồn tại, nếu có)"),
            "goals_and_solutions": _("5. Mục tiêu giải pháp đổi mới"),
            "expected_results": _("6. Dự kiến kết quả sẽ đạt được sau khi thực hiện đổi mới"),
            "trial_period": _("7. Thời gian dự kiến thử nghiệm thực hiện đổi mới"),
            "steps": _("8. Các bước tiến hành thử nghiệm đổi mới"),
            "dissemination_scope": _("9. Phạm vi công bố và nhân rộng kết quả đổi mới"),
        }
        widgets = _textareas(
            [
                "assigned_task",
                "current_state",
                "goals_and_solutions",
                "expected_results",
                "steps",
                "dissemination_scope",
            ]
        )


class GroupForm(forms.ModelForm):
    """Form M2: members from the same school, then the ten items."""

    members = ModelIdsField(
        label=_("1. Họ và tên những người tham gia nhóm (ngoài trưởng nhóm)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-member-picker": "1", "size": 6}),
        help_text=_("Gõ tên để tìm người cùng trường; có thể chọn nhiều người."),
        error_messages={
            "invalid_choice": _("Thành viên phải là cán bộ, giáo viên cùng trường."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TeacherGroup
        fields = ["name", "team", "members", *TeacherGroup.FORM_FIELDS[2:]]
        labels = {
            "common_task": _("2. Nhiệm vụ chung đang được giao"),
            "concern": _("3. Vấn đề mà các thành viên trong nhóm đang quan tâm"),
            "current_state": _("4. Thực trạng của vấn đề mà các thành viên đang quan tâm"),
            "strengths": _("5. Điểm mạnh của các thành viên về vấn đề đang quan tâm"),
            "limits": _("6. Điểm còn hạn chế của các thành viên về vấn đề đang quan tâm"),
            "approach": _("7. Hướng giải quyết của nhóm để cải thiện vấn đề"),
            "expected_results": _("8. Dự kiến kết quả sẽ đạt được"),
            "period": _("9. Dự kiến thời gian tiến hành"),
            "next_concern": _("10. Dự kiến vấn đề mà nhóm cần quan tâm, giải quyết tiếp theo"),
        }
        widgets = _textareas(
            [
                "common_task",
                "concern",
                "current_state",
                "strengths",
                "limits",
                "approach",
                "expected_results",
                "next_concern",
            ],
            rows=2,
        )

    def __init__(self, *args, school, leader, **kwargs):
        super().__init__(*args, **kwargs)
        # Only colleagues of the school; the service checks again.
        self.fields["members"].queryset = Person.objects.filter(organization=school).exclude(
            pk=leader.pk
        )
        self.fields["members"].widget.choices = [
            (p.pk, p.full_name)
            for p in Person.objects.filter(organization=school).exclude(pk=leader.pk)
        ]
        self.fields["team"].queryset = Unit.objects.filter(
            organization=school, kind__in=[Unit.Kind.PROFESSIONAL_TEAM, Unit.Kind.OFFICE]
        )
        self.fields["team"].required = False


class ReviewActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (a, a)
            for a in ["submit", "withdraw", "forward", "return", "approve", "result", "extend"]
        ]
    )
    comment = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("Ý kiến tối đa 5.000 ký tự; ý kiến đã nhập có %(show_value)d ký tự.")
        },
    )
    version = forms.IntegerField(required=False)
    stage = forms.ChoiceField(
        choices=[("midyear", _("Sơ kết")), ("yearend", _("Tổng kết"))], required=False
    )
    result = forms.ChoiceField(choices=Result.choices, required=False)
    until = forms.DateField(required=False)
