"""The minutes of a council's sitting (biên bản họp xét, Luật 2022 Điều 84): where and
when it met, who kept the minutes, and the written opinions of absent members, which
count with the ballots (NĐ 98/2023 Điều 30 khoản 7). Presence, votes and results come
from the vote itself (receipts and closed counts); they are never typed twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import by_user
from schools.models import Person

from .council import Candidate, Vote


class Minutes(models.Model):
    vote = models.OneToOneField(
        Vote, verbose_name=_("cuộc bình xét"), on_delete=models.CASCADE, related_name="minutes"
    )
    place = models.CharField(_("địa điểm họp"), max_length=200)
    started_at = models.TimeField(_("bắt đầu lúc"))
    ended_at = models.TimeField(_("kết thúc lúc"), null=True, blank=True)
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("thư ký"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_opinions = models.TextField(_("ý kiến khác tại cuộc họp"), blank=True)
    updated_by = by_user(_("người sửa"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("sửa lúc"))

    class Meta:
        verbose_name = _("biên bản họp xét")
        verbose_name_plural = _("biên bản họp xét")

    def __str__(self):
        return f"Biên bản: {self.vote}"


class WrittenOpinion(models.Model):
    """An absent member's written opinion on one candidate, recorded by the secretary;
    it is signed, so it is not secret, and it counts like a ballot."""

    vote = models.ForeignKey(
        Vote,
        on_delete=models.CASCADE,
        related_name="written_opinions",
        verbose_name=_("cuộc bình xét"),
    )
    member = models.ForeignKey(
        Person, verbose_name=_("thành viên vắng mặt"), on_delete=models.CASCADE, related_name="+"
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="written_opinions",
        verbose_name=_("người được bình xét"),
    )
    agree = models.BooleanField(_("đồng ý"))
    recorded_by = by_user(_("người ghi nhận"))

    class Meta:
        verbose_name = _("ý kiến bằng văn bản")
        verbose_name_plural = _("ý kiến bằng văn bản")
        constraints = [
            models.UniqueConstraint(fields=["member", "candidate"], name="one_opinion_each")
        ]

    def __str__(self):
        return f"{self.member}: {self.candidate}"
