"""Gunicorn settings for `make serve` (README, "Chạy thật (production)"):
`gunicorn -c config/gunicorn.conf.py config.wsgi`. Read from the environment."""

import os


def _cpus():
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers)
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
# Sync workers, one request at a time each. A request here is mostly CPU (about 15 ms of
# Python to 4 ms of PostgreSQL in the load test), so one worker per CPU plus one keeps
# the CPUs busy without slicing them between more requests than they can run: on 2
# CPUs, 3 workers gave every page a p95 of 37-66 ms where 5 workers gave 48-150 ms, at
# the same throughput (bench/load). With the database on another machine requests wait
# longer on the network: raise GUNICORN_WORKERS there (e.g. 2 x CPUs + 1).
workers = int(os.environ.get("GUNICORN_WORKERS", str(_cpus() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A worker busy longer than this is killed and replaced. Pages and small documents
# (a plan's PDF) take seconds; long work (certificates) runs in the task worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Load Django once in the master and fork the workers from it: a worker starts in
# milliseconds (no imports; pre_fork below loads the URLs, templates and catalogue too),
# shares the code's memory, and a recycled one never stalls the requests queued behind
# it. (Code changes need a restart, not a HUP.)
preload_app = True
# Recycle workers now and then so memory held by large PDFs and sheets is given back,
# each after its own number of requests: under an even load, workers with the same
# limit all restart at once (a jitter of 100 on 1000 did, a 2.5 s stall for everyone
# in the load test).
max_requests = 2000
max_requests_jitter = 1000
# Heartbeat files in memory, not on a possibly slow disk (containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = "-"  # access log to stdout
errorlog = "-"
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "thidua"

# No runtime control socket (gunicornc): nothing here uses it, and its default path is
# shared by every Gunicorn of the same user on the machine.
control_socket_disable = True


def pre_fork(server, worker):
    """Before a worker is forked: the URLs, templates and catalogue loaded once in the
    master, its objects set aside from the garbage collector, and the worker's
    collections made less often (config/worker_memory.py; imported here, once the app
    and its folder are loaded)."""
    from config.worker_memory import prepare_for_requests

    prepare_for_requests()
