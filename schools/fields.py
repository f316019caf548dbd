"""Form fields the apps share."""

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # the largest id a database column holds


def is_id(value):
    """`value` is an id as typed in a form: ASCII digits, small enough for a column."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


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
