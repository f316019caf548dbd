"""Quarterly nominations of exemplary people and collectives (điển hình tiên tiến) and
the year-end proposals, the rounds they are sent in, their evidence, and the proposals
(tờ trình) that carry them up the tree: school → office → Sở (→ Bộ)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import Created, SignedDocument, by_user
from emulation.models import Campaign, ScheduleItem
from registrations.models import InnovationRegistration, TeacherGroup
from schools.models import Organization, Person, SchoolYear, Unit

from .catalogue import TitleOrAwardForm


class Round(models.Model):
    """A deadline by which the organisations below send their nominations: a quarter of
    seed 002, or one step of a funnel (team → school → office → city) of seed 003 that
    lets each sender put forward at most `quota`."""

    class Level(models.TextChoices):
        TEAM = "team", _("Tổ chuyên môn chọn")
        SCHOOL = "school", _("Trường chọn")
        OFFICE = "office", _("Phòng / xã chọn")
        DEPARTMENT = "department", _("Sở chọn")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="rounds"
    )
    name = models.CharField(_("đợt"), max_length=200)
    level = models.CharField(
        _("cấp chọn"), max_length=12, choices=Level.choices, default=Level.DEPARTMENT
    )
    deadline = models.DateField(_("hạn gửi"))
    # The school year the round belongs to: the one its deadline falls in (a quarter
    # due in December belongs to the year that began in September, whatever year the
    # campaign was launched for). Set on save.
    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("năm học"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quota_per_team = models.PositiveIntegerField(
        _("mỗi tổ chuyên môn chọn tối đa"),
        null=True,
        blank=True,
        help_text=_("Vòng tổ chọn của quy trình tuyển chọn; để trống nếu không giới hạn."),
    )
    quota = models.PositiveIntegerField(
        _("mỗi trường gửi tối đa"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không giới hạn."),
    )
    quota_per_office = models.PositiveIntegerField(
        _("mỗi Phòng / xã gửi tối đa"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không giới hạn."),
    )
    schedule_item = models.OneToOneField(
        ScheduleItem,
        verbose_name=_("mốc trong kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_round",
    )

    class Meta:
        verbose_name = _("đợt đề nghị khen thưởng")
        verbose_name_plural = _("đợt đề nghị khen thưởng")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"{self.name} (hạn {self.deadline:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.school_year = SchoolYear.for_date(self.deadline)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "school_year"}
        super().save(*args, **kwargs)

    @property
    def organization(self):
        return self.campaign.organization

    def quota_for(self, sender):
        """How many nominations `sender` may send in this round (None: no limit)."""
        return self.quota if sender.is_school else self.quota_per_office


class Nomination(Created, TitleOrAwardForm):
    """A person or a collective put forward for a title or an award form in a round.
    `organization` proposes it; `holder` is where it sits now (it moves up when a
    proposal carrying it is sent)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        SUBMITTED = "submitted", _("Đã gửi, chờ cấp trên xét")
        ACCEPTED = "accepted", _("Cấp trên đã chấp nhận")
        RETURNED = "returned", _("Trả lại để bổ sung")
        REJECTED = "rejected", _("Không chấp nhận")
        AWARDED = "awarded", _("Đã có quyết định khen thưởng")

    round = models.ForeignKey(
        Round, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="nominations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="award_nominations",
    )
    holder = models.ForeignKey(
        Organization,
        verbose_name=_("đang ở cấp"),
        on_delete=models.PROTECT,
        related_name="held_nominations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể (tổ)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collective = models.ForeignKey(
        Organization,
        verbose_name=_("tập thể (đơn vị)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The achievement summary, after the law's report templates (NĐ 152/2025, Mẫu số 05+).
    duties = models.TextField(_("chức năng, nhiệm vụ được giao"), blank=True)
    achievements = models.TextField(_("thành tích đạt được"))
    initiatives = models.TextField(_("sáng kiến, giải pháp, đề tài"), blank=True)
    previous_awards = models.TextField(_("các hình thức khen thưởng đã được ghi nhận"), blank=True)
    registrations = models.ManyToManyField(
        InnovationRegistration,
        verbose_name=_("đăng ký M1 đã duyệt"),
        blank=True,
        related_name="nominations",
    )
    groups = models.ManyToManyField(
        TeacherGroup, verbose_name=_("nhóm M2 đã duyệt"), blank=True, related_name="nominations"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    last_comment = models.TextField(_("ý kiến của cấp trên"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("phiên bản"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("sửa lúc"))

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"{self.nominee_name} — {self.award_label}"

    @property
    def nominee_name(self):
        return str(self.person or self.unit or self.collective or "")

    @property
    def is_collective(self):
        return self.person_id is None

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Evidence(models.Model):
    """A file proving an achievement. Its kind is read from the content, not the name."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("đề nghị")
    )
    file = models.FileField(_("tệp"), upload_to="awards/evidence/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64, verbose_name=_("mã băm SHA-256"))
    uploaded_by = by_user(_("người tải lên"))
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tải lên lúc"))

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Proposal(SignedDocument):
    """Tờ trình: an organisation sends nominations of a round to the organisation above
    it, with its list and achievement reports. Written like a plan, in the admin."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SENT = "sent", _("Đã gửi")
        REVIEWED = "reviewed", _("Cấp trên đã xét xong")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị trình"),
        on_delete=models.PROTECT,
        related_name="award_proposals",
    )
    recipient = models.ForeignKey(
        Organization,
        verbose_name=_("kính gửi"),
        on_delete=models.PROTECT,
        related_name="incoming_award_proposals",
    )
    round = models.ForeignKey(
        Round, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="proposals"
    )
    issue_date = models.DateField(_("ngày ký"), null=True, blank=True)
    subject = models.CharField(
        _("trích yếu"),
        max_length=300,
        default=_("Về việc đề nghị khen thưởng"),
    )
    body = models.TextField(
        _("nội dung tờ trình"),
        blank=True,
        help_text=_("Để trống để dùng lời văn mặc định theo mẫu."),
    )
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi; để trống: Như trên; Lưu: VT.")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    is_late = models.BooleanField(_("gửi muộn"), default=False)
    signed_scan = models.FileField(
        _("bản scan có chữ ký"), upload_to="awards/proposals/%Y/", blank=True
    )
    nominations = models.ManyToManyField(
        Nomination, through="ProposalItem", related_name="proposals", verbose_name=_("các đề nghị")
    )
    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("phiên bản"))

    class Meta:
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["round", "recipient", "status"])]

    def __str__(self):
        return f"{self.reference or _('Tờ trình (dự thảo)')} — {self.organization}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class ProposalItem(models.Model):
    """A nomination inside a proposal, with the recipient's answer to it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chờ xét")
        ACCEPTED = "accepted", _("Chấp nhận")
        RETURNED = "returned", _("Trả lại")
        REJECTED = "rejected", _("Không chấp nhận")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="items", verbose_name=_("tờ trình")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="items", verbose_name=_("đề nghị")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("thứ tự"))
    outcome = models.CharField(
        _("kết quả xét"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    comment = models.TextField(_("ý kiến"), blank=True)
    reviewed_by = by_user(_("người xét"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("xét lúc"))

    class Meta:
        verbose_name = _("người trong danh sách đề nghị")
        verbose_name_plural = _("danh sách đề nghị")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "nomination"], name="nominated_once")
        ]

    def __str__(self):
        return str(self.nomination)
