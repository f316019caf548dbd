"""`make bench-load`: the site under load on this machine, as `make serve` runs it.

1. creates a throw-away PostgreSQL database (`thidua_load_<pid>` on BENCH_PG, default
   postgres://postgres@127.0.0.1:5432), migrates it, runs `seed_scale` (a province:
   10 Phòng, 700 schools, 28,000 staff) and bench/load/data.py (accounts, campaigns,
   registrations, blocks, award rounds, sessions), then VACUUM ANALYZE;
2. collects static files and starts gunicorn with config/gunicorn.conf.py and the task
   worker, production settings (DJANGO_DEBUG=false, a random DJANGO_SECRET_KEY,
   persistent connections DATABASE_CONN_MAX_AGE=60, what pages keep in the local Redis
   as README's production table advises for more than one worker: BENCH_CACHE_URL,
   default redis://127.0.0.1:6379/7, emptied first; `memory` for each process's own)
   over plain HTTP on loopback, and warms every page up;
3. runs locust headless in its own process (gevent never touches Django): 100 users
   spawned 10 a second, each waiting 1-4 s between actions, then measured for 2 minutes
   once all of them run (the ramp's statistics are reset; its errors are still counted)
   (BENCH_USERS, BENCH_DURATION, BENCH_SPAWN_RATE, BENCH_WAIT="1,4");
4. prints, per page, requests, requests per second, p50/p95/p99 in ms, errors, p95 as a
   multiple of the floor's (a page with one indexed query and a tiny template measured
   in the same run) and PASS/FAIL against the aim: no errors, p95 at most 2 × the
   floor's (a ratio: the machine's load moves the floor and the pages alike); then the
   CPU time gunicorn, PostgreSQL, locust and anything else on the machine used during
   the run, and gunicorn's and PostgreSQL's per request (other work skews them);
5. stops the server and drops the database (BENCH_KEEP_DB=1 keeps it).

To repeat runs quickly, BENCH_TEMPLATE_DB=<name> keeps the generated data in a template
database of that name (made on the first run, with its accounts and secret key in
bench/out/load/) and copies it for every later run; drop it by hand when done.

Locust's CSV files and the server's log go to bench/out/load/. Exit status 1 when the
aim is missed."""

import csv
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import redis

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
OUT = BASE_DIR / "bench" / "out" / "load"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"

USERS = int(os.environ.get("BENCH_USERS", "100"))
SPAWN_RATE = os.environ.get("BENCH_SPAWN_RATE", "10")
DURATION = os.environ.get("BENCH_DURATION", "2m")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
SCHOOLS = os.environ.get("BENCH_SCHOOLS", "700")
KEEP_DB = os.environ.get("BENCH_KEEP_DB", "") == "1"
TEMPLATE_DB = os.environ.get("BENCH_TEMPLATE_DB", "")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")
CACHE_URL = "" if CACHE_URL == "memory" else CACHE_URL
AIM_RATIO = 2
FLOOR = "floor"
# Pages in the order of the table; anything else locust reports comes after them.
ORDER = [
    "home (teacher)",
    "M1 form",
    "M1 submit (POST)",
    "M1 detail",
    "home (chair)",
    "review list",
    "review list (waiting)",
    "approve (POST)",
    "home (office)",
    "rounds list",
    "round page",
    "round Excel",
]


def _seconds(duration):
    """Seconds in a locust duration such as "2m", "90s" or "1m30s"."""
    parts = re.findall(r"(\d+)\s*([hms]?)", duration)
    if not parts or "".join(n + u for n, u in parts) != duration.replace(" ", ""):
        raise SystemExit(f"BENCH_DURATION không hợp lệ: {duration!r} (ví dụ 2m, 90s, 1m30s)")
    return sum(int(n) * {"h": 3600, "m": 60, "s": 1, "": 1}[u] for n, u in parts)


# Seconds until every user runs (users / spawn rate): not measured (--reset-stats).
RAMP = -(-USERS // max(1, int(float(SPAWN_RATE))))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin(sql):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if sql.startswith("SELECT") else None


def _admin_db(db, sql):
    import psycopg

    with psycopg.connect(f"{PG}/{db}", autocommit=True) as conn:
        conn.execute(sql)


def _exists(db):
    return bool(_admin(f"SELECT 1 FROM pg_database WHERE datname = '{db}'"))


def _run(args, env, label):
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=BASE_DIR, check=True)
    print(f"  {label}: {time.perf_counter() - started:.0f} s", flush=True)


def _wait_until_up(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("Máy chủ dừng ngay khi khởi động; xem bench/out/load/server.log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("Máy chủ không trả lời sau 60 giây; xem bench/out/load/server.log")


def _warm_up(base_url, accounts):
    """Every page of the scenario a few times in parallel, so that each worker has
    loaded its code and templates before the run measures anything."""
    import json
    import re
    from concurrent.futures import ThreadPoolExecutor

    data = json.loads(accounts.read_text())
    teacher, chair, office = data["teachers"][-1], data["chairs"][-1], data["offices"][0]

    def fetch(account, path):
        request = urllib.request.Request(
            base_url + path, headers={"Cookie": f"sessionid={account['session']}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()

    rounds = re.findall(rb'href="/awards/rounds/(\d+)/', fetch(office, "/awards/rounds/"))
    pages = [
        (teacher, "/"),
        (teacher, f"/registrations/campaigns/{teacher['campaign']}/m1/"),
        (chair, "/"),
        (chair, "/registrations/review/"),
        (chair, "/registrations/review/?status=submitted"),
        (office, "/"),
        (office, "/awards/rounds/"),
        (data["floor"][0], "/bench/floor/"),
    ]
    for pk in rounds[:2]:
        pages.append((office, f"/awards/rounds/{pk.decode()}/"))
        pages.append((office, f"/awards/rounds/{pk.decode()}/report.xlsx"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            list(pool.map(lambda page: fetch(*page), [p for p in pages for _ in range(8)]))


class CpuSampler(threading.Thread):
    """CPU time (user + system) used during the run by the server (the gunicorn master
    and its workers) and by the PostgreSQL backends serving the benchmark's database,
    read from /proc every half second, so processes that end on the way (a recycled
    worker, a closed connection) still count up to their last reading."""

    def __init__(self, master, database):
        super().__init__(daemon=True)
        self.master, self.database = master, database
        self.first, self.last = {}, {}
        self.stopped = threading.Event()
        self.ticks = os.sysconf("SC_CLK_TCK")

    def sample(self):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                pid = int(entry.name)
                if pid == self.master or int(fields[1]) == self.master:
                    kind = "server"
                elif f" {self.database} " in (entry / "cmdline").read_bytes().decode("latin-1"):
                    kind = "postgres"
                else:
                    continue
            except OSError:
                continue
            cpu = (int(fields[11]) + int(fields[12])) / self.ticks
            self.first.setdefault(pid, (kind, cpu))
            self.last[pid] = (kind, cpu)

    def run(self):
        while not self.stopped.wait(0.5):
            self.sample()

    def totals(self):
        """{"server": seconds, "postgres": seconds} used since the sampler started."""
        self.stopped.set()
        self.join()
        self.sample()
        totals = {"server": 0.0, "postgres": 0.0}
        for pid, (kind, cpu) in self.last.items():
            totals[kind] += cpu - self.first[pid][1]
        return totals


def _machine_cpu():
    """(busy CPU seconds of the whole machine, elapsed CPU seconds) from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / ticks, sum(fields[:8]) / ticks


def _stop(process):
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def read_stats(prefix):
    """Locust's per-name stats: {name: row} and the aggregated row."""
    rows, total = {}, None
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                total = row
            else:
                rows[row["Name"]] = row
    return rows, total


def whole_run_failures(prefix):
    """{page: failures} over the whole run, the ramp included (the locustfile's count)."""
    import json

    path = Path(f"{prefix}_all_failures.json")
    if not path.exists():
        raise SystemExit("Locust không ghi số lỗi; xem bench/out/load/locust.log")
    return json.loads(path.read_text())


def report(prefix, users, duration):
    rows, total = read_stats(prefix)
    failed = whole_run_failures(prefix)
    floor = rows.get(FLOOR)
    floor_p95 = _number(floor["95%"]) if floor else 0
    names = [n for n in ORDER if n in rows] + sorted(set(rows) - set(ORDER) - {FLOOR})
    header = (
        f"{'page':<24}{'requests':>9}{'rps':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
        f"{'errors':>8}{'p95/floor':>11}  aim"
    )
    print()
    print(f"Tải: {users} người dùng, {duration}, PostgreSQL, gunicorn (ms)")
    print(header)
    print("-" * len(header))
    ok = floor is not None and failed.get(FLOOR, 0) == 0
    for name in [*names, FLOOR]:
        row = rows.get(name)
        if row is None:
            continue
        p95 = _number(row["95%"])
        errors = max(int(row["Failure Count"]), failed.get(name, 0))
        ratio = p95 / floor_p95 if floor_p95 else float("inf")
        if name == FLOOR:
            verdict = "floor" if errors == 0 else "FAIL"
        else:
            passed = errors == 0 and ratio <= AIM_RATIO
            verdict = "PASS" if passed else "FAIL"
            ok = ok and passed
        print(
            f"{name:<24}{row['Request Count']:>9}{_number(row['Requests/s']):>7.1f}"
            f"{_number(row['50%']):>7.0f}{p95:>7.0f}{_number(row['99%']):>7.0f}"
            f"{errors:>8}{ratio:>10.1f}×  {verdict}"
        )
    print("-" * len(header))
    if total:
        print(
            f"{'all':<24}{total['Request Count']:>9}{_number(total['Requests/s']):>7.1f}"
            f"{_number(total['50%']):>7.0f}{_number(total['95%']):>7.0f}"
            f"{_number(total['99%']):>7.0f}{sum(failed.values()):>8}"
        )
    missing = sorted(set(failed) - set(rows))
    for name in missing:  # failed only during the ramp, so absent from the statistics
        print(f"  lỗi lúc khởi động: {name}: {failed[name]} lần")
        ok = False
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                print(f"  lỗi: {row['Name']}: {row['Error']} ({row['Occurrences']} lần)")
    print(
        f"Mục tiêu: không lỗi, p95 ≤ {AIM_RATIO} × floor: "
        f"{'ĐẠT (PASS)' if ok else 'CHƯA ĐẠT (FAIL)'}"
    )
    return ok


def _redis_cpu():
    """Seconds of CPU the Redis server has used so far (0 without Redis)."""
    if not CACHE_URL:
        return 0.0
    used = redis.Redis.from_url(CACHE_URL).info("cpu")
    return used["used_cpu_user"] + used["used_cpu_sys"]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    db = f"thidua_load_{os.getpid()}"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    accounts = OUT / (f"accounts-{TEMPLATE_DB}.json" if TEMPLATE_DB else "accounts.json")
    key_file = accounts.with_suffix(".key")
    reuse = bool(TEMPLATE_DB) and _exists(TEMPLATE_DB) and key_file.exists()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": key_file.read_text() if reuse else secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_BENCH_FLOOR": "true",
        # Persistent connections, as README's production table suggests (e.g. 60 s):
        # without them every request opens a PostgreSQL connection (about 10 ms here).
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        # What pages keep across requests: in one Redis all the processes share (each
        # with its own copies in memory), or with BENCH_CACHE_URL=memory in each
        # process's memory alone.
        "DJANGO_CACHE_URL": CACHE_URL,
        "BIND": f"127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    py = str(BIN / "python")
    server = worker = None
    _admin(f'CREATE DATABASE "{db}"' + (f' TEMPLATE "{TEMPLATE_DB}"' if reuse else ""))
    try:
        print(f"Cơ sở dữ liệu {db}:", flush=True)
        _run([py, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        if not reuse:
            _run([py, "manage.py", "seed_scale", "--schools", SCHOOLS], env, "seed_scale")
            _run([py, "bench/load/data.py", str(accounts)], env, "bench/load/data.py")
            # A live database has its planner statistics; a freshly loaded one gets them
            # from autovacuum within minutes, possibly in the middle of the run.
            _admin_db(db, "VACUUM ANALYZE")
            if TEMPLATE_DB:
                _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}"')
                _admin(f'CREATE DATABASE "{TEMPLATE_DB}" TEMPLATE "{db}"')
                key_file.write_text(env["DJANGO_SECRET_KEY"])
        _run([py, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collectstatic")
        if CACHE_URL:  # a copied template has the generations of the last run's values
            redis.Redis.from_url(CACHE_URL).flushdb()
        log = (OUT / "server.log").open("w")
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = subprocess.Popen(
            [py, "manage.py", "db_worker", "--no-reload"],
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_until_up(base_url + "/accounts/login/", server)
        _warm_up(base_url, accounts)
        prefix = OUT / "locust"
        Path(f"{prefix}_all_failures.json").unlink(missing_ok=True)
        print(f"Locust: {USERS} người dùng, {DURATION} trên {base_url} ...", flush=True)
        locust_log = (OUT / "locust.log").open("w")
        machine = _machine_cpu()
        redis_cpu = _redis_cpu()
        sampler = CpuSampler(server.pid, db)
        sampler.sample()
        sampler.start()
        locust_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                base_url,
                "--users",
                str(USERS),
                "--spawn-rate",
                SPAWN_RATE,
                "--run-time",
                f"{RAMP + _seconds(DURATION)}s",
                # Measure the steady state: statistics start again once every user runs
                # (after the ramp), and then cover DURATION.
                "--reset-stats",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                "BENCH_ACCOUNTS": str(accounts),
                "BENCH_FAILURES": f"{prefix}_all_failures.json",
            },
            cwd=BASE_DIR,
            check=False,
            stdout=locust_log,
            stderr=subprocess.STDOUT,
        )
        used = sampler.totals()
        now = _machine_cpu()
        busy, elapsed = now[0] - machine[0], now[1] - machine[1]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust_cpu = (after.ru_utime + after.ru_stime) - (locust_cpu.ru_utime + locust_cpu.ru_stime)
        ok = report(prefix, USERS, DURATION)
        requests = int(read_stats(prefix)[1]["Request Count"] or 0)
        redis_cpu = _redis_cpu() - redis_cpu
        other = busy - used["server"] - used["postgres"] - locust_cpu - redis_cpu
        print(
            f"CPU trong lúc đo ({os.cpu_count()} nhân × {elapsed / os.cpu_count():.0f} s): "
            f"gunicorn {used['server']:.0f} s ({1000 * used['server'] / max(requests, 1):.1f} "
            f"ms mỗi yêu cầu), PostgreSQL {used['postgres']:.0f} s "
            f"({1000 * used['postgres'] / max(requests, 1):.1f} ms), "
            + (
                f"Redis {redis_cpu:.1f} s ({1000 * redis_cpu / max(requests, 1):.1f} ms), "
                if CACHE_URL
                else "không dùng Redis (BENCH_CACHE_URL=memory), "
            )
            + f"locust {locust_cpu:.0f} s; việc khác trên máy {max(other, 0):.0f} s."
        )
        if other > 0.1 * elapsed:
            print("  Lưu ý: máy bận việc khác trong lúc đo, các thời gian cao hơn lúc máy rảnh.")
    finally:
        _stop(worker)
        _stop(server)
        if KEEP_DB:
            print(f"Giữ cơ sở dữ liệu {db} (BENCH_KEEP_DB=1).")
        else:
            _admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
