"""Background tasks of awards, on Django's task framework (the django-tasks backport;
run by `manage.py db_worker`).

make_certificates renders the certificates of a decision in chunks, writes the progress
to the batch after each chunk (the batch page polls it), then joins the laid-out pages
into one PDF: fonts are embedded once, not once per chunk. Each run holds the batch by a
token and beats (writes `heartbeat_at`) with every chunk.

A worker can die mid-batch (killed, out of memory, machine restarted): its run stops
writing `heartbeat_at`. A batch running with no heartbeat for a lease
(CERTIFICATE_LEASE_SECONDS) is started again from the first page by a live worker, at
most MAX_RUNS times, then failed with a message. Three things look: the watcher task
scheduled with the batch (watch_certificates, every lease while unfinished), the batch
page as it polls, and starting the certificates again (services/certificates.py)."""

import datetime
import logging
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .documents.certificates import CertificateDocument
from .documents.decisions import load_decision, ordered_awardees
from .models import CertificateBatch

logger = logging.getLogger(__name__)

MAX_RUNS = 3
UNFINISHED = (CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING)


def lease():
    return datetime.timedelta(seconds=settings.CERTIFICATE_LEASE_SECONDS)


class Superseded(Exception):
    """The batch was taken over by another run (this one was taken for dead)."""


def _beat(batch_id, token, **fields):
    """Write progress as the run holding the batch; Superseded when it no longer does."""
    held = CertificateBatch.objects.filter(pk=batch_id, run_token=token).update(
        heartbeat_at=timezone.now(), **fields
    )
    if not held:
        raise Superseded


def _claim(batch_id):
    """Take a queued batch for this run: its token, or None when there is nothing to do
    (made already, or held by another run)."""
    token = uuid.uuid4().hex
    batches = CertificateBatch.objects.filter(pk=batch_id, status=CertificateBatch.Status.QUEUED)
    claimed = batches.update(
        status=CertificateBatch.Status.RUNNING,
        run_token=token,
        heartbeat_at=timezone.now(),
        runs=F("runs") + 1,
        done=0,
        error="",
    )
    return token if claimed else None


@task()
def make_certificates(batch_id):
    """Make the PDF of a CertificateBatch; the batch ends done or failed, never stuck.

    django-tasks 0.12 never runs a failed task again, so this task does not raise: any
    error (a page that does not render, the database going away mid-way) marks the batch
    failed with a message for the batch page, removes a PDF already written, and the
    manager starts the certificates again from the decision or the batch page. A worker
    killed mid-way is seen by watch_certificates."""
    token = _claim(batch_id)
    if token is None:
        return "skipped"
    batch = CertificateBatch.objects.get(pk=batch_id)
    written = ""
    try:
        decision = load_decision(batch.decision_id)
        awardees, _parts = ordered_awardees(decision)
        total = len(awardees)
        _beat(batch_id, token, total=total)
        if not total:
            raise ValueError("no awardees")
        document = CertificateDocument(decision)
        from weasyprint.text.fonts import FontConfiguration  # slow to import: on use

        fonts = FontConfiguration()
        rendered, pages = [], []
        size = settings.CERTIFICATE_CHUNK_SIZE
        for start in range(0, total, size):
            chunk = document.for_chunk(awardees[start : start + size]).render(fonts)
            rendered.append(chunk)
            pages.extend(chunk.pages)
            _beat(batch_id, token, done=min(start + size, total))
        pdf = rendered[0].copy(pages).write_pdf()
        batch.file.save(document.filename("pdf"), ContentFile(pdf), save=False)
        written = batch.file.name
        _beat(
            batch_id,
            token,
            status=CertificateBatch.Status.DONE,
            file=batch.file.name,
            finished_at=timezone.now(),
        )
        return batch.file.name
    except Superseded:
        logger.warning("Certificates of batch %s: taken over by another run", batch_id)
        if written:
            batch.file.storage.delete(written)
        return "superseded"
    except Exception as error:
        logger.exception("Certificates of batch %s failed", batch_id)
        if written:
            batch.file.storage.delete(written)
        _mark_failed(batch_id, token, error)
        return "failed"


@task()
def watch_certificates(batch_id):
    """While a batch is unfinished: start it again if its run stopped beating, else look
    again after a lease."""
    return watch(batch_id)


def _mark_failed(batch_id, token, error, attempts=3):
    """Write the failure, on a new database connection if the old one is what failed."""
    fields = {
        "status": CertificateBatch.Status.FAILED,
        "error": _(
            "Không tạo được giấy khen (%(kind)s). Hãy thử tạo lại; nếu vẫn lỗi, báo "
            "quản trị hệ thống."
        )
        % {"kind": type(error).__name__},
        "finished_at": timezone.now(),
    }
    for attempt in range(1, attempts + 1):
        try:
            CertificateBatch.objects.filter(pk=batch_id, run_token=token).update(**fields)
            return
        except DatabaseError:
            if attempt == attempts or connection.in_atomic_block:
                raise
            connection.close()  # the next query opens a new connection
            time.sleep(0.1 * attempt)


# --- the lease: a batch whose run stopped beating is started again ------------------------


def is_stale(batch):
    """Seen from a loaded batch, without a query: running, and silent for a lease."""
    return (
        batch.status == CertificateBatch.Status.RUNNING
        and batch.heartbeat_at is not None
        and batch.heartbeat_at < timezone.now() - lease()
    )


def resume_if_stale(batch_id):
    """Start again a batch whose run has not beaten for a lease: "resumed", or "failed"
    after MAX_RUNS runs, or None when its run is alive (or it is not running). One
    conditional update decides, so two lookers never both resume it."""
    stale = CertificateBatch.objects.filter(
        pk=batch_id,
        status=CertificateBatch.Status.RUNNING,
        heartbeat_at__lt=timezone.now() - lease(),
    )
    with transaction.atomic():
        if stale.filter(runs__lt=MAX_RUNS).update(
            status=CertificateBatch.Status.QUEUED, run_token="", heartbeat_at=None, done=0
        ):
            transaction.on_commit(lambda: enqueue(batch_id))
            return "resumed"
        if stale.update(
            status=CertificateBatch.Status.FAILED,
            run_token="",
            finished_at=timezone.now(),
            error=_(
                "Tiến trình tạo giấy khen đã dừng đột ngột %(n)s lần (máy chủ khởi động "
                "lại hoặc hết bộ nhớ). Hãy thử tạo lại; nếu vẫn lỗi, báo quản trị hệ thống."
            )
            % {"n": MAX_RUNS},
        ):
            return "failed"
    return None


def watch(batch_id):
    """The watcher task's work: resume a batch that lost its worker; while the batch is
    unfinished, look again after a lease."""
    outcome = resume_if_stale(batch_id)
    if (
        outcome is None
        and CertificateBatch.objects.filter(pk=batch_id, status__in=UNFINISHED).exists()
    ):
        _schedule_watch(batch_id)
        return "watching"
    return outcome or "finished"


def enqueue(batch_id):
    """Queue the batch's run, and a watcher one lease later (a new one each time: a
    resumed batch gets its own)."""
    result = make_certificates.enqueue(batch_id)
    CertificateBatch.objects.filter(pk=batch_id).update(task_id=str(result.id)[:64])
    _schedule_watch(batch_id)
    return result


def _schedule_watch(batch_id):
    backend = watch_certificates.get_backend()
    if not backend.supports_defer:  # the immediate backend of some tests: nothing to watch
        return None
    return watch_certificates.using(run_after=timezone.now() + lease()).enqueue(batch_id)
