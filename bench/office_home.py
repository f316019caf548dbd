"""Queries of the office home (awards/office_today.py: proposals waiting, live rounds,
the office's own proposals, block reports, plans implemented below) for a Phòng of 22
schools and one of 730, both under one Sở and holding the same kinds of rows in
proportion to their size: built as tests/awards/test_office_home_queries.py builds
them. Target: the same number of queries at both sizes."""

import time
from types import SimpleNamespace

from bench.harness import row, setup_django

SIZES = [22, 730]
REPEATS = 3


def department():
    from schools.models import Organization

    ministry = Organization.objects.create(
        name="Bộ Giáo dục và Đào tạo", kind=Organization.Kind.MINISTRY, abbreviation="BGDĐT"
    )
    return Organization.objects.create(
        name="Sở Giáo dục và Đào tạo Bình Dương",
        kind=Organization.Kind.DEPARTMENT,
        parent=ministry,
        abbreviation="SGDĐT",
        governing_body="UBND TỈNH BÌNH DƯƠNG",
    )


def home(user, office):
    """(queries, median ms) of the home page, after one request that warms the session."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    client.get(reverse("home"))
    timings = []
    for _ in range(REPEATS):
        caches["parts"].clear()  # the page built, not served kept (common/generations)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(reverse("home"))
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        assert office.name in response.content.decode(), "not the office's own home"
    return len(captured), sorted(timings)[len(timings) // 2] * 1000


def main():
    setup_django()
    from tests.awards.test_office_home_queries import MAX_QUERIES, build_office
    from tests.factories.awards import make_round

    tree = SimpleNamespace(dept_a=department())
    department_round = make_round(tree.dept_a, deadline_in_days=12, name="Quý IV")
    offices = [build_office(tree, f"Cỡ {size}", size, department_round) for size in SIZES]
    (small, small_ms), (big, big_ms) = (home(user, office) for office, user in offices)
    return [
        row(
            f"queries: office home, Phòng ({SIZES[0]} / {SIZES[1]} trường)",
            f"{small} / {big} ({small_ms:.0f} / {big_ms:.0f} ms)",
            f"the same at both sizes, ≤ {MAX_QUERIES}",
            small == big <= MAX_QUERIES,
        )
    ]
