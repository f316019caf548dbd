"""`make bench-load-compare`: the load test of an older commit and of this checkout
taking turns on one template database, so both serve the same province and sessions on
the same machine in the same hour (a single run varies by a fifth here), then each
run's gunicorn CPU a request and this checkout's as a share of the older one's.

BENCH_COMPARE names the older commit (default aab6ca3, where issue 18 started);
BENCH_TURNS the number of pairs (default 2: older, this, older, this). The older commit
is checked out in a git worktree under bench/out/load/ that uses this checkout's
virtualenv; it builds the data with its own migrations (bench/load/run.py with
BENCH_TEMPLATE_DB) and this checkout migrates each copy forward. The other BENCH_
settings of bench/load/run.py apply to both. Exit status 1 when this checkout's CPU a
request, summed over the turns, is more than half the older commit's (issue 18's aim)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
OUT = BASE_DIR / "bench" / "out" / "load"
RUN = ["bench/load/run.py"]
AIM = 0.5

CPU_LINE = re.compile(r"gunicorn \d+ s \((\d+(?:\.\d+)?) ms mỗi yêu cầu\)")


def cpu_per_request(output):
    """Gunicorn's CPU a request (ms) from bench/load/run.py's output, None if absent."""
    found = CPU_LINE.search(output)
    return float(found.group(1)) if found else None


def summary(older, newer, rev):
    """Lines comparing the runs (`older` and `newer`: each turn's ms a request) and
    whether the newer code's CPU a request is at most AIM of the older's over all
    turns."""
    share = sum(newer) / sum(older)
    lines = [f"CPU của gunicorn mỗi yêu cầu (ms), {rev} và bản này, lần lượt:"]
    for turn, (old, new) in enumerate(zip(older, newer, strict=True), start=1):
        lines.append(f"  lượt {turn}: {old:.1f} và {new:.1f} ({new / old:.2f})")
    verdict = "ĐẠT (PASS)" if share <= AIM else "CHƯA ĐẠT (FAIL)"
    lines.append(f"Cả {len(older)} lượt: {share:.2f} (mục tiêu ≤ {AIM}): {verdict}")
    return lines, share <= AIM


def _run(cwd, env):
    result = subprocess.run(
        [sys.executable, *RUN], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    print(result.stdout + result.stderr, flush=True)
    ms = cpu_per_request(result.stdout)
    if ms is None:
        raise SystemExit(f"Không đọc được CPU mỗi yêu cầu của lần chạy trong {cwd}.")
    return ms


def _worktree(rev):
    folder = OUT / f"compare-{rev}"
    if not folder.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--force", str(folder), rev],
            cwd=BASE_DIR,
            check=True,
        )
    venv = folder / ".venv"
    if not venv.exists():
        venv.symlink_to(BASE_DIR / ".venv")
    return folder


def _drop(database):
    import psycopg

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def main():
    rev = os.environ.get("BENCH_COMPARE", "aab6ca3")
    turns = int(os.environ.get("BENCH_TURNS", "2"))
    OUT.mkdir(parents=True, exist_ok=True)
    older_tree = _worktree(rev)
    template = f"thidua_compare_{os.getpid()}"
    env = {**os.environ, "BENCH_TEMPLATE_DB": template}
    older, newer = [], []
    try:
        for _turn in range(turns):
            print(f"== {rev}", flush=True)
            older.append(_run(older_tree, env))
            for made in (older_tree / "bench" / "out" / "load").glob(f"accounts-{template}.*"):
                shutil.copy(made, OUT / made.name)
            print("== bản này", flush=True)
            newer.append(_run(BASE_DIR, env))
    finally:
        _drop(template)
        for made in OUT.glob(f"accounts-{template}.*"):
            made.unlink()
    lines, ok = summary(older, newer, rev)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
