# Thi đua – Khen thưởng. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell md5sum requirements.txt 2>/dev/null | cut -c1-12)

# Debian packages: fonts for official documents and pango for WeasyPrint (run), plus
# Chromium for browser tests and poppler-utils for reading PDFs back (test).
RUN_DEBS := fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils

.PHONY: install run serve test test-fast lint format bench seed-scale system-deps-run system-deps-test bench-load bench-load-compare

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

define install_debs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Cài gói hệ thống:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Thiếu gói hệ thống:$$missing. Hãy chạy: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
endef

system-deps-run:
	$(call install_debs,$(RUN_DEBS))

system-deps-test:
	$(call install_debs,$(TEST_DEBS))

# `run` starts the background worker (certificates) next to the web server; the worker
# stops when the server does (Ctrl+C), whatever way the server ends.
run: install system-deps-run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Mở http://127.0.0.1:8000 và đăng nhập bằng một tài khoản ở trên."
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# `serve` is the production run (README, "Chạy thật"): DJANGO_DEBUG defaults to false, so
# DJANGO_SECRET_KEY must be set; gunicorn (config/gunicorn.conf.py) and one task worker,
# stopped together.
serve: export DJANGO_DEBUG ?= false
serve: install system-deps-run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c config/gunicorn.conf.py config.wsgi

# Tests of simultaneous writers need a database several connections share: on SQLite a
# file, in a process of its own (the rest run in memory). On PostgreSQL (.ci/run) all in one.
# The tests run in one process per core (pytest-xdist, each with its own database);
# TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= logical
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist worksteal

# Both passes copy one migrated database (tests/migrated.py) from a folder removed after.
# The few tests of simultaneous writers (one process, waiting on their own subprocesses
# much of the time) run beside the others; their output follows, and either failing
# fails the whole.
test: install system-deps-test
	@dir=$$(mktemp -d -t thidua-migrated-XXXXXX); trap 'rm -rf "$$dir"' EXIT; set -e; \
	export THIDUA_TEST_TEMPLATE_DIR=$$dir; \
	THIDUA_TEST_SQLITE_FILE=1 $(PY) -m pytest -m shared_database > "$$dir/shared.log" 2>&1 & \
	shared=$$!; \
	echo '$(PY) -m pytest $(PYTEST_PARALLEL) -m "not shared_database"'; \
	status=0; $(PY) -m pytest $(PYTEST_PARALLEL) -m "not shared_database" || status=$$?; \
	echo 'THIDUA_TEST_SQLITE_FILE=1 $(PY) -m pytest -m shared_database'; \
	shared_status=0; wait $$shared || shared_status=$$?; cat "$$dir/shared.log"; \
	[ $$status -eq 0 ] && [ $$shared_status -eq 0 ]

test-fast: install
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not e2e"

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

seed-scale: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_scale

bench: install system-deps-run
	$(PY) bench/run.py

# Load test (README, "Speed"): a province on a throw-away PostgreSQL database, gunicorn as
# `make serve` runs it, 100 locust users for 2 minutes (BENCH_USERS, BENCH_DURATION).
bench-load: install system-deps-run
	$(PY) bench/load/run.py

# The load test of an older commit (BENCH_COMPARE, default aab6ca3) and of this checkout
# taking turns on one database (BENCH_TURNS pairs, default 2): their CPU a request.
bench-load-compare: install system-deps-run
	$(PY) bench/load/compare.py
