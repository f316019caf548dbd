from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.fields import ModelIdsField, VersionField
from schools.models import Person, Unit

from .models import InnovationField, InnovationRegistration, TeacherGroup
from .services import MAX_TEXT, REQUIRED_M1, REQUIRED_M2


def _textareas(names, rows=3):
    return {name: forms.Textarea(attrs={"rows": rows}) for name in names}


def _number(value):
    """5000 -> "5.000", as Vietnamese writes numbers."""
    return f"{value:,}".replace(",", ".")


class TextLimit(MaxLengthValidator):
    """A length limit refused with a message that says the limit and the count, never
    a silent cut (the browser's maxlength cuts pasted text without a word)."""

    def __call__(self, value):
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(
                gettext(
                    "Mục này tối đa %(limit)s ký tự; bạn đã nhập %(count)s ký tự. Nội dung "
                    "chưa bị cắt: hãy rút gọn rồi lưu lại."
                )
                % {"limit": _number(self.limit_value), "count": _number(length)},
                code="max_length",
            )


class SubmissionForm(forms.ModelForm):
    """What M1 and M2 share. Every text has its limit refused at the field and shown by a
    counter (data-maxlength, static/js/char-counter.js). The items the seed requires
    (`submit_required`) carry the required mark always, but are required only when the
    author submits (`submitting`): a draft may be saved half filled. An item missing at
    submission is an error at that item; `draft_saveable()` says whether those are the
    only errors, so the view still keeps the draft."""

    submit_required = ()
    required_message = _("Hãy điền mục này trước khi nộp.")

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.missing_for_submit = []
        for field in self.fields.values():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.HiddenInput
            ):
                continue
            limit = field.max_length or MAX_TEXT
            field.max_length = limit
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ] + [TextLimit(limit)]
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-maxlength"] = limit
        for name in self.submit_required:
            self.fields[name].required = True  # the mark; checked in clean()
        if self.is_bound:
            # Browsers send a textarea's line breaks as CRLF; count (and keep) one
            # character per line break, as the counter does.
            data = self.data.copy()
            for name, field in self.fields.items():
                value = data.get(self.add_prefix(name))
                if isinstance(field, forms.CharField) and isinstance(value, str):
                    data[self.add_prefix(name)] = value.replace("\r\n", "\n")
            self.data = data

    def full_clean(self):
        # The marked items are optional while cleaning; clean() requires them at submit.
        for name in self.submit_required:
            self.fields[name].required = False
        try:
            super().full_clean()
        finally:
            for name in self.submit_required:
                self.fields[name].required = True

    def is_filled(self, name, data):
        return bool(data.get(name))

    def missing_message(self, name):
        return self.required_message

    def clean(self):
        data = super().clean()
        if self.submitting:
            for name in self.submit_required:
                if name in data and not self.is_filled(name, data):
                    self.missing_for_submit.append((name, data[name]))
            for name, _value in self.missing_for_submit:
                self.add_error(name, self.missing_message(name))
        return data

    def draft_saveable(self):
        """The only errors are items missing for a submission."""
        missing = {name for name, _value in self.missing_for_submit}
        return bool(missing) and set(self.errors) <= missing

    def draft_data(self):
        """The cleaned data with the missing items (empty) put back, for saving a draft."""
        data = dict(self.cleaned_data)
        data.update(self.missing_for_submit)
        data.pop("version", None)
        return data


class RegistrationForm(SubmissionForm):
    """Form M1, its nine items in the seed's order."""

    submit_required = tuple(REQUIRED_M1)

    fields = forms.MultipleChoiceField(
        label=_("3. Dự kiến thực hiện đổi mới sáng tạo trong lĩnh vực"),
        choices=InnovationField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = VersionField()

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

    def is_filled(self, name, data):
        if name == "fields":
            return bool(data.get("fields") or data.get("field_other"))
        return super().is_filled(name, data)

    def missing_message(self, name):
        if name == "fields":
            return gettext("Hãy chọn ít nhất một lĩnh vực (hoặc ghi lĩnh vực khác) trước khi nộp.")
        return super().missing_message(name)


class GroupForm(SubmissionForm):
    """Form M2: members from the same school, then the ten items. A group is at least
    two people: the leader and one member or more (required at submission)."""

    submit_required = ("members", *REQUIRED_M2)

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
    version = VersionField()

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

    def missing_message(self, name):
        if name == "members":
            return gettext(
                "Nhóm cần ít nhất hai người: trưởng nhóm và ít nhất một thành viên. Hãy chọn "
                "thành viên trước khi nộp."
            )
        return super().missing_message(name)
