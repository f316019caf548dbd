"""Abstract models the apps' models are built on, for groups of fields that mean the same
wherever they stand: who created a row and when, a document's number and signer, a row
of law in force for a period with its legal source, an uploaded list waiting for
confirmation. None is about schools; no table is made for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.vietnamese import document_number


def by_user(verbose_name, *, blank=False):
    """The account that did something to the row (made, sent, recorded, scored it…).
    The row outlives the account: the link is emptied when the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


class Created(models.Model):
    """Who created the row (kept when the account goes) and when."""

    created_by = by_user(_("người tạo"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        abstract = True


class SignedDocument(Created):
    """An official document written in the product (a tờ trình, a quyết định): its
    number and symbol once it has them, and who signs it, with which authority."""

    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=10, blank=True, help_text=_("Ví dụ: KT., TM., Q.")
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def reference(self):
        """'05/TTr-THLU', or '' while the document has no number."""
        if self.number is None:
            return ""
        return document_number(self.number, self.symbol)


class InForce(models.QuerySet):
    def on(self, day):
        """The rows in force on `day`."""
        return self.filter(effective_from__lte=day).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )


class Dated(models.Model):
    """A row of law: the source it cites and the period it is in force."""

    legal_source = models.CharField(_("căn cứ"), max_length=300)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)

    objects = InForce.as_manager()

    class Meta:
        abstract = True

    @property
    def period_label(self):
        end = f"{self.effective_to:%d/%m/%Y}" if self.effective_to else "nay"
        return f"{self.effective_from:%d/%m/%Y} – {end}"


class UploadedList(models.Model):
    """An uploaded list (of staff, of award history…) waiting for confirmation. The file
    is kept as bytes so the preview and the confirmation read exactly the same content;
    the preview is made once, at upload. The model names its `organization`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        DONE = "done", _("Đã nhập")

    uploaded_by = by_user(_("người tải lên"))
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(verbose_name=_("nội dung tệp"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    # The check made once at upload (e.g. schools.imports.ImportResult.preview): the
    # preview page shows it without reading the file again.
    preview = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("bản xem trước")
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.organization})"
