"""`make bench-load-compare` reads each run's CPU a request from bench/load/run.py's
output and says whether this checkout's is at most half the older commit's."""

from pathlib import Path

from bench.load.compare import cpu_per_request, summary

RUN_PY = Path(__file__).resolve().parents[1] / "bench" / "load" / "run.py"
LINE = (
    "CPU trong lúc đo (2 nhân × 129 s): gunicorn 57 s (9.0 ms mỗi yêu cầu), PostgreSQL "
    "10 s (1.7 ms), Redis 1.0 s (0.2 ms), locust 8 s; việc khác trên máy 4 s."
)


def test_the_cpu_a_request_is_read_from_the_runs_output():
    assert cpu_per_request("Tải: 100 người dùng\n" + LINE + "\n") == 9.0
    assert cpu_per_request("gunicorn 110 s (17.5 ms mỗi yêu cầu), PostgreSQL") == 17.5
    assert cpu_per_request("the run failed before locust") is None
    # the words it looks for are the ones run.py prints
    assert "ms mỗi yêu cầu), PostgreSQL" in RUN_PY.read_text()


def test_the_aim_is_half_over_all_turns():
    lines, ok = summary([17.1, 17.5], [8.0, 9.0], "aab6ca3")
    assert ok and lines[-1] == "Cả 2 lượt: 0.49 (mục tiêu ≤ 0.5): ĐẠT (PASS)"
    assert lines[1] == "  lượt 1: 17.1 và 8.0 (0.47)"
    lines, ok = summary([17.1, 17.9], [10.8, 10.0], "aab6ca3")
    assert not ok and lines[-1].endswith("0.59 (mục tiêu ≤ 0.5): CHƯA ĐẠT (FAIL)")
