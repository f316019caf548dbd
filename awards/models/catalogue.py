"""Catalogue of titles (danh hiệu thi đua) and award forms (hình thức khen thưởng), and
the rules that govern them as data with an effective period and a cited legal source
(../shared/AWARDS.md): the law changes, so parameters are edited by an administrator,
never buried in code. The predicates themselves live in rules.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import Dated


class Recipient(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class Title(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("danh hiệu"), max_length=200)
    abbreviation = models.CharField(_("viết tắt"), max_length=20, blank=True)
    recipient = models.CharField(_("đối tượng"), max_length=10, choices=Recipient.choices)
    granted_by = models.CharField(_("cấp quyết định"), max_length=200)
    legal_source = models.CharField(_("căn cứ"), max_length=300)
    order = models.PositiveIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        verbose_name = _("danh hiệu thi đua")
        verbose_name_plural = _("danh hiệu thi đua")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AwardForm(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("hình thức khen thưởng"), max_length=200)
    granted_by = models.CharField(_("người tặng"), max_length=200)
    recipient = models.CharField(
        _("đối tượng"),
        max_length=10,
        choices=Recipient.choices,
        blank=True,
        help_text=_("Để trống nếu dùng cho cả cá nhân và tập thể."),
    )
    legal_source = models.CharField(_("căn cứ"), max_length=300)
    order = models.PositiveIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name} ({self.granted_by})"


def title_or_award_form(on_delete):
    """An abstract model for rows about one title or one award form (one of the two is
    set). `on_delete` says what a title or form's deletion does to them."""

    class TitleOrAwardForm(models.Model):
        title = models.ForeignKey(
            Title, verbose_name=_("danh hiệu"), null=True, blank=True, on_delete=on_delete
        )
        award_form = models.ForeignKey(
            AwardForm,
            verbose_name=_("hình thức khen thưởng"),
            null=True,
            blank=True,
            on_delete=on_delete,
        )

        class Meta:
            abstract = True

        @property
        def award(self):
            return self.title or self.award_form

        @property
        def award_label(self):
            return str(self.title.name if self.title_id else self.award_form or "")

    return TitleOrAwardForm


# What is proposed, recorded or given: the catalogue keeps a title or form while named.
TitleOrAwardForm = title_or_award_form(models.PROTECT)


class Rule(Dated):
    """One condition, threshold or quota, in force for a period. `predicate` names the
    predicate in rules.py; `parameters` are its numbers (percentages, thresholds...)."""

    class Severity(models.TextChoices):
        BLOCK = "block", _("Chặn đề nghị")
        WARN = "warn", _("Chỉ cảnh báo")

    class Predicate(models.TextChoices):
        COMPLETES_DUTIES = "completes_duties", _("Hoàn thành tốt nhiệm vụ trở lên")
        HAS_TITLE = "has_title", _("Đạt một danh hiệu khác trong năm")
        EXCELLENT_OR_INITIATIVE = (
            "excellent_or_initiative",
            _("Hoàn thành xuất sắc, hoặc có sáng kiến / đề tài"),
        )
        CONSECUTIVE = "consecutive", _("Đạt danh hiệu nhiều năm liên tục")
        CONSECUTIVE_AWARDS = "consecutive_awards", _("Đạt danh hiệu nhiều lần liên tục")
        NOT_DISCIPLINED = "not_disciplined", _("Không bị kỷ luật, thanh tra, khiếu nại")
        SHARE_OF_MEMBERS = "share_of_members", _("Tỷ lệ thành viên đạt danh hiệu")
        AT_LEAST_ONE_MEMBER = "at_least_one_member", _("Ít nhất một thành viên đạt danh hiệu")
        NO_MEMBER_DISCIPLINED = "no_member_disciplined", _("Không thành viên nào bị kỷ luật")
        VOTE_THRESHOLD = "vote_threshold", _("Tỷ lệ phiếu bầu của hội đồng")
        ALL_MEMBERS_COMPLETE_DUTIES = (
            "all_members_complete_duties",
            _("Tất cả thành viên hoàn thành nhiệm vụ"),
        )
        LEADS_BLOCK = "leads_block", _("Dẫn đầu khối thi đua")
        YEARS_IN_SECTOR = "years_in_sector", _("Số năm công tác trong ngành")

    code = models.SlugField(_("mã"), max_length=60)
    title = models.ForeignKey(
        Title,
        verbose_name=_("danh hiệu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
    )
    # A rule of an award form (Kỷ niệm chương: years in the sector) has no title; the
    # rules of titles are those without an award form.
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("hình thức khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
    )
    predicate = models.CharField(_("điều kiện"), max_length=60, choices=Predicate.choices)
    description = models.TextField(_("mô tả"))
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    severity = models.CharField(
        _("mức"), max_length=10, choices=Severity.choices, default=Severity.BLOCK
    )
    enabled = models.BooleanField(_("đang áp dụng"), default=True)
    confirmed = models.BooleanField(
        _("đã xác nhận"),
        default=True,
        help_text=_("Bỏ chọn khi căn cứ chưa được xác nhận; quy tắc khi đó chỉ cảnh báo."),
    )

    class Meta:
        verbose_name = _("quy tắc xét khen thưởng")
        verbose_name_plural = _("quy tắc xét khen thưởng")
        ordering = ["code", "-effective_from"]

    def __str__(self):
        return f"{self.code} ({self.effective_from:%d/%m/%Y})"
