"""History of every step in awards (AwardEvent): who, when, what, from which state to
which, on a nomination, a proposal, a decision or a vote. It sits above the models it
names, so it reads their statuses without importing them late."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import StatusEvent, belongs_to

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


class AwardEvent(StatusEvent):
    """History of every step in awards: who, when, what, from which state to which."""

    ACTION_LABELS = ACTION_LABELS
    RECORDS = ("nomination", "proposal", "decision", "vote")

    from_status = models.CharField(max_length=15, blank=True, verbose_name=_("từ trạng thái"))
    to_status = models.CharField(max_length=15, blank=True, verbose_name=_("sang trạng thái"))
    comment = models.TextField(blank=True, verbose_name=_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    nomination = belongs_to(Nomination, _("đề nghị"), "events")
    proposal = belongs_to(Proposal, _("tờ trình"), "events")
    decision = belongs_to(Decision, _("quyết định"), "events")
    vote = belongs_to(Vote, _("cuộc bình xét"), "events")

    class Meta:
        verbose_name = _("lịch sử khen thưởng")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} ({self.created_at:%d/%m/%Y %H:%M})"
