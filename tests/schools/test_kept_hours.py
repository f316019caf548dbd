"""What pages keep is built again within the hour and at midnight, each kept thing at a
moment of its own in the hour (common.generations.cache.hour_of): on the clock's hour
every person's pages and parts used to be built again at once."""

import datetime
import zoneinfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.generations.cache import hour_of

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
KEYS = [f"home:{person}:/:vi" for person in range(1000)]


def _at(day, hour, minute=0, second=0):
    return datetime.datetime(2026, 12, day, hour, minute, second, tzinfo=HANOI)


def _changes(key, start, minutes):
    """The minutes after `start` at which the key's hour changes."""
    seen, moments = hour_of(key, start), []
    for minute in range(1, minutes + 1):
        now = hour_of(key, start + datetime.timedelta(minutes=minute))
        if now != seen:
            moments.append(minute)
            seen = now
    return moments


def test_each_key_is_built_again_once_an_hour_at_its_own_minute():
    starts = set()
    for key in KEYS[:50]:
        changes = _changes(key, _at(5, 9), 180)
        assert len(changes) == 3, (key, changes)  # once an hour, never more, never less
        assert changes[1] - changes[0] == changes[2] - changes[1] == 60
        starts.add(changes[0] % 60)
    assert len(starts) >= 30  # spread over the hour, not all at the clock's hour


def test_the_keys_of_one_hour_are_not_all_built_again_at_once():
    before, after = _at(5, 9, 59, 59), _at(5, 10, 0, 1)
    moved = sum(hour_of(key, before) != hour_of(key, after) for key in KEYS)
    assert moved < 20, moved  # about 1 in 1,800 a second; all 1,000 with the clock's hour


def test_every_key_is_built_again_at_midnight_and_no_hour_comes_back():
    for key in KEYS[:200]:
        assert hour_of(key, _at(5, 23, 59, 59)) != hour_of(key, _at(6, 0, 0, 1))
        # 00:10 and 23:30 of one day: the hour shifted back to the day before is not
        # the day's last hour
        assert hour_of(key, _at(6, 0, 10)) != hour_of(key, _at(6, 23, 30))
        hours = {hour_of(key, _at(6, 0) + datetime.timedelta(minutes=m)) for m in range(0, 1440, 7)}
        assert 24 <= len(hours) <= 25  # a day's hours, and the midnight's start


def _queries(client, moment):
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_a_kept_home_is_built_again_within_the_hour(client, tree):
    client.force_login(tree.users["teacher_a1"])
    start = _at(5, 9, 0)
    built = _queries(client, start)
    kept = _queries(client, start)
    assert kept < built, (kept, built)
    # every part's hour lasts 60 minutes, whichever minute it starts at: 61 later, each
    # is built again
    rebuilt = _queries(client, start + datetime.timedelta(minutes=61))
    assert kept < rebuilt, (kept, rebuilt, built)
