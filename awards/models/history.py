"""Award history (hồ sơ thi đua – khen thưởng): every title and award a person or a
collective received, from decisions recorded in the product and from outside it
(entered by hand, or imported from Excel with a preview). The rules read it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import UploadedList, by_user
from schools.models import Organization, Person, SchoolYear, Unit

from .catalogue import TitleOrAwardForm
from .decisions import Awardee


class AwardRecord(TitleOrAwardForm):
    class Source(models.TextChoices):
        DECISION = "decision", _("Quyết định trong hệ thống")
        ENTERED = "entered", _("Nhập tay")
        IMPORTED = "imported", _("Nhập từ Excel")

    # The organisation the nominee belongs to: the person's or unit's school, or the
    # collective itself. Scoping reads it (visibility.AwardRecordPolicy).
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="award_records",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="award_records",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tổ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="award_records",
    )
    collective = models.ForeignKey(
        Organization,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collective_award_records",
    )
    name = models.CharField(_("họ tên / tập thể"), max_length=300)
    search_name = models.CharField(
        max_length=300, db_index=True, editable=False, verbose_name=_("tên để tìm")
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    authority = models.CharField(_("cấp quyết định"), max_length=300)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    awardee = models.OneToOneField(
        Awardee,
        verbose_name=_("trong quyết định"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="history",
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = by_user(_("người ghi"), blank=True)
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ khen thưởng")
        verbose_name_plural = _("hồ sơ khen thưởng")
        ordering = ["-decision_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(title__isnull=False, award_form__isnull=True)
                | Q(title__isnull=True, award_form__isnull=False),
                name="history_a_title_or_an_award_form",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(unit__isnull=False)
                | Q(collective__isnull=False),
                name="history_has_a_holder",
            ),
        ]
        indexes = [models.Index(fields=["person", "school_year"])]

    def __str__(self):
        return f"{self.name}: {self.award_label} ({self.school_year})"

    @property
    def reference(self):
        return f"{self.decision_number}, {self.decision_date:%d/%m/%Y}"


class HistoryImport(UploadedList):
    """An uploaded list of award history, or of year-start registrations, waiting for
    confirmation (like schools.StaffImport)."""

    class Kind(models.TextChoices):
        HISTORY = "history", _("Hồ sơ khen thưởng")
        REGISTRATIONS = "registrations", _("Đăng ký danh hiệu thi đua")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="history_imports",
    )
    kind = models.CharField(
        _("loại danh sách"), max_length=15, choices=Kind.choices, default=Kind.HISTORY
    )
    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("năm học"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_count = models.PositiveIntegerField(_("số dòng đã nhập"), default=0)

    class Meta(UploadedList.Meta):
        verbose_name = _("lần nhập hồ sơ khen thưởng")
        verbose_name_plural = _("lần nhập hồ sơ khen thưởng")
