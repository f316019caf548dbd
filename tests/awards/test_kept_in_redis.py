"""What is kept across requests in one Redis that every process shares
(DJANGO_CACHE_URL, config/settings.py): the real Redis of this machine and of CI, one
database per test process. A page built by one process is served by another from
Redis in the same two queries, and a change shows at once in every process."""

import os

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from config.settings import KEPT_CACHES
from tests.factories.awards import make_round

# one Redis database per test process (pytest-xdist's gw0, gw1, ...), emptied around
# each test
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
URL = f"redis://127.0.0.1:6379/{8 + int(WORKER) % 8}"
IN_REDIS = {
    name: {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": URL,
        "KEY_PREFIX": name,
        "TIMEOUT": 3600,
    }
    for name in KEPT_CACHES
}


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
    caches.close_all()
    with django_assert_num_queries(2):  # session (with the generation), user
        kept = client.get(reverse("award_rounds")).content.decode()
    assert kept.count("Quý IV") == first.count("Quý IV") > 0
    make_round(tree.dept_a, deadline_in_days=9, name="Quý I năm sau")
    assert "Quý I năm sau" in client.get(reverse("award_rounds")).content.decode()
