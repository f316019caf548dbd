"""Simultaneous writes, on SQLite (the database of `make run`) as on PostgreSQL.

The attack: two approvals at the same moment on SQLite gave a 500 "database is locked":
both transactions read first and then both asked for the write lock, which SQLite
refuses to one of them at once, without waiting. Transactions now take the write lock
when they begin (IMMEDIATE), so the second waits its turn.

The race is made certain, not left to timing: each request stops inside its transaction,
after reading the form and before writing, until the other one has read too (or for two
seconds, which is what happens when the database lets the second wait at the start)."""

import contextlib
import threading
from unittest import mock

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from registrations import review, services, transitions
from registrations.models import InnovationRegistration, ReviewEvent, Status
from tests.factories import PersonFactory
from tests.factories.registrations import M1_DATA, make_campaign, make_registration, person

pytestmark = pytest.mark.shared_database


def _at_the_same_moment(*calls, meet_for=2.0):
    """Run the calls in threads, each with its own database connection, the writes of
    their transactions held until all have read. Returns each call's result or error."""
    barrier = threading.Barrier(len(calls), timeout=meet_for)
    original = transitions.transition

    def transition(*args, **kwargs):
        # A broken barrier: the others wait at BEGIN, the database serialises them.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return original(*args, **kwargs)

    results = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connections.close_all()

    # Each side calls the name it imported from registrations.transitions.
    with (
        mock.patch.object(services, "transition", transition),
        mock.patch.object(review, "transition", transition),
    ):
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return results


def _approve_through_the_page(user, item):
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("registration_approve", args=[item.pk]),
        {"version": item.version},
    )
    return response.status_code


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_both_go_through(tree):
    """Two forms approved in two tabs at once: both approved, no error page."""
    campaign = make_campaign(tree.school_a1)
    colleague = PersonFactory(organization=tree.school_a1, union_group=tree.group_a1)
    forms = [
        make_registration(campaign, person(tree.users["teacher_a1"]), Status.FORWARDED),
        make_registration(campaign, colleague, Status.FORWARDED),
    ]
    chair = tree.users["chair_a1"]
    results = _at_the_same_moment(*[lambda f=f: _approve_through_the_page(chair, f) for f in forms])
    assert results == [302, 302], results
    assert set(InnovationRegistration.objects.values_list("status", flat=True)) == {Status.APPROVED}
    assert ReviewEvent.objects.filter(action="approve").count() == 2


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_of_one_form_at_the_same_moment_one_wins(tree):
    """The chair approves a forwarded form in one tab while returning it in another
    (or a second reviewer does): one wins, the other is told why, and the history
    holds one decision."""
    teacher, leader = tree.users["teacher_a1"], tree.users["leader_a1"]
    m1 = services.submit(
        teacher,
        services.save_registration(teacher, make_campaign(tree.school_a1), M1_DATA),
    )
    m1 = review.forward(leader, m1)
    results = _at_the_same_moment(
        lambda: services.approve(tree.users["chair_a1"], m1),
        lambda: services.return_for_changes(tree.users["chair_a1"], m1, "Thiếu"),
    )
    won = [r for r in results if isinstance(r, InnovationRegistration)]
    told = [r for r in results if isinstance(r, services.ServiceError)]
    assert len(won) == 1 and len(told) == 1, results
    assert str(told[0]).startswith("Không thực hiện được: đăng ký đang ở trạng thái")
    final = InnovationRegistration.objects.get(pk=m1.pk)
    assert final.status == won[0].status
    # save, submit, forward, and one decision
    assert ReviewEvent.objects.filter(registration=final).count() == 4


def test_sqlite_takes_the_write_lock_at_begin(settings):
    """The setting behind it, for the database `make run` uses."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("a setting of the SQLite backend")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
