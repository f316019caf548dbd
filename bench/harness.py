"""What every benchmark shares: its result rows, Django on the throw-away database that
bench/run.py prepared for it (DATABASE_URL, DJANGO_MEDIA_ROOT, TMPDIR in a temporary
folder of its own), and work in a fresh process."""

import multiprocessing
import os


def row(measure, figure, target, ok):
    """One line of `make bench`'s table; `ok` None for a figure without a target."""
    return {"measure": measure, "figure": figure, "target": target, "ok": ok}


def setup_django(migrate=True):
    """Django on the database in DATABASE_URL, migrated unless told otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def in_fresh_process(function, *args):
    """`function(*args)` in a new interpreter (spawned, not forked): its memory and its
    database connection are its own."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(function, args)
