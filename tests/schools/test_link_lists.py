"""`{% links %}` and `|address`: a long list's links written without a reverse() each,
the same addresses {% url %} gives, the names escaped."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from schools.models import Organization

pytestmark = pytest.mark.django_db


def test_links_are_the_urls_with_the_names_escaped(tree):
    tree.school_a2.name = 'Trường <b>A2</b> & "B"'
    schools = [tree.school_a1, tree.school_a2]
    html = Template('{% load schools_tags %}{% links schools "organization_detail" %}').render(
        Context({"schools": schools})
    )
    assert html == (
        f'<a href="{reverse("organization_detail", args=[tree.school_a1.pk])}">Trường A1</a>, '
        f'<a href="{reverse("organization_detail", args=[tree.school_a2.pk])}">'
        "Trường &lt;b&gt;A2&lt;/b&gt; &amp; &quot;B&quot;</a>"
    )


def test_a_pair_links_to_its_own_address_and_an_empty_list_to_nothing(tree):
    template = Template(
        '{% load schools_tags %}{% links pairs "plan_detail" %}|{{ 7|address:"plan_detail" }}'
    )
    html = template.render(Context({"pairs": [(tree.school_a1, 42)]}))
    assert html == f'<a href="{reverse("plan_detail", args=[42])}">Trường A1</a>|' + reverse(
        "plan_detail", args=[7]
    )
    assert template.render(Context({"pairs": Organization.objects.none()})).startswith("|")
