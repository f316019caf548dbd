"""The law around decisions as dated data (../shared/AWARDS.md): who may decide what
(thẩm quyền), how much each title and award form pays (multiples of the base salary),
the base salary itself, and the legal bases a decision cites. Every row has an effective
period and a cited source; a decision is judged by the rows in force on its date.
Administrators change them in the admin; awards/law.py reads them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import Dated

from .catalogue import Recipient, title_or_award_form


class ForAward(Dated, title_or_award_form(models.CASCADE)):
    """A row of the law about one title or one award form; it goes with them."""

    class Meta:
        abstract = True


class BaseSalary(Dated):
    """Mức lương cơ sở: the base every award's money multiplies."""

    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.amount:,} đồng ({self.period_label})".replace(",", ".")


class AwardMoney(ForAward):
    """How many times the base salary a title or an award form pays, to a person or a
    collective (NĐ 152/2025 Điều 50 and 54)."""

    recipient = models.CharField(_("đối tượng"), max_length=10, choices=Recipient.choices)
    multiple = models.DecimalField(_("số lần lương cơ sở"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("mức tiền thưởng")
        verbose_name_plural = _("mức tiền thưởng")
        ordering = ["title", "award_form", "recipient", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(title__isnull=False, award_form__isnull=True)
                | Q(title__isnull=True, award_form__isnull=False),
                name="money_for_a_title_or_an_award_form",
            )
        ]

    def __str__(self):
        return f"{self.award} – {self.get_recipient_display()}: {self.multiple}"


class Authority(ForAward):
    """Who decides a title or an award form for the nominees of a school of one shape:
    a school under a district's Phòng GDĐT, under a commune, or run by the Sở (THPT)."""

    class Shape(models.TextChoices):
        DISTRICT = "district", _("Trường thuộc Phòng GDĐT cấp huyện")
        COMMUNE = "commune", _("Trường thuộc UBND cấp xã")
        DEPARTMENT = "department", _("Trường thuộc Sở (THPT, trực thuộc)")

    class Decider(models.TextChoices):
        SCHOOL = "school", _("Hiệu trưởng (của chính trường)")
        OFFICE = "office", _("Chủ tịch UBND huyện (Phòng GDĐT trình, soạn)")
        COMMUNE = "commune", _("Chủ tịch UBND xã, phường")
        DEPARTMENT = "department", _("Giám đốc Sở GDĐT")
        PROVINCE = "province", _("Chủ tịch UBND tỉnh")
        MINISTRY = "ministry", _("Bộ trưởng Bộ GDĐT")
        GOVERNMENT = "government", _("Thủ tướng Chính phủ")

    shape = models.CharField(_("trường thuộc"), max_length=12, choices=Shape.choices)
    decider = models.CharField(_("người quyết định"), max_length=12, choices=Decider.choices)

    class Meta:
        verbose_name = _("thẩm quyền quyết định")
        verbose_name_plural = _("thẩm quyền quyết định")
        ordering = ["title", "award_form", "shape", "-effective_from"]

    def __str__(self):
        return f"{self.award} – {self.get_shape_display()}: {self.get_decider_display()}"


class DecisionBasis(Dated):
    """A 'Căn cứ …' line a decision prints, by the decision's date."""

    text = models.CharField(_("căn cứ"), max_length=500)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("căn cứ của quyết định")
        verbose_name_plural = _("căn cứ của quyết định")
        ordering = ["order", "-effective_from"]

    def __str__(self):
        return self.text
