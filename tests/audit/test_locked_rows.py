"""An update's audit entry is diffed against the row as it was locked in the same
transaction (common.locked_rows) instead of reading it again, and only while that is
still the row: not after the savepoint of a save rolled back, not after the commit."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.models import LogEntry
from common import locked_rows
from registrations import review
from registrations.models import InnovationRegistration, Status
from registrations.transitions import lock
from tests.factories.awards import person_of
from tests.factories.registrations import make_campaign, make_registration

TABLE = InnovationRegistration._meta.db_table


@pytest.fixture
def forwarded(tree):
    campaign = make_campaign(tree.school_a1)
    return make_registration(campaign, person_of(tree.users["teacher_a1"]), Status.FORWARDED)


def _reads_of_the_form(captured):
    return [q["sql"] for q in captured if q["sql"].startswith("SELECT") and TABLE in q["sql"]]


def _last_update(item):
    return LogEntry.objects.filter(object_pk=str(item.pk), action=LogEntry.Action.UPDATE).latest(
        "pk"
    )


def test_an_approval_reads_the_form_once_and_logs_what_changed(tree, forwarded):
    with CaptureQueriesContext(connection) as captured:
        review.approve(tree.users["chair_a1"], forwarded, "Tốt")
    assert len(_reads_of_the_form(captured)) == 1  # the lock, no second read by the log
    changes = _last_update(forwarded).changes
    assert changes["status"] == ["forwarded", "approved"]
    assert changes["last_comment"] == ["", "Tốt"]
    assert changes["version"] == [str(forwarded.version), str(forwarded.version + 1)]


def test_two_saves_in_one_transaction_each_log_their_own_change(tree, forwarded):
    with transaction.atomic():
        item = lock(forwarded)
        item.last_comment = "Một"
        item.save()
        item.last_comment = "Hai"
        item.save(update_fields=["last_comment"])
    assert _last_update(forwarded).changes == {"last_comment": ["Một", "Hai"]}


def test_a_save_of_some_fields_named_by_their_column_keeps_the_others(tree, forwarded):
    chair = tree.users["chair_a1"]
    with transaction.atomic():
        item = lock(forwarded)
        item.reviewer_id, item.last_comment = chair.pk, "Chưa lưu"
        item.save(update_fields=["reviewer_id"])
        item.last_comment = "Lưu"
        item.save()
    # the second save changed the comment only: the reviewer was stored by the first
    assert _last_update(forwarded).changes == {"last_comment": ["", "Lưu"]}


def test_a_save_rolled_back_with_its_savepoint_is_not_taken_for_the_row(tree, forwarded):
    with transaction.atomic():
        item = lock(forwarded)
        try:
            with transaction.atomic():
                item.last_comment = "Không lưu"
                item.save()
                raise RuntimeError
        except RuntimeError:
            pass
        assert locked_rows.as_stored(item) is None  # what it held was rolled back
        item.last_comment = "Lưu"
        item.save()
    # diffed against the row as it stands (read again), not against the rolled-back save
    assert _last_update(forwarded).changes == {"last_comment": ["", "Lưu"]}


def test_what_is_remembered_is_a_copy(tree, forwarded):
    with transaction.atomic():
        item = lock(forwarded)
        item.status = Status.APPROVED
        stored = locked_rows.as_stored(item)
        assert stored.status == Status.FORWARDED and stored is not item


@pytest.mark.django_db(transaction=True)
def test_after_the_commit_the_row_is_read_again(tree):
    """The lock ends with the transaction: a later save of the same object is diffed
    against the row as it stands then (another writer may have changed it)."""
    campaign = make_campaign(tree.school_a1)
    item = make_registration(campaign, person_of(tree.users["teacher_a1"]), Status.FORWARDED)
    with transaction.atomic():
        locked = lock(item)
    assert locked_rows.as_stored(locked) is None
    InnovationRegistration.objects.filter(pk=item.pk).update(last_comment="Người khác")
    locked_rows.remember(item)  # in autocommit: no lock outlives the query
    assert locked_rows.as_stored(item) is None
    locked.last_comment = "Của tôi"
    locked.save()
    assert _last_update(item).changes == {"last_comment": ["Người khác", "Của tôi"]}
