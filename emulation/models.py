"""Campaigns (phong trào thi đua) and their plans (Kế hoạch), held as structured data:
legal bases, sections, themes with award forms, schedule, recipients, signatures,
annexes. Data and invariants only; state changes are in services.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import StatusEvent
from common.models import by_user
from schools import issuers
from schools.issuers import IssuerKind
from schools.models import Organization, SchoolYear


class DocumentType(models.TextChoices):
    """Nghị định 30/2020/NĐ-CP, Phụ lục III: names and abbreviations of document types."""

    PLAN = "KH", _("Kế hoạch")
    PROPOSAL = "TTr", _("Tờ trình")
    DECISION = "QĐ", _("Quyết định")
    REPORT = "BC", _("Báo cáo")
    LIST = "DS", _("Danh sách")
    NOTICE = "TB", _("Thông báo")
    MINUTES = "BB", _("Biên bản")
    GUIDANCE = "HD", _("Hướng dẫn")


class Campaign(models.Model):
    """A movement launched by an organisation for a period, optionally implementing a
    campaign of a higher level."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị phát động"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên phong trào"), max_length=300)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện phong trào của cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-school_year__start_date", "name"]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    def registration_deadline(self):
        """The earliest registration deadline in the campaign's published plans."""
        return (
            ScheduleItem.objects.filter(
                plan__campaign=self,
                plan__status__in=["published", "issued"],
                milestone=ScheduleItem.Milestone.REGISTRATION,
            )
            .exclude(deadline=None)
            .order_by("deadline")
            .values_list("deadline", flat=True)
            .first()
        )


class Plan(models.Model):
    """The official document of a campaign. Drafts are edited freely; a published plan
    is visible below its organisation; an issued plan (signed scan uploaded) is locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")
        ISSUED = "issued", _("Đã ban hành (có bản ký)")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    parent_plan = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_plans",
    )
    doc_type = models.CharField(
        _("loại văn bản"), max_length=5, choices=DocumentType.choices, default=DocumentType.PLAN
    )
    issuer_kind = models.CharField(
        _("tổ chức ban hành"),
        max_length=10,
        choices=IssuerKind.choices,
        default=IssuerKind.STATE,
    )
    joint_issuer_kind = models.CharField(
        _("ban hành liên tịch với"),
        max_length=10,
        choices=IssuerKind.choices,
        blank=True,
        help_text=_("Để trống nếu văn bản chỉ do một tổ chức ban hành."),
    )
    joint_issuer_name = models.CharField(
        _("tên tổ chức cùng ban hành (tiêu đề)"), max_length=255, blank=True
    )
    type_label = models.CharField(
        _("tên loại văn bản in trên văn bản"),
        max_length=100,
        blank=True,
        help_text=_(
            "Để trống thì dùng tên loại, ví dụ “KẾ HOẠCH”; có thể ghi “KẾ HOẠCH PHỐI HỢP”."
        ),
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(
        _("ký hiệu"),
        max_length=50,
        blank=True,
        help_text=_("Để trống thì tự tạo, ví dụ KH-MNLN; sửa được cho ký hiệu riêng."),
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản (tiêu đề)"),
        max_length=255,
        blank=True,
        help_text=_("Để trống thì lấy của đơn vị."),
    )
    issuer_name = models.CharField(
        _("tên đơn vị ban hành (tiêu đề)"),
        max_length=255,
        blank=True,
        help_text=_("Để trống thì lấy tên đơn vị; ví dụ “KHỐI THI ĐUA SỐ 3”."),
    )
    place_name = models.CharField(_("địa danh"), max_length=100, blank=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    subtitle = models.CharField(_("dòng phụ dưới trích yếu"), max_length=300, blank=True)
    preamble = models.TextField(_("mở đầu"), blank=True)
    closing = models.TextField(_("kết thúc"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    signed_scan = models.FileField(
        _("bản ký, đóng dấu (PDF)"), upload_to="plans/signed/", blank=True
    )
    created_by = by_user(_("người soạn"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("sửa lúc"))

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issue_date", "-pk"]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    @property
    def default_symbol(self):
        return issuers.symbol_for(self.issuer_kind, self.doc_type, self.organization.abbreviation)

    @property
    def reference(self):
        """'57/KH-MNLN' ('05/KH-MNLN' below 10), '10-KH/ĐTN' of a youth union, or
        '/KH-MNLN' while not numbered (the way drafts are written)."""
        if self.number is None:
            return f"/{self.symbol or self.default_symbol}"
        return issuers.reference(self.issuer_kind, self.number, self.symbol or self.default_symbol)

    @property
    def number_line(self):
        """'Số: 05/KH-THLU', 'Số: 10-KH/ĐTN', 'Số 10-KH/CB' as the header prints it."""
        return issuers.number_line(
            self.issuer_kind, self.number, self.symbol or self.default_symbol
        )

    @property
    def is_joint(self):
        return bool(self.joint_issuer_kind)

    @property
    def is_locked(self):
        return self.status == self.Status.ISSUED

    @property
    def printed_type(self):
        return (self.type_label or self.get_doc_type_display()).upper()

    @property
    def listed_title(self):
        """The type and the title on one line, as lists show a plan: "KẾ HOẠCH Triển
        khai …", but the title alone when it already starts with its type ("Kế hoạch
        xây dựng …"), so the type is never read twice."""
        kind = self.type_label or self.get_doc_type_display()
        if self.title.casefold().startswith(str(kind).casefold()):
            return self.title
        return f"{self.printed_type} {self.title}"

    @property
    def header_governing_body(self):
        if self.governing_body:
            return self.governing_body
        return issuers.default_lines(self.organization, self.issuer_kind)[0]

    @property
    def header_issuer(self):
        return self.issuer_name or issuers.default_lines(self.organization, self.issuer_kind)[1]

    @property
    def header_joint_issuer(self):
        if not self.joint_issuer_kind:
            return ""
        return (
            self.joint_issuer_name
            or issuers.default_lines(self.organization, self.joint_issuer_kind)[1]
        )

    @property
    def header_place(self):
        return self.place_name or self.organization.place_name


def of_plan(related_name):
    """The plan a part of it (or a row of its history) belongs to; it goes with the plan."""
    return models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("kế hoạch")
    )


class Ordered(models.Model):
    order = models.PositiveIntegerField(_("thứ tự"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class LegalBasis(Ordered):
    plan = of_plan("legal_bases")
    text = models.TextField(_("căn cứ"), help_text=_("Ví dụ: Căn cứ Luật Thi đua, khen thưởng..."))

    class Meta(Ordered.Meta):
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")

    def __str__(self):
        return self.text[:80]


class Section(Ordered):
    """A heading with its text. Levels number themselves: I, 1, a, -, +."""

    class Level(models.IntegerChoices):
        PART = 1, _("I, II, III")
        ITEM = 2, _("1, 2, 3")
        POINT = 3, _("a, b, c")
        DASH = 4, _("gạch đầu dòng (-)")
        PLUS = 5, _("dấu cộng (+)")

    class Block(models.TextChoices):
        NONE = "", _("—")
        THEMES = "themes", _("các chuyên đề")
        SCHEDULE = "schedule", _("tiến độ triển khai")
        TARGETS = "targets", _("bảng chỉ tiêu đăng ký của khối")
        RESULTS = "results", _("bảng kết quả năm trước của khối")
        CALENDAR = "calendar", _("lịch hoạt động của khối")

    plan = of_plan("sections")
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices, default=Level.PART)
    label = models.CharField(
        _("số mục"), max_length=10, blank=True, help_text=_("Để trống thì tự đánh số.")
    )
    heading = models.CharField(_("tiêu đề mục"), max_length=500, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    block = models.CharField(
        _("chèn sau nội dung"), max_length=10, choices=Block.choices, blank=True, default=""
    )
    review_note = models.CharField(
        _("cần sửa trước khi công bố"),
        max_length=300,
        blank=True,
        help_text=_(
            "Phần của kế hoạch cấp trên dành cho cấp khác: sửa cho đơn vị mình rồi xóa ghi "
            "chú này, hoặc xóa cả phần."
        ),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("mục")
        verbose_name_plural = _("các mục")

    def __str__(self):
        return self.heading or self.body[:60]


class Theme(Ordered):
    """A topic (chuyên đề) with its own objective, audience, content, period, awards."""

    plan = of_plan("themes")
    name = models.CharField(_("tên chuyên đề"), max_length=300)
    objective = models.TextField(_("mục tiêu"), blank=True)
    audience = models.TextField(_("đối tượng"), blank=True)
    content = models.TextField(_("nội dung"), blank=True)
    period = models.CharField(_("thời gian"), max_length=300, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("chuyên đề")
        verbose_name_plural = _("chuyên đề")

    def __str__(self):
        return self.name


class ThemeAward(Ordered):
    """'Hiệu trưởng tặng giấy khen: 01 tập thể, 01 cá nhân'."""

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="awards", verbose_name=_("chuyên đề")
    )
    authority = models.CharField(_("cấp khen"), max_length=200, default="Hiệu trưởng")
    award_form = models.CharField(_("hình thức"), max_length=200, default="Giấy khen")
    collective_quantity = models.PositiveSmallIntegerField(_("số tập thể"), default=0)
    individual_quantity = models.PositiveSmallIntegerField(_("số cá nhân"), default=0)

    class Meta(Ordered.Meta):
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self):
        return self.text

    @property
    def text(self):
        parts = []
        if self.collective_quantity:
            parts.append(f"{self.collective_quantity:02d} tập thể")
        if self.individual_quantity:
            parts.append(f"{self.individual_quantity:02d} cá nhân")
        counts = f" ({', '.join(parts)})" if parts else ""
        return f"{self.authority} tặng {self.award_form.lower()}{counts}"


class ScheduleItem(Ordered):
    """What happens when (tiến độ), with an optional deadline that workflows read."""

    class Milestone(models.TextChoices):
        NONE = "", _("—")
        REGISTRATION = "registration", _("Hạn đăng ký thi đua")
        NOMINATION = "nomination", _("Hạn gửi hồ sơ đề nghị khen thưởng")
        MIDYEAR_REVIEW = "midyear", _("Sơ kết")
        YEAREND_REVIEW = "yearend", _("Tổng kết")
        REPORT = "report", _("Hạn nộp báo cáo")
        MEETING = "meeting", _("Họp")

    plan = of_plan("schedule_items")
    period_label = models.CharField(
        _("thời gian"), max_length=100, help_text=_("Ví dụ: Tháng 09-10/2017; Quý I năm 2018")
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    activity = models.TextField(_("nội dung công việc"))
    responsible = models.CharField(_("người/bộ phận thực hiện"), max_length=300, blank=True)
    deadline = models.DateField(_("hạn chót"), null=True, blank=True)
    milestone = models.CharField(
        _("loại mốc"), max_length=20, choices=Milestone.choices, blank=True, default=""
    )
    printed = models.BooleanField(
        _("in trong văn bản"),
        default=True,
        help_text=_("Bỏ chọn khi nội dung mốc này đã được viết trong các mục của kế hoạch."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("mốc tiến độ")
        verbose_name_plural = _("tiến độ triển khai")

    def __str__(self):
        return self.period_label


class Recipient(Ordered):
    plan = of_plan("recipients")
    text = models.CharField(_("nơi nhận"), max_length=300)

    class Meta(Ordered.Meta):
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = self.normalised(self.text)
        super().save(*args, **kwargs)

    @staticmethod
    def normalised(text):
        """'- Lưu: VT.' -> 'Lưu: VT': the dash and the end mark are printed by the layout."""
        return text.strip().lstrip("-·• ").rstrip(";.").strip()


class SignatureBlock(Ordered):
    """'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Phương Dung'."""

    class Authority(models.TextChoices):
        NONE = "", _("— (ký trực tiếp)")
        ON_BEHALF = "KT.", _("KT. (ký thay)")
        FOR_COLLECTIVE = "TM.", _("TM. (thay mặt)")
        FOR_PARTY_CELL = "T/M", _("T/M (thay mặt, văn bản của Đảng)")
        ACTING = "Q.", _("Q. (quyền)")
        BY_ORDER = "TL.", _("TL. (thừa lệnh)")
        AUTHORISED = "TUQ.", _("TUQ. (thừa ủy quyền)")

    plan = of_plan("signatures")
    authority = models.CharField(
        _("thẩm quyền"), max_length=5, choices=Authority.choices, blank=True, default=""
    )
    authority_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=150,
        blank=True,
        help_text=_("Sau KT./TM./Q./TL.: ví dụ GIÁM ĐỐC, BAN CHẤP HÀNH"),
    )
    position = models.CharField(_("chức vụ người ký"), max_length=150)
    position_note = models.CharField(
        _("dòng phụ"), max_length=200, blank=True, help_text=_("Ví dụ: Hiệu trưởng Trường ...")
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("chữ ký")
        verbose_name_plural = _("chữ ký")

    def __str__(self):
        return f"{self.position} {self.signer_name}".strip()

    @property
    def authority_line(self):
        if self.authority:
            return f"{self.authority} {self.authority_title}".upper()
        return ""


class Annex(Ordered):
    """What follows the signatures: the blank forms M1/M2, the group table, free text."""

    class Kind(models.TextChoices):
        FORM_M1 = "form_m1", _("Mẫu M1 – đăng ký cá nhân")
        FORM_M2 = "form_m2", _("Mẫu M2 – nhóm nhà giáo cùng nhau phát triển")
        GROUP_TABLE = "group_table", _("Bảng phân công các nhóm")
        TEXT = "text", _("Văn bản")

    plan = of_plan("annexes")
    kind = models.CharField(_("loại phụ lục"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    period_label = models.CharField(
        _("thời gian thực hiện"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: năm học 2016 - 2017"),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("phụ lục")
        verbose_name_plural = _("phụ lục")

    def __str__(self):
        return self.title or self.get_kind_display()


class GroupAssignment(Ordered):
    """A row of the group-assignment table (seed 000): team -> group and its task."""

    annex = models.ForeignKey(
        Annex, on_delete=models.CASCADE, related_name="group_rows", verbose_name=_("phụ lục")
    )
    team_name = models.CharField(_("tổ"), max_length=200)
    group_name = models.CharField(_("nhóm"), max_length=300)

    class Meta(Ordered.Meta):
        verbose_name = _("dòng phân công nhóm")
        verbose_name_plural = _("bảng phân công nhóm")

    def __str__(self):
        return f"{self.team_name}: {self.group_name}"


class DocumentCounter(models.Model):
    """Last number given to an issuer's documents in a year (Nghị định 30: one sequence
    per organisation per year; the school's Công đoàn, Đoàn, Liên đội and Chi bộ each
    keep their own)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("tổ chức")
    )
    issuer_kind = models.CharField(
        max_length=10,
        choices=IssuerKind.choices,
        default=IssuerKind.STATE,
        verbose_name=_("tổ chức ban hành"),
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("năm"))
    last_number = models.PositiveIntegerField(default=0, verbose_name=_("số cuối đã cấp"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "issuer_kind", "year"], name="unique_issuer_counter"
            )
        ]
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")

    def __str__(self):
        return f"{self.organization} {self.year}: {self.last_number}"


class PlanEvent(StatusEvent):
    """History of a plan: who did what, when, from which status to which."""

    RECORDS = ("plan",)

    plan = of_plan("events")
    action = models.CharField(_("thao tác"), max_length=50)
    note = models.TextField(blank=True, verbose_name=_("ghi chú"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("lúc"))

    class Meta:
        verbose_name = _("lịch sử kế hoạch")
        verbose_name_plural = _("lịch sử kế hoạch")
        ordering = ["at", "pk"]


# Emulation blocks live in their own folder; importing them here registers the models.
from .blocks.models import (  # noqa: E402, F401
    BlockMeeting,
    BlockMembership,
    BlockReport,
    CovenantConfirmation,
    EmulationBlock,
    LeaderVote,
    RankingCriterion,
    Score,
    TargetItem,
    TargetValue,
)
