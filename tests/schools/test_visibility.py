import pytest

from schools import visibility
from schools.models import Organization, Person, RoleAssignment, Unit


def names(user, model=Organization):
    return set(visibility.visible(user, model).values_list("name", flat=True))


def test_office_staff_see_their_office_subtree_only(tree):
    assert names(tree.users["office_a"]) == {"Phòng A", "Trường A1", "Trường A2"}
    assert names(tree.users["office_b"]) == {"Phòng B", "Trường B1"}


def test_department_staff_see_all_below_their_sở(tree):
    assert names(tree.users["dept_a"]) == {
        "Sở A",
        "Phòng A",
        "Trường A1",
        "Trường A2",
        "THPT A",
        "UBND xã A",
        "Trường A3",
    }


def test_school_roles_see_their_school(tree):
    for key in ["principal_a1", "chair_a1", "leader_a1", "teacher_a1"]:
        assert names(tree.users[key]) == {"Trường A1"}, key


def test_admin_sees_everything(tree):
    assert names(tree.users["admin"]) == set(Organization.objects.values_list("name", flat=True))


def test_people_of_another_school_are_invisible(tree):
    teacher_b1 = tree.users["teacher_b1"]
    a1_people = Person.objects.filter(organization=tree.school_a1)
    assert a1_people.exists()
    assert not visibility.visible(teacher_b1, Person).filter(organization=tree.school_a1).exists()
    assert (
        not visibility.visible(tree.users["office_b"], Person)
        .filter(organization__in=[tree.school_a1, tree.school_a2])
        .exists()
    )


def test_only_managers_change(tree):
    a1 = tree.school_a1
    assert visibility.can_manage(tree.users["principal_a1"], a1)
    assert visibility.can_manage(tree.users["office_a"], a1)
    assert visibility.can_manage(tree.users["dept_a"], a1)
    assert not visibility.can_manage(tree.users["teacher_a1"], a1)
    assert not visibility.can_manage(tree.users["chair_a1"], a1)
    assert not visibility.can_manage(tree.users["principal_a2"], a1)
    assert not visibility.can_manage(tree.users["office_b"], a1)


def test_role_assignments_visible_to_managers_and_holder(tree):
    teacher = tree.users["teacher_a1"]
    own = visibility.visible(teacher, RoleAssignment)
    assert set(own.values_list("user__username", flat=True)) == {"gv_a1"}
    principal = visibility.visible(tree.users["principal_a1"], RoleAssignment)
    assert {"gv_a1", "ctcd_a1", "tt_a1", "ht_a1"} <= set(
        principal.values_list("user__username", flat=True)
    )
    assert "ht_b1" not in set(principal.values_list("user__username", flat=True))


def test_anonymous_sees_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not visibility.visible(AnonymousUser(), Organization).exists()
    assert not visibility.visible(AnonymousUser(), Unit).exists()


def test_unregistered_model_is_an_error():
    with pytest.raises(LookupError):
        visibility.policy_for(dict)


def test_last_years_roles_hold_until_this_years_are_assigned(tree):
    import datetime

    from schools.models import RoleAssignment, SchoolYear
    from schools.visibility import access_for
    from tests.factories import UserFactory

    user = UserFactory()
    last = SchoolYear.for_date(SchoolYear.current().start_date - datetime.timedelta(days=1))
    older = SchoolYear.for_date(last.start_date - datetime.timedelta(days=1))
    RoleAssignment.objects.create(
        user=user, role="principal", organization=tree.school_a2, school_year=older
    )
    RoleAssignment.objects.create(
        user=user, role="teacher", organization=tree.school_a1, school_year=last
    )
    assert [(a.role, a.organization) for a in access_for(user).assignments] == [
        ("teacher", tree.school_a1)
    ]
    RoleAssignment.objects.create(
        user=user, role="union_chair", organization=tree.school_b1, school_year=SchoolYear.current()
    )
    user.__dict__.pop("_tdkt_access", None)
    assert [a.role for a in access_for(user).assignments] == ["union_chair"]


def test_the_staff_record_comes_with_the_roles(tree, django_assert_num_queries):
    from schools.visibility import access_for

    with django_assert_num_queries(1):
        access = access_for(tree.users["teacher_a1"])
        person = access.person
        assert (person.organization, person.union_group) == (tree.school_a1, tree.group_a1)


def test_a_user_without_a_staff_record_has_no_person(tree):
    from schools.models import RoleAssignment, SchoolYear
    from schools.visibility import access_for
    from tests.factories import UserFactory

    user = UserFactory()
    RoleAssignment.objects.create(
        user=user, role="office_staff", organization=tree.office_a, school_year=SchoolYear.current()
    )
    assert access_for(user).person is None
