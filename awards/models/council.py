"""At school: the council for emulation and awards (hội đồng thi đua khen thưởng), the
year-end evaluation of each person, the secret vote (bình xét) and the public posting
(công khai) of its result."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import by_user
from schools.models import Organization, Person, SchoolYear

from .catalogue import Title
from .holders import PersonOrCollective


class Council(models.Model):
    """The school's council of one school year, chaired by the principal."""

    school = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="award_councils",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chủ tịch hội đồng"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("thành viên"), related_name="award_councils"
    )

    class Meta:
        verbose_name = _("hội đồng thi đua khen thưởng")
        verbose_name_plural = _("hội đồng thi đua khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="one_council_a_year")
        ]

    def __str__(self):
        return f"{self.school} ({self.school_year})"


class Rating(models.TextChoices):
    """The year-end rating of a public employee (đánh giá, xếp loại)."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class DisciplineLevel(models.TextChoices):
    """Forms of discipline of public employees, lightest first (Luật Viên chức, Điều 52):
    TTLĐTT asks that no member was disciplined at "cảnh cáo" or above."""

    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    DEMOTION = "demotion", _("Cách chức / hạ bậc")
    DISMISSAL = "dismissal", _("Buộc thôi việc")


DISCIPLINE_ORDER = ["", "reprimand", "warning", "demotion", "dismissal"]


class Evaluation(models.Model):
    """What the rules need to know about one person at year end. Filled from the
    product's own data where it has it (registrations' results), by the principal for
    the rest (rating, discipline, days off)."""

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="evaluations"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.CharField(_("xếp loại"), max_length=15, choices=Rating.choices, blank=True)
    initiative_recognised = models.BooleanField(_("có sáng kiến được công nhận"), default=False)
    research_accepted = models.BooleanField(_("có đề tài được nghiệm thu"), default=False)
    disciplined = models.BooleanField(
        _("đang bị kỷ luật, thanh tra hoặc khiếu nại chưa giải quyết"), default=False
    )
    discipline_level = models.CharField(
        _("hình thức kỷ luật trong năm"),
        max_length=12,
        choices=DisciplineLevel.choices,
        blank=True,
    )
    days_off = models.PositiveIntegerField(_("số ngày nghỉ (không tính nghỉ thai sản)"), default=0)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("sửa lúc"))

    class Meta:
        verbose_name = _("đánh giá cuối năm")
        verbose_name_plural = _("đánh giá cuối năm")
        constraints = [
            models.UniqueConstraint(fields=["person", "school_year"], name="one_evaluation_a_year")
        ]

    def __str__(self):
        return f"{self.person} ({self.school_year})"


class Vote(models.Model):
    """One sitting of the council that votes by secret ballot on a list of candidates."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    council = models.ForeignKey(
        Council, verbose_name=_("hội đồng"), on_delete=models.CASCADE, related_name="votes"
    )
    name = models.CharField(_("tên cuộc bình xét"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    held_on = models.DateField(_("ngày họp"))
    opened_by = by_user(_("người mở"))
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    council_size = models.PositiveIntegerField(
        _("số thành viên hội đồng"),
        default=0,
        help_text=_("Ghi lại khi mở bỏ phiếu: ngưỡng tính trên toàn bộ thành viên."),
    )

    class Meta:
        verbose_name = _("cuộc bình xét")
        verbose_name_plural = _("cuộc bình xét")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Candidate(PersonOrCollective):
    """A person or a collective (a unit of the school, or the school itself) voted on
    for a title. The counts are written when the vote closes, and final then."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("cuộc bình xét")
    )
    title = models.ForeignKey(Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT)
    order = models.PositiveIntegerField(default=0, verbose_name=_("thứ tự"))
    yes_count = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("số phiếu đồng ý")
    )
    no_count = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("số phiếu không đồng ý")
    )
    passed = models.BooleanField(null=True, verbose_name=_("đạt"))

    class Meta:
        verbose_name = _("người được bình xét")
        verbose_name_plural = _("người được bình xét")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "title", "person"],
                condition=models.Q(person__isnull=False),
                name="candidate_person_once",
            ),
            models.UniqueConstraint(
                fields=["vote", "title", "unit"],
                condition=models.Q(unit__isnull=False),
                name="candidate_unit_once",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.title}"

    name = PersonOrCollective.holder_name


class Ballot(models.Model):
    """One member's answer on one candidate. It holds no voter, no time and a random
    key, so nothing links it to the member who cast it; BallotReceipt records only
    that the member has voted."""

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("mã phiếu")
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("người được bình xét"),
    )
    agree = models.BooleanField(verbose_name=_("đồng ý"))

    class Meta:
        verbose_name = _("phiếu")
        verbose_name_plural = _("phiếu")

    def __str__(self):
        return str(_("phiếu kín"))


class BallotReceipt(models.Model):
    """That a member voted in a vote (one ballot sheet each); not what they voted."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("cuộc bình xét")
    )
    member = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("thành viên")
    )

    class Meta:
        verbose_name = _("đã bỏ phiếu")
        verbose_name_plural = _("đã bỏ phiếu")
        constraints = [
            models.UniqueConstraint(fields=["vote", "member"], name="one_ballot_sheet_each")
        ]

    def __str__(self):
        return f"{self.member} — {self.vote}"


class Posting(models.Model):
    """The list of people proposed, published to the whole school for a period
    (công khai), during which staff may comment."""

    vote = models.OneToOneField(
        Vote, on_delete=models.CASCADE, related_name="posting", verbose_name=_("cuộc bình xét")
    )
    opens_on = models.DateField(_("công khai từ ngày"))
    closes_on = models.DateField(_("đến ngày"))
    note = models.TextField(_("lời nhắn"), blank=True)
    published_by = by_user(_("người công khai"))
    published_at = models.DateTimeField(auto_now_add=True, verbose_name=_("công khai lúc"))

    class Meta:
        verbose_name = _("công khai danh sách")
        verbose_name_plural = _("công khai danh sách")

    def __str__(self):
        return str(self.vote)


class PostingComment(models.Model):
    posting = models.ForeignKey(
        Posting,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("danh sách công khai"),
    )
    author = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("người góp ý")
    )
    text = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        verbose_name = _("ý kiến về danh sách")
        verbose_name_plural = _("ý kiến về danh sách")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"
