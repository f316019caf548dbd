"""`make bench`: every benchmark, each in its own process on its own throw-away SQLite
database, then one table (measure, figure, target, OK/MISS). Exit status 1 when a
target is missed or a benchmark fails.

- plans: each seed plan's PDF, ms per page against WeasyPrint alone (≤ 1.5×);
- certificates: 1,000 giấy khen in one background task (≤ 60 s);
- awards_excel: 50,000 nominations to Excel (≤ 10 s, ≤ 300 MB);
- round_page: queries of the round pages at two province sizes (equal);
- office_home: queries of the office home at 22 and 730 schools (equal);
- pages: each page of the load test on its province, CPU ms and queries, against the
  floor view (≤ 3×), and their sum over the load test's mix.

Each runs as `python bench/run.py --one NAME` in a temporary folder (its database, media
files, TMPDIR), with a bench-only secret key, DEBUG as it needs and e-mails kept in
memory; its rows come back as JSON in a file, its own output goes to a log printed only
if it fails. Its database starts as a copy of one migrated once for all (migrating takes
some 20 s; BENCH_MIGRATED_DB names it for a benchmark that makes more databases).
`python bench/run.py certificates plans` runs some."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: DJANGO_DEBUG. The Excel benchmark runs without DEBUG, which would keep every
# query in memory; the page benchmarks use the test client over plain HTTP.
BENCHMARKS = {
    "plans": "true",
    "certificates": "true",
    "awards_excel": "false",
    "round_page": "true",
    "office_home": "true",
    "pages": "false",
}


def environment(folder, debug, migrated):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "TMPDIR": str(folder),
            "DJANGO_DEBUG": debug,
            "DJANGO_SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "BENCH_RESULT": str(folder / "rows.json"),
            "BENCH_MIGRATED_DB": str(migrated),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def migrated_database(folder):
    """A database migrated once, copied for each benchmark; None if migrate failed."""
    database = folder / "migrated.sqlite3"
    finished = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment(folder, "true", database) | {"DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode:
        print(finished.stdout + finished.stderr, file=sys.stderr)
        return None
    return database


def run(name, migrated):
    """Run one benchmark in its own process and folder: (rows, seconds)."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    started = time.perf_counter()
    try:
        shutil.copyfile(migrated, folder / "db.sqlite3")
        with open(folder / "log.txt", "w") as log:
            finished = subprocess.run(
                [sys.executable, __file__, "--one", name],
                cwd=ROOT,
                env=environment(folder, BENCHMARKS[name], migrated),
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
        seconds = time.perf_counter() - started
        result = folder / "rows.json"
        if finished.returncode == 0 and result.exists():
            return json.loads(result.read_text()), seconds
        tail = (folder / "log.txt").read_text(errors="replace").splitlines()[-30:]
        print(f"--- {name} failed (exit {finished.returncode}); its last lines:", file=sys.stderr)
        print("\n".join(tail), file=sys.stderr)
        failed = {"measure": name, "figure": f"failed, exit {finished.returncode}"}
        return [{**failed, "target": "runs", "ok": False}], seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_one(name):
    """In the benchmark's own process: run it and write its rows."""
    import importlib

    sys.path.insert(0, str(ROOT))
    rows = importlib.import_module(f"bench.{name}").main()
    Path(os.environ["BENCH_RESULT"]).write_text(json.dumps(rows, ensure_ascii=False))


def verdict(ok):
    return "–" if ok is None else ("OK" if ok else "MISS")


def print_table(rows):
    header = {"measure": "measure", "figure": "figure", "target": "target", "verdict": "result"}
    lines = [header] + [{**r, "verdict": verdict(r["ok"])} for r in rows]
    widths = {k: max(len(str(line[k])) for line in lines) for k in header}
    for index, line in enumerate(lines):
        print("  ".join(f"{line[k]!s:<{widths[k]}}" for k in header).rstrip())
        if index == 0:
            print("  ".join("-" * widths[k] for k in header))


def main(names):
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        sys.exit(f"No benchmark {', '.join(unknown)}; there are {', '.join(BENCHMARKS)}")
    rows, started = [], time.perf_counter()
    shared = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        print("migrate …", end=" ", file=sys.stderr, flush=True)
        migrated = migrated_database(shared)
        print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        if migrated is None:
            rows.append({"measure": "migrate", "figure": "failed", "target": "runs", "ok": False})
            names = []
        for name in names or (BENCHMARKS if migrated else []):
            print(f"{name} …", end=" ", file=sys.stderr, flush=True)
            found, seconds = run(name, migrated)
            print(f"{seconds:.0f} s", file=sys.stderr, flush=True)
            rows.extend(found)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    print()
    print_table(rows)
    missed = sum(1 for r in rows if r["ok"] is False)
    total = time.perf_counter() - started
    print(f"\n{len(rows)} rows, {missed} missed, {total:.0f} s in all")
    return 1 if missed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2])
    else:
        sys.exit(main(sys.argv[1:]))
