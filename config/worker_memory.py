"""What a server's master loads before it forks its workers, and how a worker collects
its garbage (config/gunicorn.conf.py's pre_fork; the page benchmark, bench/pages.py,
does the same before it measures)."""

import gc
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

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
    """Load what every request needs (`load_before_forking`), then set what the process
    loaded (Django, the models, URLs, templates: some hundreds of thousands of objects)
    aside from the collector, as Python's documentation advises a preforking server
    (gc.freeze): the collections walk only what requests make, and a forked worker never
    writes into the memory pages it shares with the master; then collections less often
    (YOUNG)."""
    load_before_forking()
    gc.freeze()
    gc.set_threshold(YOUNG, *OLDER)


_loaded = False


def load_before_forking():
    """Once, in a process where Django is set up: the URLs (every view module they
    import), the Vietnamese catalogue and every template compiled (Django's cached loader
    keeps them). Django loads each on first use, so each worker, and each worker started
    again after `max_requests`, paid for it on its first requests: the first teacher's
    home page of a new worker 82-92 ms of CPU, 28.5 ms once loaded here (the next ones
    16-21 ms); the master spends some 280 ms on it, once."""
    global _loaded
    from django.apps import apps

    if _loaded or not apps.ready:
        return
    from django.conf import settings
    from django.template import engines
    from django.template.backends.django import DjangoTemplates
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        get_resolver().reverse_dict  # noqa: B018  (imports and indexes every URL)
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            for folder in [*engine.engine.dirs, *get_app_template_dirs("templates")]:
                for path in sorted(Path(folder).rglob("*.html")):
                    _compile(engine, path.relative_to(folder).as_posix())
    _loaded = True


def _compile(engine, name):
    """A template that does not compile on its own (a package's, needing what is not
    installed) is left to fail where it is used, as before: never the server's start."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError

    try:
        engine.get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        logger.warning("Template %s not loaded before forking: %s", name, error)
