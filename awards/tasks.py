"""Background tasks of awards, on Django's task framework (the django-tasks backport;
run by `manage.py db_worker`).

make_certificates renders the certificates of a decision in chunks, writes the progress
to the batch after each chunk (the batch page polls it), then joins the laid-out pages
into one PDF: fonts are embedded once, not once per chunk."""

import logging
import time

from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from weasyprint.text.fonts import FontConfiguration

from .documents import CertificateDocument, load_decision, ordered_awardees
from .models import CertificateBatch

logger = logging.getLogger(__name__)

# Pages laid out between two progress updates: small enough for a live progress bar,
# large enough that the per-chunk cost (parsing CSS, loading fonts) stays negligible.
CHUNK_SIZE = 50


def _update(batch_id, **fields):
    CertificateBatch.objects.filter(pk=batch_id).update(**fields)


@task()
def make_certificates(batch_id):
    """Make the PDF of a CertificateBatch; the batch ends done or failed, never stuck.

    django-tasks 0.12 never runs a failed task again, so this task does not raise: any
    error (a page that does not render, the database going away mid-way) marks the batch
    failed with a message for the batch page, removes a PDF already written, and the
    manager starts the certificates again from the decision or the batch page."""
    batch = CertificateBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status == CertificateBatch.Status.DONE:
        return "skipped"
    written = ""
    try:
        _update(batch_id, status=CertificateBatch.Status.RUNNING, done=0, error="")
        decision = load_decision(batch.decision_id)
        awardees, _parts = ordered_awardees(decision)
        total = len(awardees)
        _update(batch_id, total=total)
        if not total:
            raise ValueError("no awardees")
        document = CertificateDocument(decision)
        fonts = FontConfiguration()
        rendered, pages = [], []
        for start in range(0, total, CHUNK_SIZE):
            chunk = document.for_chunk(awardees[start : start + CHUNK_SIZE]).render(fonts)
            rendered.append(chunk)
            pages.extend(chunk.pages)
            _update(batch_id, done=min(start + CHUNK_SIZE, total))
        pdf = rendered[0].copy(pages).write_pdf()
        batch.file.save(document.filename("pdf"), ContentFile(pdf), save=False)
        written = batch.file.name
        _update(
            batch_id,
            status=CertificateBatch.Status.DONE,
            file=batch.file.name,
            finished_at=timezone.now(),
        )
        return batch.file.name
    except Exception as error:
        logger.exception("Certificates of batch %s failed", batch_id)
        if written:
            batch.file.storage.delete(written)
        _mark_failed(batch_id, error)
        return "failed"


def _mark_failed(batch_id, error, attempts=3):
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
            _update(batch_id, **fields)
            return
        except DatabaseError:
            if attempt == attempts or connection.in_atomic_block:
                raise
            connection.close()  # the next query opens a new connection
            time.sleep(0.1 * attempt)
