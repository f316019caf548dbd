"""Decisions (quyết định khen thưởng) of the granting office, their awardees and the
certificates (giấy khen) printed for them, each with a public verification token."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import Created, SignedDocument
from schools.models import Organization

from .catalogue import TitleOrAwardForm
from .nominations import Nomination, Round


class Decision(SignedDocument):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        RECORDED = "recorded", _("Đã ban hành")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan quyết định"),
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=300, default=_("Về việc khen thưởng"))
    recipients = models.TextField(
        _("nơi nhận"),
        blank=True,
        help_text=_("Mỗi dòng một nơi; để trống: Như Điều 3; Lưu: VT, TĐKT."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    recorded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decision_date", "-pk"]

    def __str__(self):
        return self.reference or str(_("Quyết định (dự thảo)"))

    @property
    def is_recorded(self):
        return self.status == self.Status.RECORDED


class Awardee(TitleOrAwardForm):
    """One line of a decision. Names and labels are copied at recording time, so the
    decision and its certificates read the same forever."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="awardees", verbose_name=_("quyết định")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="awardees", verbose_name=_("đề nghị")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("thứ tự"))
    name = models.CharField(_("họ và tên / tập thể"), max_length=300)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit_label = models.CharField(_("đơn vị"), max_length=300, blank=True)
    # Copied at recording time, in place of the label read from the title or form.
    award_label = models.CharField(_("danh hiệu / hình thức"), max_length=300)
    amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), default=0)
    money_note = models.CharField(_("ghi chú tiền thưởng"), max_length=300, blank=True)
    token = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("mã tra cứu")
    )

    class Meta:
        verbose_name = _("người được khen thưởng")
        verbose_name_plural = _("danh sách khen thưởng")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "nomination"], name="awarded_once")
        ]

    def __str__(self):
        return f"{self.name} — {self.award_label}"


class CertificateBatch(Created):
    """The certificates of a decision, made in the background: progress and the PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="certificate_batches",
        verbose_name=_("quyết định"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("trạng thái")
    )
    total = models.PositiveIntegerField(default=0, verbose_name=_("tổng số giấy khen"))
    done = models.PositiveIntegerField(default=0, verbose_name=_("đã in"))
    file = models.FileField(
        upload_to="awards/certificates/%Y/", blank=True, verbose_name=_("tệp giấy khen")
    )
    error = models.TextField(blank=True, verbose_name=_("lỗi"))
    task_id = models.CharField(max_length=64, blank=True, verbose_name=_("mã tác vụ"))
    # The run under way (awards/tasks.py): its token, its last sign of life
    # and how many runs were started. A run whose worker died stops beating; the batch is
    # then started again by a live worker, or failed after MAX_RUNS.
    run_token = models.CharField(
        max_length=32, blank=True, editable=False, verbose_name=_("mã lượt chạy")
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("còn chạy lúc")
    )
    runs = models.PositiveSmallIntegerField(
        default=0, editable=False, verbose_name=_("số lượt chạy")
    )
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("xong lúc"))

    class Meta:
        verbose_name = _("đợt in giấy khen")
        verbose_name_plural = _("đợt in giấy khen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.decision} ({self.get_status_display()})"

    @property
    def percent(self):
        return int(self.done * 100 / self.total) if self.total else 0
