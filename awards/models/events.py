"""History of every step in awards (AwardEvent): who, when, what, from which state to
which, on a nomination, a proposal, a decision or a vote. It sits above the models it
names, so it reads their statuses without importing them late."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .council import Vote
from .decisions import Decision
from .nominations import Nomination, Proposal

ACTION_LABELS = {
    "create": _("Tạo mới"),
    "edit": _("Sửa"),
    "evidence": _("Thêm minh chứng"),
    "evidence_removed": _("Xoá minh chứng"),
    "items": _("Cập nhật danh sách đề nghị"),
    "send": _("Gửi lên cấp trên"),
    "review_accepted": _("Cấp trên chấp nhận"),
    "review_returned": _("Cấp trên trả lại"),
    "review_rejected": _("Cấp trên không chấp nhận"),
    "reviewed": _("Cấp trên đã xét xong"),
    "signed_scan": _("Tải lên bản ký"),
    "awardees": _("Lập danh sách khen thưởng"),
    "record": _("Ban hành quyết định"),
    "award": _("Được khen thưởng"),
    "certificates": _("In giấy khen"),
    "open": _("Mở bỏ phiếu"),
    "close": _("Kết thúc bỏ phiếu"),
    "post": _("Công khai danh sách"),
}


class AwardEvent(models.Model):
    """History of every step in awards: who, when, what, from which state to which."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(max_length=30, verbose_name=_("thao tác"))
    from_status = models.CharField(max_length=15, blank=True, verbose_name=_("từ trạng thái"))
    to_status = models.CharField(max_length=15, blank=True, verbose_name=_("sang trạng thái"))
    comment = models.TextField(blank=True, verbose_name=_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    nomination = models.ForeignKey(
        Nomination,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("đề nghị"),
    )
    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("tờ trình"),
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("quyết định"),
    )
    vote = models.ForeignKey(
        Vote,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("cuộc bình xét"),
    )

    class Meta:
        verbose_name = _("lịch sử khen thưởng")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def to_status_label(self):
        owners = [
            (self.nomination_id, Nomination),
            (self.proposal_id, Proposal),
            (self.decision_id, Decision),
            (self.vote_id, Vote),
        ]
        model = next((model for owner_id, model in owners if owner_id), None)
        if model is None:
            return self.to_status
        return dict(model.Status.choices).get(self.to_status, self.to_status)
