"""The form fields the apps share (common/fields.py)."""

import pytest
from django import forms

from common.fields import PlainHiddenInput, VersionField


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (3, {"id": "withdraw-id_version"}),
        (None, {}),
        ("", {"id": "x"}),
        ('<"x&', {"data-on": True, "data-off": False, "class": "a b"}),
    ],
)
def test_a_plain_hidden_input_writes_what_django_s_templates_write(value, attrs):
    assert PlainHiddenInput().render("version", value, attrs) == str(
        forms.HiddenInput().render("version", value, attrs)
    )


def test_the_version_field_is_hidden_optional_and_an_integer():
    class Form(forms.Form):
        version = VersionField()

    bound = Form({"version": "7"})
    assert bound.is_valid() and bound.cleaned_data["version"] == 7
    empty = Form({})
    assert empty.is_valid() and empty.cleaned_data["version"] is None
    assert not Form({"version": "bảy"}).is_valid()
    assert str(Form(initial={"version": 2})["version"]) == (
        '<input type="hidden" name="version" value="2" id="id_version">'
    )
