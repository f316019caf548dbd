"""The signed-in user is kept across requests (schools.accounts.KeptUserMiddleware) while
nothing moves CONTENT, and never outlives what Django checks of a session: its password
hash and the account being active."""

import pytest
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory


def _floor(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("bench_floor"))
    return response, [query["sql"] for query in queries]


def _reads_users(queries):
    return [sql for sql in queries if 'FROM "auth_user"' in sql]


def test_a_second_request_finds_its_user_without_a_query(client, tree):
    client.force_login(tree.users["teacher_a1"])
    first, queries = _floor(client)
    assert first.status_code == 200 and len(_reads_users(queries)) == 1
    second, queries = _floor(client)
    assert second.status_code == 200 and _reads_users(queries) == []
    assert len(queries) == 2  # the session (with CONTENT's generation), the view's own
    assert "Trường A1" in second.content.decode()  # the teacher's own school


def test_another_session_of_the_same_account_finds_it_too(client, tree):
    client.force_login(tree.users["teacher_a1"])
    _floor(client)
    client.logout()
    client.force_login(tree.users["teacher_a1"])
    response, queries = _floor(client)
    assert response.status_code == 200 and _reads_users(queries) == []


def _change_password(user):
    user.set_password("mật-khẩu-mới-2026")


def _make_inactive(user):
    user.is_active = False


@pytest.mark.parametrize("change", [_change_password, _make_inactive], ids=["password", "inactive"])
def test_a_kept_user_is_signed_out_by_a_new_password_or_leaving(client, db, change):
    user = UserFactory(username="gv_doi")
    client.force_login(user)
    assert _floor(client)[0].status_code == 200  # kept
    change(user)
    user.save()
    response, _queries = _floor(client)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_with_another_hash_finds_nobody(client, db):
    user = UserFactory(username="gv_gia")
    client.force_login(user)
    assert _floor(client)[0].status_code == 200  # kept under the true hash
    session = client.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response, _queries = _floor(client)
    assert response.status_code == 302


def test_a_login_elsewhere_keeps_the_user_kept(client, db):
    """last_login alone does not move CONTENT (schools/apps.py): another login of the
    same account does not make every page load the user again."""
    from django.contrib.auth.models import update_last_login

    user = UserFactory(username="gv_hai_may")
    client.force_login(user)
    _floor(client)
    update_last_login(None, user)
    response, queries = _floor(client)
    assert response.status_code == 200 and _reads_users(queries) == []
