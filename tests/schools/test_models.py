from schools.models import Organization, Person, SchoolYear
from tests.factories import OrganizationFactory, PersonFactory


def test_subtree_is_one_query_and_holds_old_and_new_shapes(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(tree.dept_a.subtree().values_list("name", flat=True))
    assert names == {
        "Sở A",
        "Phòng A",
        "Trường A1",
        "Trường A2",
        "THPT A",
        "UBND xã A",
        "Trường A3",
    }
    assert set(tree.dept_a.schools().values_list("name", flat=True)) == {
        "Trường A1",
        "Trường A2",
        "THPT A",
        "Trường A3",
    }
    assert list(tree.school_a3.ancestors()) == [tree.ministry, tree.dept_a, tree.commune_a]


def test_subtree_query_uses_the_path_prefix(tree):
    sql = str(tree.office_a.subtree().query)
    assert "path" in sql and "LIKE" in sql.upper()


def test_moving_an_organisation_moves_its_subtree(tree):
    # A district is abolished: its school moves under the commune's office.
    tree.office_a.parent = tree.commune_a
    tree.office_a.save()
    tree.school_a1.refresh_from_db()
    assert tree.school_a1.path.startswith(tree.commune_a.path)
    assert tree.school_a1 in tree.commune_a.subtree()
    assert tree.school_a1.depth == 4


def test_person_derived_fields(db):
    person = PersonFactory(full_name="  Đặng   Kim Ngân ")
    assert person.full_name == "Đặng Kim Ngân"
    assert person.given_name == "Ngân"
    assert person.search_name == "dang kim ngan"
    people = [
        PersonFactory(organization=person.organization, full_name=n)
        for n in ["Trần Văn Bình", "Lê Thị An"]
    ]
    ordered = list(Person.objects.filter(organization=person.organization))
    assert [p.full_name for p in ordered] == ["Lê Thị An", "Trần Văn Bình", "Đặng Kim Ngân"]
    assert len(people) == 2


def test_school_year_for_date(db):
    import datetime

    assert SchoolYear.for_date(datetime.date(2017, 10, 30)).name == "2017-2018"
    assert SchoolYear.for_date(datetime.date(2018, 5, 31)).name == "2017-2018"
    assert SchoolYear.for_date(datetime.date(2018, 9, 1)).name == "2018-2019"


def test_no_level_is_hard_coded(db):
    """Any kind may sit above a school: a THPT directly under a Sở."""
    dept = OrganizationFactory(kind=Organization.Kind.DEPARTMENT, school_level="")
    school = OrganizationFactory(parent=dept, school_level=Organization.Level.UPPER_SECONDARY)
    assert school.parent == dept and school.is_school
    assert list(dept.schools()) == [school]
