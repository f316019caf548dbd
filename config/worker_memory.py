"""How a server's worker process collects its garbage (config/gunicorn.conf.py's
pre_fork; the page benchmark, bench/pages.py, does the same before it measures)."""

import gc

# Python collects its youngest objects after every 700 new ones; a page builds tens of
# thousands (querysets, rows, template nodes), most freed when it is sent, so a page ran
# dozens of collections. After 20,000, measured on the load test's province in one
# process (bench/load's accounts, PostgreSQL, medians of 150 and 60 people): a teacher's
# home built for her first visit 20.5 -> 18.0 ms of CPU, kept 4.05 -> 3.45 ms, a review
# list built again 17.3 -> 15.7 ms. Memory grows by at most those 20,000 objects between
# collections.
YOUNG = 20_000
OLDER = (50, 100)  # collections of the younger generation before one of the next


def prepare_for_requests():
    """What the process loaded (Django, the models, URLs, templates: some hundreds of
    thousands of objects) set aside from the collector, as Python's documentation advises
    a preforking server (gc.freeze): the collections walk only what requests make, and a
    forked worker never writes into the memory pages it shares with the master; then
    collections less often (YOUNG)."""
    gc.freeze()
    gc.set_threshold(YOUNG, *OLDER)
