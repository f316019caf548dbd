"""Emulation blocks (khối thi đua, seed 001): schools under an office grouped for a
school year, led by one school's principal; their targets, covenant, meetings, reports,
year-end ranking and the vote for next year's leader. Data only; see services.py."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import by_user
from schools.models import Organization, SchoolYear


def a_school(verbose_name):
    """A school a row of a block is about (a member, the host, the one voted for)."""
    return models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=verbose_name
    )


def of_block(related_name):
    """The block a row belongs to; it goes with the block."""
    return models.ForeignKey(
        "EmulationBlock",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("khối thi đua"),
    )


class EmulationBlock(models.Model):
    office = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        related_name="emulation_blocks",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên khối"), max_length=150)
    leader_school = a_school(_("trường khối trưởng"))
    plan = models.ForeignKey(
        "emulation.Plan",
        verbose_name=_("kế hoạch của khối"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    targets_deadline = models.DateField(_("hạn đăng ký chỉ tiêu"), null=True, blank=True)
    covenant_deadline = models.DateField(_("hạn nộp giao ước"), null=True, blank=True)
    ranking_closed_at = models.DateTimeField(_("chốt xếp hạng lúc"), null=True, blank=True)
    leading_school = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị dẫn đầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    peer_scoring = models.BooleanField(
        _("mọi thành viên cùng chấm điểm"),
        default=False,
        help_text=_(
            "Theo kế hoạch của khối: mỗi trường chấm các trường khác; điểm xếp hạng là "
            "điểm trung bình. Nếu không, khối trưởng chấm."
        ),
    )
    ranking_deadline = models.DateField(
        _("hạn chấm điểm"),
        null=True,
        blank=True,
        help_text=_("Sau hạn này khối trưởng chốt được xếp hạng dù còn trường chưa chấm."),
    )
    ranking_approved_at = models.DateTimeField(_("Phòng duyệt xếp hạng lúc"), null=True, blank=True)
    ranking_approved_by = by_user(_("người duyệt xếp hạng"), blank=True)
    vote_deadline = models.DateField(
        _("hạn bầu khối trưởng"),
        null=True,
        blank=True,
        help_text=_("Sau hạn này khối trưởng kết thúc được cuộc bầu dù còn trường chưa bầu."),
    )
    vote_closed_at = models.DateTimeField(_("chốt bầu khối trưởng lúc"), null=True, blank=True)
    office_note = models.TextField(
        _("ý kiến của Phòng"),
        blank=True,
        help_text=_("Lý do Phòng mở lại xếp hạng, cuộc bầu hoặc chọn đơn vị dẫn đầu khác."),
    )
    next_leader_school = models.ForeignKey(
        Organization,
        verbose_name=_("khối trưởng năm sau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("khối thi đua")
        verbose_name_plural = _("khối thi đua")
        ordering = ["-school_year__start_date", "name"]

    def __str__(self):
        return f"{self.name} ({self.school_year})"


class BlockMembership(models.Model):
    """A school in a block; one block per school per school year."""

    block = of_block("memberships")
    school = a_school(_("trường"))
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("năm học")
    )

    class Meta:
        verbose_name = _("trường thành viên")
        verbose_name_plural = _("trường thành viên")
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="one_block_per_year")
        ]

    def __str__(self):
        return str(self.school)


class TargetItem(models.Model):
    """A target the leader asks every member to commit to (chỉ tiêu đăng ký), of a kind
    its values are checked and printed by (emulation/blocks/targets.py)."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("tỷ lệ (%)")
        COUNT = "count", _("số lượng")
        YES_NO = "yes_no", _("có/không")
        TEXT = "text", _("chữ")

    block = of_block("target_items")
    order = models.PositiveIntegerField(default=0, verbose_name=_("thứ tự"))
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.TEXT)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("chỉ tiêu giao ước")
        verbose_name_plural = _("chỉ tiêu giao ước")

    def __str__(self):
        return self.name


class TargetValue(models.Model):
    item = models.ForeignKey(
        TargetItem, on_delete=models.CASCADE, related_name="values", verbose_name=_("chỉ tiêu")
    )
    school = a_school(_("trường"))
    value = models.CharField(_("giá trị đăng ký"), max_length=300)
    filled_by = by_user(_("người nhập"))
    filled_at = models.DateTimeField(auto_now=True, verbose_name=_("nhập lúc"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "school"], name="one_value_per_school")
        ]
        verbose_name = _("chỉ tiêu trường đăng ký")
        verbose_name_plural = _("chỉ tiêu trường đăng ký")

    def __str__(self):
        return self.value


class CovenantConfirmation(models.Model):
    """A principal's confirmation of the covenant (giao ước thi đua)."""

    block = of_block("confirmations")
    school = a_school(_("trường"))
    confirmed_by = by_user(_("người xác nhận"))
    confirmed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("xác nhận lúc"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["block", "school"], name="one_confirmation")]
        verbose_name = _("xác nhận giao ước")
        verbose_name_plural = _("xác nhận giao ước")

    def __str__(self):
        return f"{self.school} {self.confirmed_at:%d/%m/%Y}"


class BlockMeeting(models.Model):
    block = of_block("meetings")
    period_label = models.CharField(_("đợt"), max_length=50, help_text=_("Ví dụ: Quý I năm 2027"))
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=300)
    host_school = a_school(_("trường đăng cai"))
    agenda = models.TextField(_("nội dung"), blank=True)
    topic = models.CharField(_("chuyên đề trình bày"), max_length=300, blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    minutes_file = models.FileField(_("biên bản (PDF)"), upload_to="blocks/minutes/", blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("cuộc họp khối")
        verbose_name_plural = _("cuộc họp khối")

    def __str__(self):
        return f"{self.period_label} – {self.place}"


class BlockReport(models.Model):
    """A report due: from a member school to the leader, or from the block to the office."""

    class Kind(models.TextChoices):
        MIDYEAR = "midyear", _("Báo cáo sơ kết học kỳ I")
        YEAREND = "yearend", _("Báo cáo tổng kết năm học")
        BLOCK = "block", _("Báo cáo của khối gửi Phòng")

    block = of_block("reports")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    school = a_school(_("trường"))
    due_date = models.DateField(_("hạn nộp"))
    content = models.TextField(_("nội dung"), blank=True)
    attachment = models.FileField(
        _("tệp báo cáo (PDF, Word)"), upload_to="blocks/reports/", blank=True
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = by_user(_("người nộp"), blank=True)

    class Meta:
        ordering = ["due_date", "kind", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["block", "kind", "school"], name="one_report")
        ]
        verbose_name = _("báo cáo của khối")
        verbose_name_plural = _("báo cáo của khối")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.school}"

    def is_overdue(self, today):
        """Not sent and past its deadline."""
        return self.submitted_at is None and today > self.due_date

    @property
    def was_late(self):
        """Sent after its deadline."""
        return self.submitted_at is not None and (
            timezone.localdate(self.submitted_at) > self.due_date
        )

    @property
    def days_late(self):
        if self.submitted_at is None:
            return None
        return max((timezone.localdate(self.submitted_at) - self.due_date).days, 0)

    @property
    def attachment_is_pdf(self):
        return self.attachment.name.lower().endswith(".pdf")


class RankingCriterion(models.Model):
    block = of_block("criteria")
    order = models.PositiveIntegerField(default=0, verbose_name=_("thứ tự"))
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.PositiveIntegerField(_("điểm tối đa"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")

    def __str__(self):
        return f"{self.name} ({self.max_points})"


class Score(models.Model):
    class Kind(models.TextChoices):
        SELF = "self", _("Tự chấm")
        LEADER = "leader", _("Khối trưởng chấm")
        PEER = "peer", _("Trường thành viên chấm")
        OFFICE = "office", _("Phòng chấm trường khối trưởng")

    criterion = models.ForeignKey(
        RankingCriterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("tiêu chí"),
    )
    school = a_school(_("trường được chấm"))
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("loại điểm"))
    scorer_school = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Trường chấm, khi mọi thành viên cùng chấm."),
        verbose_name=_("trường chấm"),
    )
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("minh chứng"), blank=True)
    scored_by = by_user(_("người chấm"))
    scored_at = models.DateTimeField(auto_now=True, verbose_name=_("chấm lúc"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "school", "kind"],
                condition=~models.Q(kind="peer"),
                name="one_score",
            ),
            models.UniqueConstraint(
                fields=["criterion", "school", "scorer_school"],
                condition=models.Q(kind="peer"),
                name="one_peer_score",
            ),
        ]
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")

    def __str__(self):
        return f"{self.school}: {self.points}"


class LeaderVote(models.Model):
    """Each member school's vote for next year's block leader."""

    block = of_block("votes")
    voter_school = a_school(_("trường bỏ phiếu"))
    candidate = a_school(_("trường được bầu"))
    voted_by = by_user(_("người bỏ phiếu"))
    voted_at = models.DateTimeField(auto_now_add=True, verbose_name=_("bỏ phiếu lúc"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["block", "voter_school"], name="one_vote_per_school")
        ]
        verbose_name = _("phiếu bầu khối trưởng")
        verbose_name_plural = _("phiếu bầu khối trưởng")

    def __str__(self):
        return f"{self.voter_school} → {self.candidate}"
