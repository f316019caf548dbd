"""Every action URL of the matrix, posted with a real action body by every role that may
see the object but may not perform that action: refused, and nothing is written to the
database. The same body posted by one of its actors changes something, so each refusal
is the permission's doing, not a malformed body's.

tests/test_permissions.py checks who reaches each URL at all (an empty POST: 302 for
those who see the object, 404 for the others); the bodies and actors are in
tests/security/action_bodies.py."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests.security.action_bodies import ACTS
from tests.test_permissions import OBJECT_URLS


def writes():
    """Rows written so far by this connection: inserted, updated or deleted (SQLite's
    total_changes(); on PostgreSQL the transaction's table statistics). Stricter than
    comparing the tables: even a write that leaves a row as it was counts."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        else:
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                "FROM pg_stat_xact_user_tables"
            )
        return cursor.fetchone()[0]


def post(client, tree, act, user):
    """Make the object, log `user` in, post the act's body: (response, changed?)."""
    make, _seers, _method, extra, *_answer = OBJECT_URLS[act.url]
    obj = make(tree)
    body = act.body(tree, obj)
    client.force_login(user)
    kwargs = {"pk": obj.pk, **{k: v(tree) for k, v in extra.items()}}
    url = reverse(act.url, kwargs=kwargs)
    before = writes()
    response = client.post(url, body)
    return response, writes() != before


def test_every_action_url_has_bodies():
    posted = {name for name, spec in OBJECT_URLS.items() if spec[2] == "post"}
    covered = {act.url for act in ACTS}
    # Who may post these is all who reach them (tests/test_permissions.py): no one sees
    # them without being allowed to act.
    everyone_acts = {"participation_remind", "block_create", "decision_certificates"}
    everyone_acts |= {"person_password_reset", "plan_autosave", "plan_paste"}
    everyone_acts |= {"award_round_remind"}  # each office reminds the units below it
    assert posted - covered == everyone_acts, posted - covered


@pytest.mark.parametrize("act", ACTS, ids=str)
def test_who_sees_but_may_not_act_is_refused_and_nothing_changes(
    client, tree, act, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seers = OBJECT_URLS[act.url][1]
    assert act.actors <= seers, "an actor who cannot see the object"
    for role in sorted(seers - act.actors):
        with transaction.atomic():
            response, changed = post(client, tree, act, tree.users[role])
            transaction.set_rollback(True)
        assert response.status_code in (302, 403, 404), (role, response.status_code)
        assert not changed, f"{role} changed something with {act}"
    if act.actors:
        actor = sorted(act.actors)[0]
        with transaction.atomic():
            _response, changed = post(client, tree, act, tree.users[actor])
            transaction.set_rollback(True)
        assert changed, f"{act} posted by {actor} changed nothing: the body is not an action"
