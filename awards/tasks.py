"""Background tasks of awards, on Django's task framework (the django-tasks backport;
run by `manage.py db_worker`).

make_certificates renders the certificates of a decision in chunks, writes the progress
to the batch after each chunk (the batch page polls it), then joins the laid-out pages
into one PDF: fonts are embedded once, not once per chunk. Each run holds the batch by a
token and beats (writes `heartbeat_at`) with every chunk; watch_certificates, scheduled
while the batch is unfinished, starts again a batch whose run stopped beating (its worker
was killed) - see services/certificates.py."""

import logging
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from weasyprint.text.fonts import FontConfiguration

from .documents import CertificateDocument, load_decision, ordered_awardees
from .models import CertificateBatch
from .services import certificates as service

logger = logging.getLogger(__name__)


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
    return service.watch(batch_id)


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
