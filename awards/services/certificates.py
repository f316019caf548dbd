"""Certificates (giấy khen) of a recorded decision, made in the background: the batch is
created here, atomically with its history row; the task (awards/tasks.py) is enqueued
only once the transaction commits, so a worker never looks for a batch that is not
there yet.

A worker can die mid-batch (killed, out of memory, machine restarted): its run stops
writing `heartbeat_at`. A batch running with no heartbeat for a lease
(CERTIFICATE_LEASE_SECONDS) is started again from the first page by a live worker, at
most MAX_RUNS times, then failed with a message. Three things look: the watcher task
scheduled with the batch (watch_certificates, every lease while unfinished), the batch
page as it polls, and starting the certificates again."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.visibility import manageable

from ..models import CertificateBatch, Decision
from .common import ServiceError, record

__all__ = ["MAX_RUNS", "STALE_AFTER", "is_stale", "resume_if_stale", "start_certificates", "watch"]

# A batch still queued after this long is taken as lost (no worker was running):
# starting again is then allowed.
STALE_AFTER = datetime.timedelta(hours=1)
MAX_RUNS = 3
UNFINISHED = (CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING)


def lease():
    return datetime.timedelta(seconds=settings.CERTIFICATE_LEASE_SECONDS)


def start_certificates(user, decision):
    """Start the certificates of `decision`; returns the batch. A batch already under way
    for the decision is returned instead of starting a second one."""
    if not manageable(user, Decision).filter(pk=decision.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if not decision.is_recorded:
            raise ServiceError(_("Quyết định chưa ban hành nên chưa in được giấy khen."))
        total = decision.awardees.count()
        if not total:
            raise ServiceError(_("Quyết định chưa có ai trong danh sách khen thưởng."))
        under_way = (
            decision.certificate_batches.filter(
                status__in=UNFINISHED, created_at__gte=timezone.now() - STALE_AFTER
            )
            .order_by("-created_at")
            .first()
        )
        if under_way is not None and resume_if_stale(under_way.pk) != "failed":
            return CertificateBatch.objects.get(pk=under_way.pk)
        batch = CertificateBatch.objects.create(decision=decision, total=total, created_by=user)
        record(user, "certificates", decision=decision, comment=str(total))
        transaction.on_commit(lambda: enqueue(batch.pk))
    return batch


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
    from ..tasks import make_certificates

    result = make_certificates.enqueue(batch_id)
    CertificateBatch.objects.filter(pk=batch_id).update(task_id=str(result.id)[:64])
    _schedule_watch(batch_id)
    return result


def _schedule_watch(batch_id):
    from ..tasks import watch_certificates

    backend = watch_certificates.get_backend()
    if not backend.supports_defer:  # the immediate backend of some tests: nothing to watch
        return None
    return watch_certificates.using(run_after=timezone.now() + lease()).enqueue(batch_id)
