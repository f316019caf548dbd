"""Certificates (giấy khen) of a recorded decision, made in the background: the batch is
created here, atomically with its history row; the task (awards/tasks.py) is enqueued
only once the transaction commits, so a worker never looks for a batch that is not
there yet. A batch whose worker died is started again by awards/tasks.py
(resume_if_stale), which this module calls when the certificates are asked for again."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.visibility import manageable

from ..models import CertificateBatch, Decision
from ..tasks import UNFINISHED, enqueue, resume_if_stale
from .common import ServiceError, record

# A batch still queued after this long is taken as lost (no worker was running):
# starting again is then allowed.
STALE_AFTER = datetime.timedelta(hours=1)


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
