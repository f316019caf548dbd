import factory
from django.contrib.auth import get_user_model

from schools.models import Organization, Person, Role, SchoolYear, Unit
from schools.services import assign_role


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Trường Tiểu học Số {n}")
    kind = Organization.Kind.SCHOOL
    school_level = Organization.Level.PRIMARY
    governing_body = "PHÒNG GDĐT HUYỆN MẪU"
    abbreviation = factory.Sequence(lambda n: f"TH{n}")
    place_name = "Xã Mẫu"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organization = factory.SubFactory(OrganizationFactory)
    kind = Unit.Kind.UNION_GROUP
    name = factory.Sequence(lambda n: f"Tổ công đoàn {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("matkhau-123")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người{n}")
    gender = Person.Gender.MALE
    position = Person.Position.TEACHER


def user_with_role(role, organization, unit=None, username=None, person=True):
    """A user holding `role` at `organization` this school year, with a Person."""
    user = UserFactory(username=username) if username else UserFactory()
    assign_role(user, role, organization, unit=unit, school_year=SchoolYear.current())
    if person:
        PersonFactory(
            organization=organization,
            user=user,
            union_group=unit if unit and unit.is_union_group else None,
            full_name=f"Trần Thị {user.username.capitalize()}",
        )
    return user


__all__ = [
    "OrganizationFactory",
    "PersonFactory",
    "Role",
    "UnitFactory",
    "UserFactory",
    "user_with_role",
]
