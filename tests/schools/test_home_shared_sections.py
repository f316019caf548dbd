"""The home's plans and blocks boxes are kept once for everyone who sees the same plans
and blocks (schools.visibility.rights_of): a colleague of another union group does not
build them again, and a teacher of another school gets her own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.models import Plan
from schools.models import Role, Unit
from tests.factories import user_with_role
from tests.factories.emulation import make_plan

pytestmark = pytest.mark.django_db

PLANS = 'SELECT "emulation_plan"."id"'  # the box's query (the campaigns' ask of plans too)
BOX = re.compile(r'<div class="card" data-testid="home-plans">.*?</div>\s*</div>', re.S)


def _home(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    plan_queries = [q for q in queries.captured_queries if q["sql"].startswith(PLANS)]
    return BOX.search(response.content.decode()).group(0), len(plan_queries)


def test_a_schools_teachers_share_the_plans_box_and_another_school_has_its_own(client, tree):
    make_plan(tree.school_a1, status=Plan.Status.PUBLISHED, title="Kế hoạch của trường A1")
    make_plan(tree.school_b1, status=Plan.Status.PUBLISHED, title="Kế hoạch của trường B1")
    group_two = Unit.objects.create(
        organization=tree.school_a1, kind=Unit.Kind.UNION_GROUP, name="Tổ công đoàn 2"
    )
    colleague = user_with_role(Role.TEACHER, tree.school_a1, unit=group_two, username="gv_hai")

    first, asked = _home(client, tree.users["teacher_a1"])
    second, asked_again = _home(client, colleague)
    assert "Kế hoạch của trường A1" in first and "Kế hoạch của trường B1" not in first
    assert second == first
    assert asked >= 1 and asked_again == 0  # kept once for both

    other, asked_b = _home(client, tree.users["teacher_b1"])
    assert "Kế hoạch của trường B1" in other and "Kế hoạch của trường A1" not in other
    assert asked_b >= 1
