"""This school year is read once per request, and never kept outside one or when the
request itself created it."""

import datetime

from django.urls import reverse

from common import request_cache
from common.generations import cache as parts
from schools import visibility
from schools.models import Role, RoleAssignment, SchoolYear


def test_current_year_is_read_once_per_request(db, django_assert_num_queries):
    SchoolYear.current()  # exists
    token = request_cache._store.set({})
    try:
        with django_assert_num_queries(1):
            first = SchoolYear.current()
            assert SchoolYear.current() is first
    finally:
        request_cache._store.reset(token)


def test_outside_a_request_nothing_is_kept(db, django_assert_num_queries):
    SchoolYear.current()
    with django_assert_num_queries(2):
        SchoolYear.current()
        SchoolYear.current()


def test_a_year_the_request_created_is_not_kept(db):
    token = request_cache._store.set({})
    try:
        SchoolYear.objects.all().delete()
        created = SchoolYear.current()
        assert SchoolYear.objects.filter(pk=created.pk).exists()
        assert request_cache._store.get() == {}
    finally:
        request_cache._store.reset(token)


def test_the_middleware_gives_each_request_its_own_store(client, tree):
    client.force_login(tree.users["teacher_a1"])
    assert client.get(reverse("home")).status_code == 200
    assert request_cache._store.get() is None  # reset after the request


def test_the_roles_bring_this_school_year_in_their_query(tree, django_assert_num_queries):
    """A user holding a role this year: one query gives the roles and the year, which
    SchoolYear.current() then keeps for the rest of the request."""
    user = tree.users["teacher_a1"]
    token = request_cache._store.set({})
    try:
        # as the session's row brings it (common/generations/sessions.py)
        parts.known(parts.CONTENT, parts.generations([parts.CONTENT])[parts.CONTENT])
        with django_assert_num_queries(1):
            access = visibility.access_for(user)
            assert SchoolYear.current() == access.school_year
        assert [a.role for a in access.assignments] == ["teacher"]
    finally:
        request_cache._store.reset(token)


def test_next_years_roles_wait_for_next_year(tree):
    user = tree.users["teacher_a1"]
    this_year = SchoolYear.current()
    next_year = SchoolYear.for_date(this_year.end_date + datetime.timedelta(days=1))
    RoleAssignment.objects.create(
        user=user, role=Role.PRINCIPAL, organization=tree.school_a1, school_year=next_year
    )
    access = visibility.access_for(user)
    assert access.school_year == this_year
    assert [a.role for a in access.assignments] == ["teacher"]
