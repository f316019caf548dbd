"""Invariants of people and roles live in the models, not in a widget's choices: a
person's units are units of the person's own school, and a role held for a unit is held
in that unit's organisation, whoever writes the row (admin, service, import, shell)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools.models import Person, Role, RoleAssignment, SchoolYear, Unit
from tests.factories import PersonFactory, UnitFactory, UserFactory
from tests.security.admin_forms import form_data


def test_a_person_cannot_join_another_schools_union_group(tree):
    person = PersonFactory(organization=tree.school_a1)
    person.union_group = tree.group_b1
    with pytest.raises(ValidationError) as error:
        person.save()
    assert "union_group" in error.value.message_dict
    assert "thuộc đơn vị khác" in error.value.message_dict["union_group"][0]
    assert Person.objects.get(pk=person.pk).union_group_id is None


def test_units_of_the_wrong_kind_are_refused(tree):
    team = UnitFactory(organization=tree.school_a1, kind=Unit.Kind.PROFESSIONAL_TEAM)
    person = PersonFactory(organization=tree.school_a1)
    person.union_group = team
    with pytest.raises(ValidationError, match="không phải tổ công đoàn"):
        person.full_clean()
    person.union_group, person.team = None, tree.group_a1
    with pytest.raises(ValidationError, match="không phải tổ chuyên môn"):
        person.save()


def test_office_staff_cannot_move_a_teacher_into_another_schools_group(client, tree):
    """The attack: an office manages both schools, so both groups were offered; the
    other school's group leader then reviewed and returned the teacher's form."""
    person = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    other_group = UnitFactory(organization=tree.school_a2, name="Tổ công đoàn A2")
    client.force_login(tree.users["office_a"])
    url = reverse("admin:schools_person_change", args=[person.pk])
    data = form_data(client.get(url).content.decode(), "person_form")
    assert client.post(url, data).status_code == 302  # unchanged, it saves
    response = client.post(url, {**data, "union_group": [str(other_group.pk)]})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "thuộc đơn vị khác" in errors["union_group"][0]
    person.refresh_from_db()
    assert person.union_group_id == tree.group_a1.pk


def test_a_role_for_a_unit_is_held_in_the_units_organisation(tree):
    with pytest.raises(ValidationError, match="không thuộc tổ chức"):
        RoleAssignment.objects.create(
            user=UserFactory(),
            role=Role.UNION_GROUP_LEADER,
            organization=tree.school_a1,
            unit=tree.group_b1,
            school_year=SchoolYear.current(),
        )
