"""The review list's rows written by one tag (registrations/templatetags/review_rows.py)
are the HTML the template's loop wrote, for every kind of row."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from registrations.models import Status
from registrations.templatetags.review_rows import review_rows
from tests.factories import PersonFactory
from tests.factories.registrations import make_registration

# The loop the template had, kept here as the reference.
TEMPLATE_ROWS = """{% load i18n registration_status %}{% for r in page %}<tr{% if r.is_waiting %} class="table-warning" data-waiting="1"{% endif %}>
  {% if bulk_approve %}<td>{% if r.is_waiting and r.status == "forwarded" %}<input class="form-check-input" type="checkbox" name="selected" value="{{ r.pk }}" form="approve-chosen" aria-label="{% blocktranslate with name=r.person.full_name %}Chọn {{ name }}{% endblocktranslate %}">{% endif %}</td>{% endif %}
  <td><a href="{% url 'registration_detail' r.pk %}">{{ r.person.full_name }}</a>{% if r.is_waiting %} <span class="badge text-bg-warning">{% translate "Chờ bạn" %}</span>{% endif %}</td>
  <td>{{ r.union_group|default:"—" }}</td>
  <td class="d-none d-md-table-cell">{{ r.fields_text|truncatechars:60 }}</td>
  <td>{{ r|status_label }}</td>
  <td class="d-none d-md-table-cell">{{ r.submitted_at|date:"d/m/Y H:i" }}</td>
</tr>{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("bulk_approve", [True, False])
def test_the_rows_are_the_templates(client, tree, campaign_a1, bulk_approve):
    late = timezone.now() - datetime.timedelta(days=3, hours=5)
    people = [
        PersonFactory(organization=tree.school_a1, union_group=tree.group_a1, full_name=name)
        for name in ('Vũ <b>"Hà"</b> & Co', "Lê Thị Ánh", "Trần Văn Bình")
    ]
    people.append(PersonFactory(organization=tree.school_a1, union_group=None, full_name="Đỗ An"))
    make_registration(campaign_a1, people[0], Status.FORWARDED, submitted_at=late)
    make_registration(
        campaign_a1, people[1], Status.APPROVED, submitted_at=late, field_other="x" * 90
    )
    make_registration(campaign_a1, people[2], Status.SUBMITTED, submitted_at=None)
    make_registration(campaign_a1, people[3], Status.FORWARDED, submitted_at=timezone.now())
    client.force_login(tree.users["chair_a1"])
    page = client.get(reverse("review_list")).context["page"]
    assert len(page.object_list) == 4 and any(r.is_waiting for r in page)
    expected = Template(TEMPLATE_ROWS).render(Context({"page": page, "bulk_approve": bulk_approve}))
    assert review_rows(page, bulk_approve) == expected
    assert ("aria-label=" in expected) is bulk_approve  # both kinds of row are compared
