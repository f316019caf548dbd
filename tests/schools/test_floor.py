"""The floor view of the load benchmark: login required, one query of its own."""

from django.urls import reverse

from tests.factories import UserFactory


def test_floor_needs_login(client, db):
    response = client.get(reverse("bench_floor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_floor_shows_own_organisation_with_one_query(client, tree, django_assert_num_queries):
    client.force_login(tree.users["teacher_a1"])
    # session, user, then the view's one query
    with django_assert_num_queries(3):
        response = client.get(reverse("bench_floor"))
    assert response.status_code == 200
    assert response.content.decode().count("Trường A1") == 2
    assert b"navbar" not in response.content


def test_floor_without_person(client, db, django_assert_num_queries):
    client.force_login(UserFactory(username="lone"))
    with django_assert_num_queries(3):
        response = client.get(reverse("bench_floor"))
    assert response.status_code == 200
    assert "—" in response.content.decode()
