"""Form fields the apps share."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1  # the largest id a database column holds


def is_id(value):
    """`value` is an id as typed in a form: ASCII digits, small enough for a column."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class IdConverter:
    """`<id:pk>` in a page's address: Django's `<int:pk>`, but a number no column can
    hold is no address (404) rather than a query the database refuses (SQLite: a 500)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)


class PlainHiddenInput(forms.HiddenInput):
    """A hidden input written here rather than through the form renderer's templates
    (input.html and attrs.html): the same HTML, at a tenth of the cost, for the version
    every action form of a page carries."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        written = {"type": widget["type"], "name": name}
        if widget["value"] is not None:
            written["value"] = widget["value"]
        written.update(widget["attrs"])
        return format_html("<input{}>", _html_attributes(written))


def _html_attributes(attrs):
    """' key="value"' for each, a bare key for True and none for False, in order (as
    Django's attrs.html writes them)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
            for key, value in attrs.items()
            if value is not False
        ),
    )


class VersionField(forms.IntegerField):
    """The version of the object the page showed (the optimistic lock), posted back
    hidden; none when the page had no object yet."""

    widget = PlainHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id. An id no column can hold (a typed 2**63) is refused
    like any unknown id: SQLite overflows on it in an `__in` lookup, a 500."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not is_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class ExcelUploadField(forms.FileField):
    """An Excel list to upload (staff, award history, registrations), said missing or
    empty in Vietnamese."""

    def __init__(self, **kwargs):
        kwargs["error_messages"] = {
            "required": _("Hãy chọn tệp Excel để tải lên."),
            "empty": _("Tệp tải lên rỗng."),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)


# Days are typed dd/mm/yyyy (a browser's date input sends yyyy-mm-dd); a spreadsheet's
# cells also hold them with dashes or dots.
DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
CELL_DAY_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
DAY_INVALID = _("phải có dạng ngày/tháng/năm, ví dụ 10/03/2027.")


def day_input():
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
    )


class DayField(forms.DateField):
    """A day typed as dd/mm/yyyy, said wrong in Vietnamese at the field."""

    def __init__(self, *, invalid=DAY_INVALID, cells=False, **kwargs):
        kwargs.setdefault("input_formats", CELL_DAY_FORMATS if cells else DAY_FORMATS)
        kwargs.setdefault("widget", day_input())
        kwargs["error_messages"] = {"invalid": invalid, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)


def parse_day(text):
    """A day typed dd/mm/yyyy; None when nothing was typed; ValueError when it is not
    a day."""
    text = (text or "").strip()
    if not text:
        return None
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()
