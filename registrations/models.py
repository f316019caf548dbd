"""Innovation registrations: form M1 (one person) and form M2 (a group of teachers who
improve together), their review by the union, versions and history. Data only; every
transition is a function in services.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import StatusEvent, belongs_to
from common.models import by_user
from emulation.models import Campaign
from schools.models import Organization, Person, Unit


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp, chờ tổ công đoàn")
    FORWARDED = "forwarded", _("Tổ đã chuyển, chờ CTCĐ duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã duyệt")


class Result(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc")
    COMPLETED = "completed", _("Hoàn thành")
    NOT_COMPLETED = "not_completed", _("Chưa hoàn thành")


class InnovationField(models.TextChoices):
    """Seed 000, form M1 item 3."""

    MANAGEMENT = "management", _("Quản lý tổ, khoa, nhà trường")
    STUDENT_EDUCATION = "student_education", _("Quản lý giáo dục học sinh")
    TEACHING_METHOD = "teaching_method", _("Phương pháp giảng dạy")
    TEACHING_QUALITY = "teaching_quality", _("Chất lượng giảng dạy chuyên môn")
    RESEARCH = "research", _("Nghiên cứu khoa học, bài báo, sáng kiến")


FIELD_LABELS = dict(InnovationField.choices)  # value -> label, read once per row of lists


class Reviewable(models.Model):
    """What M1 and M2 share: the campaign, the school and union group, the review state,
    an optimistic-lock version and the mid-year and year-end results."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        Organization, verbose_name=_("trường"), on_delete=models.PROTECT, related_name="+"
    )
    union_group = models.ForeignKey(
        Unit,
        verbose_name=_("tổ công đoàn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=0, editable=False)
    last_comment = models.TextField(_("ý kiến của người duyệt"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # the versions kept (Version, one per submission), counted as they are written: the
    # form's page reads them only when there are two to compare
    submissions = models.PositiveIntegerField(_("số lần nộp"), default=0, editable=False)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewer = by_user(_("người duyệt"), blank=True)
    midyear_result = models.CharField(
        _("kết quả sơ kết"), max_length=15, choices=Result.choices, blank=True
    )
    midyear_comment = models.TextField(_("nhận xét sơ kết"), blank=True)
    yearend_result = models.CharField(
        _("kết quả tổng kết"), max_length=15, choices=Result.choices, blank=True
    )
    yearend_comment = models.TextField(_("nhận xét tổng kết"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_editable_by_author(self):
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def period_label(self):
        return f"năm học {self.campaign.school_year.name.replace('-', ' - ')}"


class InnovationRegistration(Reviewable):
    """Form M1: "Đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo trong dạy và học"."""

    FORM_FIELDS = [
        "assigned_task",
        "fields",
        "field_other",
        "current_state",
        "goals_and_solutions",
        "expected_results",
        "trial_period",
        "steps",
        "dissemination_scope",
    ]

    person = models.ForeignKey(
        Person, verbose_name=_("người đăng ký"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_task = models.TextField(_("nhiệm vụ được giao"), blank=True)
    fields = models.JSONField(_("lĩnh vực đổi mới, sáng tạo"), default=list, blank=True)
    field_other = models.CharField(_("lĩnh vực khác"), max_length=300, blank=True)
    current_state = models.TextField(_("thực trạng vấn đề dự kiến đổi mới"), blank=True)
    goals_and_solutions = models.TextField(_("mục tiêu, giải pháp đổi mới"), blank=True)
    expected_results = models.TextField(_("dự kiến kết quả đạt được"), blank=True)
    trial_period = models.CharField(_("thời gian dự kiến thử nghiệm"), max_length=300, blank=True)
    steps = models.TextField(_("các bước tiến hành thử nghiệm"), blank=True)
    dissemination_scope = models.TextField(_("phạm vi công bố và nhân rộng"), blank=True)

    class Meta:
        verbose_name = _("đăng ký cá nhân (mẫu M1)")
        verbose_name_plural = _("đăng ký cá nhân (mẫu M1)")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="one_m1_per_campaign")
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return f"M1 – {self.person.full_name}"

    @property
    def person_name(self):
        return self.person.full_name

    @property
    def fields_text(self):
        labels = [str(FIELD_LABELS[value]) for value in self.fields if value in FIELD_LABELS]
        if self.field_other:
            labels.append(self.field_other)
        return "; ".join(labels)


class TeacherGroup(Reviewable):
    """Form M2: "Đăng ký thành lập nhóm nhà giáo cùng nhau phát triển"."""

    FORM_FIELDS = [
        "name",
        "team",
        "common_task",
        "concern",
        "current_state",
        "strengths",
        "limits",
        "approach",
        "expected_results",
        "period",
        "next_concern",
    ]

    leader = models.ForeignKey(
        Person, verbose_name=_("trưởng nhóm"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("thành viên"), related_name="teacher_groups", blank=True
    )
    name = models.CharField(
        _("tên nhóm"), max_length=200, help_text=_("Ví dụ: Nhóm nâng cao chất lượng học Toán")
    )
    team = models.ForeignKey(
        Unit,
        verbose_name=_("tổ chuyên môn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    common_task = models.TextField(_("nhiệm vụ chung đang được giao"), blank=True)
    concern = models.TextField(_("vấn đề nhóm đang quan tâm"), blank=True)
    current_state = models.TextField(_("thực trạng của vấn đề"), blank=True)
    strengths = models.TextField(_("điểm mạnh của các thành viên"), blank=True)
    limits = models.TextField(_("điểm còn hạn chế"), blank=True)
    approach = models.TextField(_("hướng giải quyết của nhóm"), blank=True)
    expected_results = models.TextField(_("dự kiến kết quả đạt được"), blank=True)
    period = models.CharField(_("dự kiến thời gian tiến hành"), max_length=300, blank=True)
    next_concern = models.TextField(_("vấn đề cần quan tâm tiếp theo"), blank=True)

    class Meta:
        verbose_name = _("nhóm nhà giáo (mẫu M2)")
        verbose_name_plural = _("nhóm nhà giáo (mẫu M2)")
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return f"M2 – {self.name}"

    def audit_label(self):
        """How the audit log names the group: its name is free text of the form, which
        the log never holds (a draft's belongs to its author alone)."""
        return f"M2 #{self.pk}"

    @property
    def leader_name(self):
        return self.leader.full_name


ACTION_LABELS = {
    "create": _("tạo bản nháp"),
    "submit": _("nộp"),
    "resubmit": _("nộp lại"),
    "withdraw": _("rút lại"),
    "forward": _("tổ công đoàn chuyển lên CTCĐ"),
    "return": _("trả lại để sửa"),
    "approve": _("duyệt"),
    "result_midyear": _("ghi kết quả sơ kết"),
    "result_yearend": _("ghi kết quả tổng kết"),
}


class ReviewEvent(StatusEvent):
    """One row per transition: who, when, from, to, comment."""

    ACTION_LABELS = ACTION_LABELS
    RECORDS = ("registration", "group")

    registration = belongs_to(InnovationRegistration, _("đăng ký"), "events")
    group = belongs_to(TeacherGroup, _("nhóm"), "events")
    comment = models.TextField(_("ý kiến"), blank=True)
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc"))

    class Meta:
        verbose_name = _("lịch sử duyệt")
        verbose_name_plural = _("lịch sử duyệt")
        ordering = ["at", "pk"]


class Version(models.Model):
    """The content as submitted, kept at every submission so reviewers see changes."""

    registration = belongs_to(InnovationRegistration, _("đăng ký"), "versions")
    group = belongs_to(TeacherGroup, _("nhóm"), "versions")
    number = models.PositiveIntegerField(verbose_name=_("lần nộp"))
    data = models.JSONField(verbose_name=_("nội dung đã nộp"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("phiên bản đã nộp")
        verbose_name_plural = _("phiên bản đã nộp")

    def __str__(self):
        return f"v{self.number}"


class DeadlineExtension(models.Model):
    """The chair lets one person or one group submit after the deadline."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("phong trào")
    )
    person = belongs_to(Person, _("người được gia hạn"), "+")
    group = belongs_to(TeacherGroup, _("nhóm"), "+")
    until = models.DateField(_("gia hạn đến"))
    granted_by = by_user(_("người gia hạn"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        verbose_name = _("gia hạn đăng ký")
        verbose_name_plural = _("gia hạn đăng ký")

    def __str__(self):
        return f"{self.person or self.group} → {self.until:%d/%m/%Y}"
