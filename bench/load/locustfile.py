"""The load scenario (README, "Speed"): teachers, union chairs and Phòng/Sở staff using
the site at once, plus a floor probe measured in the same run.

- Teachers (the many): open their home page, open form M1 and submit it through the
  real form (CSRF token from the page), then see it; a teacher who has submitted hands
  over to the next teacher account of the pool.
- Union chairs: open the review list (all, or what waits for them), approve one
  forwarded registration with the list's real POST, see the list again.
- Phòng and Sở staff: the awards round list, a round page and its Excel.
- Floor: a page that does one indexed query and renders a tiny template.

Of 100 users: 75 teachers, 12 chairs, 8 office staff (one in four from the Sở) and 5
floor probes (these wait 0.5-1.5 s, so the floor has enough samples).

Accounts and their sessions come from bench/load/data.py (BENCH_ACCOUNTS names the JSON
file). Run by bench/load/run.py; by hand:
`locust -f bench/load/locustfile.py --host http://127.0.0.1:8765 --headless -u 100 -r 10`.
"""

import collections
import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import FastHttpUser, between, events, task
from requests.cookies import create_cookie

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_text import CSRF, M1_TEXT, ROUND_LINK, SELECTED  # noqa: E402

ACCOUNTS = json.loads(Path(os.environ["BENCH_ACCOUNTS"]).read_text())
# Failures of the whole run, the ramp included: the statistics are reset once every user
# runs (--reset-stats), errors never are. Written to BENCH_FAILURES when locust stops.
FAILURES = collections.Counter()


@events.request.add_listener
def _count_failure(name, exception=None, **kwargs):
    if exception is not None:
        FAILURES[name] += 1


@events.quitting.add_listener
def _write_failures(environment, **kwargs):
    if os.environ.get("BENCH_FAILURES"):
        Path(os.environ["BENCH_FAILURES"]).write_text(json.dumps(FAILURES))


# Each pool hands every account out once, in order (gevent: one process, no races).
_pools = {name: iter(ACCOUNTS[name]) for name in ("teachers", "chairs")}
_offices = itertools.cycle(ACCOUNTS["offices"])
_department = itertools.cycle(ACCOUNTS["department"])
_floor = itertools.cycle(ACCOUNTS["floor"])


def _next(pool):
    return next(_pools[pool], None)


# Seconds each simulated person waits between two actions (BENCH_WAIT="1,4"): far busier
# than real people, who read and type for longer; 100 of them send some 50 requests a
# second. BENCH_WAIT="3,10" gives about half that.
WAIT = tuple(float(x) for x in os.environ.get("BENCH_WAIT", "1,4").split(","))


class Account(FastHttpUser):
    abstract = True
    wait_time = between(*WAIT)

    def use(self, account):
        """Act as `account`: its logged-in session, a fresh CSRF cookie."""
        self.account = account
        host = self.host.split("//", 1)[1].split(":", 1)[0]
        self.client.cookiejar.clear()
        self.client.cookiejar.set_cookie(
            create_cookie("sessionid", account["session"], domain=host)
        )

    def get(self, url, name, check=None):
        """GET a page; a failure unless it answers 200 itself (a redirect, to the login
        page or elsewhere, is one) and `check(response)` returns no message."""
        with self.client.get(
            url, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                location = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} instead of 200 {location}".strip())
            elif check and (message := check(response)):
                response.failure(message)
            return response

    def csrf(self, response):
        found = CSRF.search(response.text or "")
        return found.group(1) if found else None


class Teacher(Account):
    weight = 75

    def on_start(self):
        self.next_teacher()

    def next_teacher(self):
        account = _next("teachers")
        if account is None:  # every pool account has submitted: stay on the last one
            self.submitted = True
            return
        self.use(account)
        self.submitted = False

    @task(6)
    def home(self):
        self.get("/", "home (teacher)")

    @task(2)
    def open_form(self):
        if self.submitted:
            return
        self.get(f"/registrations/campaigns/{self.account['campaign']}/m1/", "M1 form")

    @task(1)
    def submit(self):
        if self.submitted:
            return
        url = f"/registrations/campaigns/{self.account['campaign']}/m1/"
        form = self.get(url, "M1 form")
        token = self.csrf(form)
        if token is None:
            return
        data = {**M1_TEXT, "csrfmiddlewaretoken": token, "version": "", "action": "submit"}
        with self.client.post(
            url,
            data=data,
            name="M1 submit (POST)",
            headers={"Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not re.fullmatch(r"/registrations/m1/\d+/", location):
                response.failure(f"not submitted: {response.status_code} {location}")
                return
        self.get(location, "M1 detail")
        self.submitted = True
        self.next_teacher()


class Chair(Account):
    weight = 12

    def on_start(self):
        self.use(_next("chairs"))

    @task(1)
    def home(self):
        self.get("/", "home (chair)")

    @task(3)
    def review_list(self):
        self.get("/registrations/review/", "review list")

    @task(2)
    def approve_one(self):
        url = "/registrations/review/?status=forwarded"  # forwarded by the group leader
        page = self.get(url, "review list (waiting)")
        token, waiting = self.csrf(page), SELECTED.findall(page.text or "")
        if token is None or not waiting:
            account = _next("chairs")  # nothing left here: another school's chair
            if account is not None:
                self.use(account)
            return
        data = {
            "csrfmiddlewaretoken": token,
            "selected": random.choice(waiting),
            "campaign": "",
            "next": url,
        }
        with self.client.post(
            "/registrations/review/approve/",
            data=data,
            name="approve (POST)",
            headers={"Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} instead of 302")
                return
        self.get(
            url,
            "review list (waiting)",
            check=lambda r: None if "Đã duyệt 1 đăng ký" in r.text else "approval not confirmed",
        )


class OfficeStaff(Account):
    """Phòng staff, and one in four from the Sở."""

    weight = 8

    def on_start(self):
        self.use(next(_department) if random.random() < 0.25 else next(_offices))
        self.rounds = []

    def _rounds(self):
        page = self.get("/awards/rounds/", "rounds list")
        self.rounds = ROUND_LINK.findall(page.text or "") or self.rounds

    @task(1)
    def home(self):
        self.get("/", "home (office)")

    @task(3)
    def round_list(self):
        self._rounds()

    @task(3)
    def round_page(self):
        if not self.rounds:
            self._rounds()
        if self.rounds:
            self.get(f"/awards/rounds/{random.choice(self.rounds[:2])}/", "round page")

    @task(1)
    def round_excel(self):
        if not self.rounds:
            self._rounds()
        if self.rounds:
            self.get(
                f"/awards/rounds/{random.choice(self.rounds[:2])}/report.xlsx",
                "round Excel",
                check=lambda r: None if r.content[:2] == b"PK" else "not an xlsx file",
            )


class Floor(Account):
    """The floor: measured under the same load as the pages."""

    weight = 5
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.use(next(_floor))

    @task
    def floor(self):
        self.get("/bench/floor/", "floor")
