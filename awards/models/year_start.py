"""The start of a school year (AWARDS.md "Year-start registration"): the covenant signed
at the staff conference between the head and the union (giao ước thi đua), each person's
and collective's registration of the titles they aim for (đăng ký thi đua), and each
organisation's rule for a nomination without a registration."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import by_user
from schools.models import Organization, Person, SchoolYear, Unit

from .catalogue import AwardForm, Title
from .holders import PersonOrCollective


class TitleRegistration(PersonOrCollective):
    """Đăng ký thi đua of one person or collective for a school year: the title aimed
    for and, optionally, the award form."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="title_registrations",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("tổ"), null=True, blank=True, on_delete=models.CASCADE
    )
    title = models.ForeignKey(
        Title, verbose_name=_("đăng ký thi đua"), null=True, blank=True, on_delete=models.PROTECT
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("đăng ký khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    registered_by = by_user(_("người đăng ký"))
    registered_at = models.DateTimeField(auto_now=True, verbose_name=_("đăng ký lúc"))

    class Meta:
        verbose_name = _("đăng ký danh hiệu thi đua")
        verbose_name_plural = _("đăng ký danh hiệu thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "person"],
                condition=Q(person__isnull=False),
                name="one_registration_per_person",
            ),
            models.UniqueConstraint(
                fields=["school_year", "unit"],
                condition=Q(unit__isnull=False),
                name="one_registration_per_unit",
            ),
            models.UniqueConstraint(
                fields=["school_year", "collective"],
                condition=Q(collective__isnull=False),
                name="one_registration_per_collective",
            ),
        ]

    def __str__(self):
        return f"{self.holder_name}: {self.title or ''} {self.award_form or ''}".strip()


class StaffCovenant(models.Model):
    """Giao ước thi đua signed at the staff conference (Luật Thực hiện dân chủ ở cơ sở
    2022, Điều 51: within three months of the year's start)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    conference_date = models.DateField(_("ngày hội nghị cán bộ, công chức, viên chức"))
    head = models.ForeignKey(
        Person, verbose_name=_("thủ trưởng đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    union_chair = models.ForeignKey(
        Person, verbose_name=_("chủ tịch công đoàn"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("nội dung giao ước"))
    recorded_by = by_user(_("người ghi nhận"))

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "school_year"], name="one_covenant_per_year"
            )
        ]

    def __str__(self):
        return f"{self.organization} {self.school_year}"


class AwardPolicy(models.Model):
    """An organisation's own rules (AWARDS.md: "not confirmed", so a setting): what
    happens to a nomination for a title the nominee did not register for."""

    class Unregistered(models.TextChoices):
        REFUSE = "refuse", _("Không nhận đề nghị")
        WARN = "warn", _("Nhận, có cảnh báo")
        ALLOW = "allow", _("Nhận bình thường")

    organization = models.OneToOneField(
        Organization, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    unregistered = models.CharField(
        _("đề nghị danh hiệu chưa đăng ký"),
        max_length=10,
        choices=Unregistered.choices,
        default=Unregistered.WARN,
    )

    class Meta:
        verbose_name = _("quy định khen thưởng của đơn vị")
        verbose_name_plural = _("quy định khen thưởng của đơn vị")

    def __str__(self):
        return f"{self.organization}: {self.get_unregistered_display()}"
