"""Forms of the document editor: one per action (new draft, save, paste, publish)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import day_input
from schools.issuers import IssuerKind

from ..editing import HEADER_FIELDS
from ..models import Plan
from ..pasted import signature_blocks
from ..services import number_taken, taken_message

DATE_WIDGET = day_input()


class NewPlanForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label=_("Đơn vị"), empty_label=None)
    issuer_kind = forms.ChoiceField(label=_("Tổ chức ban hành"), choices=IssuerKind.choices)
    title = forms.CharField(label=_("Trích yếu (tên kế hoạch)"), max_length=500, required=False)

    def __init__(self, *args, organizations, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["issuer_kind"].choices = [
            (value, label) for value, label in IssuerKind.choices if value in kinds
        ]


class PlanEditorForm(forms.ModelForm):
    """The editor: the header fields, the body as text, signatures and recipients."""

    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_(
            "Mỗi dòng một đoạn. Dòng bắt đầu bằng I., 1., a), -, + là một mục với cấp của "
            "nó; dòng “Căn cứ …” ở đầu là căn cứ; “Trên đây …” mở phần kết."
        ),
    )
    signature_text = forms.CharField(
        label=_("Chữ ký"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một dòng chữ ký: thẩm quyền (TM. BAN CHẤP HÀNH), chức vụ, họ tên. "
            "Văn bản liên tịch: hai khối, cách nhau một dòng trống."
        ),
    )
    recipient_text = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )

    class Meta:
        model = Plan
        fields = HEADER_FIELDS
        widgets = {
            "issue_date": DATE_WIDGET,
            "governing_body": forms.TextInput(),
            "issuer_name": forms.TextInput(),
            "title": forms.TextInput(),
        }

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            allowed = set(kinds) | {self.instance.issuer_kind}
            self.fields["issuer_kind"].choices = [c for c in IssuerKind.choices if c[0] in allowed]
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Hãy nhập trích yếu của văn bản.")

    def clean(self):
        data = super().clean()
        day, number = data.get("issue_date"), data.get("number")
        if day is not None and number is not None and "number" not in self.errors:
            other = number_taken(
                self.instance.organization,
                day.year,
                number,
                self.instance.pk,
                data.get("issuer_kind") or IssuerKind.STATE,
            )
            if other is not None:
                self.add_error("number", taken_message(other))
        joint = data.get("joint_issuer_kind")
        if joint and joint == data.get("issuer_kind"):
            self.add_error(
                "joint_issuer_kind", _("Tổ chức cùng ban hành phải khác tổ chức ban hành.")
            )
        return data

    def signatures(self):
        blocks = []
        chunk = []
        for line in [*self.cleaned_data["signature_text"].splitlines(), ""]:
            if line.strip():
                chunk.append(line.strip())
            elif chunk:
                blocks.extend(signature_blocks([chunk]))
                chunk = []
        return blocks

    def recipients(self):
        return [line for line in self.cleaned_data["recipient_text"].splitlines() if line.strip()]


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Dán toàn bộ văn bản"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=200_000,
        error_messages={"required": _("Hãy dán nội dung văn bản vào ô này.")},
        help_text=_(
            "Sao chép cả văn bản trong Word (Ctrl+A, Ctrl+C) rồi dán vào đây: tiêu đề, số, "
            "ngày, các mục, nơi nhận và chữ ký được tách thành các phần. Nội dung cũ của "
            "bản nháp sẽ được thay."
        ),
    )


class PublishForm(forms.Form):
    issue_date = forms.DateField(
        label=_("Ngày ban hành"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Hãy nhập ngày ban hành in trên văn bản.")},
        help_text=_("Ngày in trên văn bản, kể cả văn bản nhập lại sau khi đã ký."),
    )
