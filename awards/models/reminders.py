"""The reminders an office sends, from its home page, to the units below it that have not
yet sent their proposal (tờ trình) of a round: who reminded whom and when. It is the
history of that action (the service history rows of awards are never audit-logged)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import by_user
from schools.models import Organization

from .nominations import Round


class RoundReminder(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("đợt"), on_delete=models.CASCADE, related_name="reminders"
    )
    office = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị nhắc"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    units = models.ManyToManyField(
        Organization, verbose_name=_("đơn vị được nhắc"), related_name="+"
    )
    mail_count = models.PositiveIntegerField(_("số thư đã gửi"), default=0)
    sent_by = by_user(_("người nhắc"))
    sent_at = models.DateTimeField(_("nhắc lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc gửi tờ trình")
        verbose_name_plural = _("nhắc gửi tờ trình")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["office", "round"])]

    def __str__(self):
        return f"{self.office} — {self.round.name} ({self.sent_at:%d/%m/%Y %H:%M})"
