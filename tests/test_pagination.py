"""common.pagination.CountedPaginator pages as Django's Paginator does, a page with the
list's count in one query."""

import pytest
from django.core.paginator import Paginator

from common.pagination import CountedPaginator
from schools.models import Person
from tests.factories import PersonFactory


def _shown(page):
    return (
        page.number,
        [p.pk for p in page.object_list],
        page.paginator.count,
        page.paginator.num_pages,
    )


@pytest.mark.parametrize(
    "asked", ["1", "2", "3", "99", "100001", "9" * 25, "0", "-1", "abc", "2.0", None]
)
def test_pages_as_django_does(tree, asked):
    for _ in range(7):
        PersonFactory(organization=tree.school_a1)
    people = Person.objects.filter(organization=tree.school_a1).order_by("pk")
    assert people.count() > 6
    expected = _shown(Paginator(people, 3).get_page(asked))
    assert _shown(CountedPaginator(people, 3).get_page(asked)) == expected


def test_an_empty_list(db):
    page = CountedPaginator(Person.objects.none().order_by("pk"), 3).get_page("1")
    assert _shown(page) == (1, [], 0, 1)


def test_a_page_and_its_count_in_one_query(tree, django_assert_num_queries):
    for _ in range(7):
        PersonFactory(organization=tree.school_a1)
    people = Person.objects.filter(organization=tree.school_a1).order_by("pk")
    total, second = people.count(), [p.pk for p in people[3:6]]
    with django_assert_num_queries(1):
        page = CountedPaginator(people, 3).get_page("2")
        assert page.has_next() and page.paginator.count == total
        assert [p.pk for p in page] == second
