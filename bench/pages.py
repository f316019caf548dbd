"""The pages of the load test (bench/load/locustfile.py) in one process, each against the
floor view (/bench/floor/: one indexed query, a tiny template), on the load test's
province: seed_scale (one Sở, 10 Phòng, 700 schools of 40 staff: some 35 union groups
and forms of this year per school) and bench/load/data.py (28,035 accounts, 50,369 forms
M1, the Sở's four rounds with 1,878 proposals, 100 emulation blocks, logged-in
sessions) on the benchmark's SQLite database, about a minute to build.

Every page is asked through Django's test client with the account's real session cookie
and CSRF token (all middleware, context processors and templates run), as production
runs it: DEBUG off (templates cached), static files without the manifest. The pages
take turns (so a busy moment of the shared machine spreads over all of them), after
WARMUP unmeasured turns, REPEATS times (BENCH_PAGE_REPEATS); each figure is the median
CPU time of the process (SQLite runs in it too), the wall time beside it; the queries
are counted once more at the end with Django's query log. The POSTs (M1 submit, approve)
use a fresh teacher, or a fresh forwarded form, for each turn, and are url-encoded as a
browser (and the load test) sends a form without files.

Target: every page's median at most 3 × the floor's. The mix row sums the medians over
the load test's page mix, per 100 user actions (75 teachers: home 6 : M1 form 2 :
submit 1, which opens the form, posts and sees the form; 12 chairs: home 1 : review
list 3 : approve 2, which opens the waiting list, posts and sees it again; 8 office
staff, one in four from the Sở: home 1 : rounds 3 : round page 3 : Excel 1)."""

import cProfile
import gc
import io
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.harness import row
from bench.load.page_text import CSRF, M1_TEXT, ROUND_LINK, SELECTED

REPEATS = int(os.environ.get("BENCH_PAGE_REPEATS", "30"))
WARMUP = 3
TARGET_RATIO = 3


# Requests of each page per 100 user actions of the load test (see the docstring).
TEACHER, CHAIR, OFFICE = 75, 12, 8
MIX = {
    "home (teacher)": TEACHER * 6 / 9,
    "M1 form": TEACHER * 3 / 9,
    "M1 submit (POST)": TEACHER / 9,
    "M1 detail": TEACHER / 9,
    "home (chair)": CHAIR / 6,
    "review list": CHAIR * 3 / 6,
    "review list (waiting)": CHAIR * 4 / 6,
    "approve (POST)": CHAIR * 2 / 6,
    "home (office)": OFFICE * 1 / 8 * 3 / 4,
    "rounds list": OFFICE * 3 / 8 * 3 / 4,
    "round page": OFFICE * 3 / 8 * 3 / 4,
    "round Excel": OFFICE * 1 / 8 * 3 / 4,
    "home (Sở)": OFFICE * 1 / 8 / 4,
    "rounds list (Sở)": OFFICE * 3 / 8 / 4,
    "round page (Sở)": OFFICE * 3 / 8 / 4,
    "round Excel (Sở)": OFFICE * 1 / 8 / 4,
}
FLOOR = "floor"


def setup():
    """Django as production runs it (DEBUG off), on the benchmark's database."""
    os.environ.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_BENCH_FLOOR": "true",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
        }
    )
    from bench.harness import setup_django

    setup_django()
    from django.test.utils import override_settings

    # The manifest of collected static files is not there: plain static URLs.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def province():
    """seed_scale and the load test's data; returns its accounts (bench/load/data.py)."""
    import importlib.util

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("seed_scale", stdout=io.StringIO())
    path = Path(__file__).resolve().parent / "load" / "data.py"
    spec = importlib.util.spec_from_file_location("bench_load_data", path)
    data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(data)
    out = Path(tempfile.mkdtemp()) / "accounts.json"
    data.generate(out)
    print(f"province built in {time.perf_counter() - started:.0f} s", flush=True)
    return json.loads(out.read_text())


class Browser:
    """A test client logged in with an account's session cookie."""

    def __init__(self, account):
        from django.test import Client

        self.account = account
        self.client = Client(enforce_csrf_checks=True)
        self.client.cookies["sessionid"] = account["session"]

    def get(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        if url.endswith(".xlsx"):
            assert response.content[:2] == b"PK", url
        return response

    def post(self, url, data, expect):
        """As the browser posts a form without files (and the load test does):
        url-encoded, not the test client's multipart."""
        response = self.client.post(
            url,
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
            HTTP_REFERER=f"http://testserver{url}",
        )
        assert response.status_code == 302, (url, response.status_code)
        assert re.fullmatch(expect, response["Location"]), response["Location"]
        return response


def token(response):
    return CSRF.search(response.content.decode()).group(1)


class Pages:
    """Each page as a function (prepare) -> (measured request); prepare does what the
    user did before (unmeasured), the returned request is the one measured."""

    def __init__(self, accounts):
        teachers = iter(accounts["teachers"])
        self.readers = [Browser(next(teachers)) for _ in range(10)]  # home, M1 form
        self.submitters = (Browser(t) for t in teachers)  # one per M1 submit
        chairs = iter(accounts["chairs"])
        self.chair_readers = [Browser(next(chairs)) for _ in range(10)]  # lists
        self.approvers = [Browser(c) for c in chairs]  # each approves what waits
        self.offices = [Browser(a) for a in accounts["offices"][:10]]
        self.department = [Browser(a) for a in accounts["department"][:3]]
        self.floors = [Browser(a) for a in accounts["floor"][:10]]
        rounds = ROUND_LINK.findall(self.offices[0].get("/awards/rounds/").content.decode())
        self.rounds = list(dict.fromkeys(rounds))[:2]  # the load test's: the first two
        self.turn = 0
        self.detail_url = None

    def reading(self, browsers, url):
        """A page read by one of `browsers` in turn: `url(browser)` (or a fixed address)."""

        def prepare():
            browser = browsers[self.turn % len(browsers)]
            address = url(browser) if callable(url) else url
            return lambda: browser.get(address)

        return prepare

    def _round(self, browser):
        return self.rounds[self.turn % len(self.rounds)]

    def all(self):
        m1 = lambda b: f"/registrations/campaigns/{b.account['campaign']}/m1/"  # noqa: E731
        waiting = "/registrations/review/?status=forwarded"
        return {
            FLOOR: self.reading(self.floors, "/bench/floor/"),
            "home (teacher)": self.reading(self.readers, "/"),
            "M1 form": self.reading(self.readers, m1),
            "M1 submit (POST)": self.submit,
            "M1 detail": lambda: lambda: self.detail.get(self.detail_url),
            "home (chair)": self.reading(self.chair_readers, "/"),
            "review list": self.reading(self.chair_readers, "/registrations/review/"),
            "review list (waiting)": self.reading(self.chair_readers, waiting),
            "approve (POST)": self.approve,
            **self._office("office", self.offices, ""),
            **self._office("Sở", self.department, " (Sở)"),
        }

    def _office(self, who, browsers, suffix):
        return {
            f"home ({who})": self.reading(browsers, "/"),
            f"rounds list{suffix}": self.reading(browsers, "/awards/rounds/"),
            f"round page{suffix}": self.reading(
                browsers, lambda b: f"/awards/rounds/{self._round(b)}/"
            ),
            f"round Excel{suffix}": self.reading(
                browsers, lambda b: f"/awards/rounds/{self._round(b)}/report.xlsx"
            ),
        }

    def submit(self):
        """A teacher opens form M1 (not measured) and submits it (measured)."""
        browser = next(self.submitters)
        url = f"/registrations/campaigns/{browser.account['campaign']}/m1/"
        data = {
            **M1_TEXT,
            "csrfmiddlewaretoken": token(browser.get(url)),
            "version": "",
            "action": "submit",
        }

        def post():
            response = browser.post(url, data, r"/registrations/m1/\d+/")
            self.detail, self.detail_url = browser, response["Location"]
            return response

        return post

    def approve(self):
        """A chair opens what waits for her (not measured) and approves one (measured)."""
        while True:
            browser = self.approvers[0]
            page = browser.get("/registrations/review/?status=forwarded")
            waiting = SELECTED.findall(page.content.decode())
            if waiting:
                break
            self.approvers.pop(0)  # nothing left here: the next school's chair
        data = {
            "csrfmiddlewaretoken": token(page),
            "selected": waiting[0],
            "campaign": "",
            "next": "/registrations/review/?status=forwarded",
        }
        return lambda: browser.post(
            "/registrations/review/approve/", data, r"/registrations/review/\?status=forwarded"
        )


def measure(pages):
    """{page: (cpu ms list, wall ms list)}, the pages taking turns; then {page: queries}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = pages.all()
    timings = {name: ([], []) for name in made}
    # BENCH_PAGE_PROFILE="M1 detail" writes that page's measured requests' cProfile to
    # the file BENCH_PAGE_PROFILE_OUT names (read it with pstats).
    profiled = os.environ.get("BENCH_PAGE_PROFILE")
    profile = cProfile.Profile()
    for turn in range(WARMUP + REPEATS):
        pages.turn = turn
        for name, prepare in made.items():
            request = prepare()
            cpu, wall = time.process_time(), time.perf_counter()
            if name == profiled and turn >= WARMUP:
                profile.runcall(request)
            else:
                request()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            if turn >= WARMUP:
                timings[name][0].append(cpu * 1000)
                timings[name][1].append(wall * 1000)
    if profiled:
        profile.dump_stats(os.environ["BENCH_PAGE_PROFILE_OUT"])
    queries = {}
    pages.turn += 1
    for name, prepare in made.items():
        request = prepare()
        with CaptureQueriesContext(connection) as captured:
            request()
        queries[name] = len(captured)
        if os.environ.get("BENCH_PAGE_SQL"):  # the query log of each page, for profiling
            print(f"--- {name}: {len(captured)} queries")
            for query in captured:
                print(f"  {query['sql'][:300]}")
    return timings, queries


def table(timings, queries):
    """Rows of `make bench`'s table and a dict of the figures (BENCH_PAGE_JSON)."""
    median = {name: statistics.median(cpu) for name, (cpu, _wall) in timings.items()}
    wall = {name: statistics.median(w) for name, (_cpu, w) in timings.items()}
    floor = median[FLOOR]
    rows = [
        row(
            "page: floor (/bench/floor/)",
            f"{floor:.1f} ms CPU ({wall[FLOOR]:.1f} wall), {queries[FLOOR]} queries",
            "",
            None,
        )
    ]
    for name in MIX:
        ratio = median[name] / floor
        rows.append(
            row(
                f"page: {name}",
                f"{median[name]:.1f} ms CPU ({wall[name]:.1f} wall), {queries[name]} queries, "
                f"{ratio:.1f}× the floor",
                f"≤ {TARGET_RATIO}× the floor",
                ratio <= TARGET_RATIO,
            )
        )
    total = sum(MIX[name] * median[name] for name in MIX)
    requests = sum(MIX.values())
    rows.append(
        row(
            "pages: the load test's mix, per 100 user actions",
            f"{total:.0f} ms CPU, {requests:.0f} requests ({total / requests:.1f} ms each, "
            f"{total / requests / floor:.1f}× the floor)",
            "",
            None,
        )
    )
    figures = {
        name: {"cpu_ms": median[name], "wall_ms": wall[name], "queries": queries[name]}
        for name in median
    }
    return rows, {"pages": figures, "mix_ms": total, "mix_requests": requests}


def main():
    setup()
    accounts = province()
    # As a server's worker starts (config/gunicorn.conf.py: pre_fork), what the process
    # holds before the first request is set aside from the garbage collector (its
    # collections walk what requests make, not the province built above) and collections
    # come as often as in a worker.
    from config.worker_memory import prepare_for_requests

    gc.collect()
    prepare_for_requests()
    timings, queries = measure(Pages(accounts))
    rows, figures = table(timings, queries)
    if os.environ.get("BENCH_PAGE_JSON"):
        Path(os.environ["BENCH_PAGE_JSON"]).write_text(json.dumps(figures, indent=1))
    return rows
