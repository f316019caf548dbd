"""What is kept across requests in one Redis that every process shares
(DJANGO_CACHE_URL, config/settings.py), with each process's own copies in memory in
front of it (common/generations/memory_before_redis.py): the real Redis of this machine
and of CI, one database per test process. A page built by one process is served by
another from Redis in the same two queries, then from its memory without asking Redis,
and a change shows at once in every process."""

import os

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from common.generations.memory_before_redis import MemoryBeforeRedis
from config.settings import KEPT_CACHES, kept_cache
from tests.factories.awards import make_round

# one Redis database per test process (pytest-xdist's gw0, gw1, ...), emptied around
# each test
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
URL = f"redis://127.0.0.1:6379/{8 + int(WORKER) % 8}"
IN_REDIS = {name: kept_cache(name, entries, URL) for name, entries in KEPT_CACHES.items()}


@pytest.fixture
def shared():
    server = redis.Redis.from_url(URL)
    server.flushdb()
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}} | IN_REDIS
    ):
        yield server
    server.flushdb()


@pytest.mark.usefixtures("catalogue")
def test_a_page_built_by_one_process_is_served_by_another_from_redis(
    client, tree, shared, django_assert_num_queries
):
    make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    client.force_login(tree.users["office_a"])
    first = client.get(reverse("award_rounds")).content.decode()
    # in Redis, under each kind's prefix: the page and the user's roles
    keys = [key.decode() for key in shared.scan_iter()]
    assert any(key.startswith("parts:") for key in keys)
    assert any(key.startswith("access:") for key in keys)
    # another process: nothing of its own in memory, everything from Redis
    for name in KEPT_CACHES:
        caches[name].local.clear()
    with django_assert_num_queries(2):  # session (with the generation), user
        kept = client.get(reverse("award_rounds")).content.decode()
    assert kept.count("Quý IV") == first.count("Quý IV") > 0
    # asked again there: from its memory, Redis not asked (emptied behind its back)
    shared.flushdb()
    with django_assert_num_queries(2):
        again = client.get(reverse("award_rounds")).content.decode()
    assert again.count("Quý IV") == first.count("Quý IV")
    assert not list(shared.scan_iter())
    make_round(tree.dept_a, deadline_in_days=9, name="Quý I năm sau")
    assert "Quý I năm sau" in client.get(reverse("award_rounds")).content.decode()


def test_memory_before_redis_reads_redis_once_and_forgets_with_it(shared):
    kept = MemoryBeforeRedis(URL, {"KEY_PREFIX": "t", "TIMEOUT": 60, "LOCAL_ENTRIES": 10})
    assert kept.get("page") is None
    assert kept.get("page", "none") == "none"
    kept.set("page", "<p>trang</p>")
    assert [key.decode() for key in shared.scan_iter()] == ["t:1:page"]
    # another process (the memory of a process is shared by its caches of one prefix)
    kept.local.clear()
    assert kept.get("page") == "<p>trang</p>"  # read from Redis
    shared.flushdb()
    assert kept.get("page") == "<p>trang</p>"  # then from its own memory
    assert kept.add("new", 1) and not kept.add("new", 2)
    kept.local.clear()
    assert kept.get("new") == 1
    kept.delete("new")
    assert kept.get("new") is None
    kept.clear()
    assert kept.get("page") is None and not list(shared.scan_iter())


def test_memory_before_redis_keeps_at_most_its_local_entries(shared):
    kept = MemoryBeforeRedis(URL, {"KEY_PREFIX": "t", "TIMEOUT": 60, "LOCAL_ENTRIES": 3})
    for number in range(10):
        kept.set(f"part-{number}", number)
    assert len(kept.local._cache) <= 3
    assert [kept.get(f"part-{number}") for number in range(10)] == list(range(10))  # Redis
