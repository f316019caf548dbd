"""Benchmarks. `make bench` runs them all, each on its own throw-away SQLite database:
plans (ms per page), certificates (1,000 in at most 60 s), the Excel export of 50,000
nominations (at most 10 s and 300 MB) and the queries of the Sở's round page (the same
for any number of schools)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import awards_excel, certificates, plans, round_page  # noqa: E402

BENCHMARKS = [plans, certificates, awards_excel, round_page]


def main():
    only = set(sys.argv[1:])
    for module in BENCHMARKS:
        name = module.__name__.rsplit(".", 1)[-1]
        if only and name not in only:
            continue
        print(f"\n== {name} ==", flush=True)
        module.main()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    main()
