"""Organisations, their units, people and the roles people hold. Data and invariants
only: state changes live in services.py, visibility in visibility.py."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import request_cache
from common.models import UploadedList, by_user
from common.vietnamese import name_sort_key, search_key, split_name

from .issuers import IssuerKind

PATH_STEP = 6  # characters of the materialised path per tree level (base 36)


def _path_segment(pk):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while pk:
        pk, rem = divmod(pk, 36)
        out = digits[rem] + out
    return out.rjust(PATH_STEP, "0")


class Organization(models.Model):
    """A node of the education tree: ministry, department (Sở), office (Phòng GDĐT or,
    since 07/2025, a commune's office), school. Nothing in the code depends on a fixed
    number of levels: an "office" is whatever sits directly above a school."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ")
        DEPARTMENT = "department", _("Sở")
        OFFICE = "office", _("Phòng GDĐT")
        COMMUNE = "commune", _("UBND cấp xã")
        SCHOOL = "school", _("Trường")

    class Level(models.TextChoices):
        PRESCHOOL = "preschool", _("Mầm non")
        PRIMARY = "primary", _("Tiểu học")
        LOWER_SECONDARY = "lower_secondary", _("THCS")
        UPPER_SECONDARY = "upper_secondary", _("THPT")
        MULTI_LEVEL = "multi_level", _("Liên cấp")

    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    school_level = models.CharField(_("cấp học"), max_length=20, choices=Level.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(
        max_length=255, db_index=True, editable=False, default="", verbose_name=_("đường dẫn cây")
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False, verbose_name=_("cấp"))
    governing_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_("Dòng trên cùng của tiêu đề văn bản, ví dụ: UBND HUYỆN VĂN GIANG"),
    )
    abbreviation = models.CharField(
        _("chữ viết tắt"),
        max_length=30,
        blank=True,
        help_text=_("Dùng trong số, ký hiệu văn bản, ví dụ: MNLN"),
    )
    place_name = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Dùng trong dòng địa danh, ngày tháng, ví dụ: Liên Nghĩa"),
    )

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            expected = self.compute_path()
            if expected != self.path:
                self._move_subtree(expected)

    @property
    def is_school(self):
        return self.kind == self.Kind.SCHOOL

    def clean(self):
        if self.pk and self.parent_id and self.parent.path.startswith(self.path):
            raise ValidationError(
                {"parent": _("Không thể đặt một đơn vị trực thuộc chính nó hoặc cấp dưới của nó.")}
            )

    def compute_path(self):
        prefix = self.parent.path if self.parent_id else ""
        return prefix + _path_segment(self.pk)

    def _move_subtree(self, new_path):
        old_path = self.path
        if old_path:
            for node in Organization.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                node.path = new_path + node.path[len(old_path) :]
                node.depth = len(node.path) // PATH_STEP - 1
                Organization.objects.filter(pk=node.pk).update(path=node.path, depth=node.depth)
        self.path = new_path
        self.depth = len(new_path) // PATH_STEP - 1
        Organization.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def subtree(self):
        """This organisation and everything below it: one indexed prefix query."""
        return Organization.objects.filter(path__startswith=self.path)

    def descendants(self):
        return self.subtree().exclude(pk=self.pk)

    def ancestors(self):
        prefixes = [self.path[: i * PATH_STEP] for i in range(1, len(self.path) // PATH_STEP)]
        return Organization.objects.filter(path__in=prefixes).order_by("path")

    def schools(self):
        return self.subtree().filter(kind=self.Kind.SCHOOL)


class Unit(models.Model):
    """A unit inside a school: professional team, union group or office team."""

    class Kind(models.TextChoices):
        PROFESSIONAL_TEAM = "professional_team", _("Tổ chuyên môn")
        OFFICE = "office", _("Tổ văn phòng")
        UNION_GROUP = "union_group", _("Tổ công đoàn")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("trường"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=150)

    class Meta:
        verbose_name = _("tổ")
        verbose_name_plural = _("tổ")
        ordering = ["organization", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "name"], name="unique_unit_name"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_union_group(self):
        return self.kind == self.Kind.UNION_GROUP


class Person(models.Model):
    """A member of staff (CB-GV-NV) of a school or an office."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class Position(models.TextChoices):
        PRINCIPAL = "principal", _("Hiệu trưởng")
        VICE_PRINCIPAL = "vice_principal", _("Phó hiệu trưởng")
        TEACHER = "teacher", _("Giáo viên")
        STAFF = "staff", _("Nhân viên")
        DIRECTOR = "director", _("Giám đốc")
        DEPUTY_DIRECTOR = "deputy_director", _("Phó giám đốc")
        HEAD = "head", _("Trưởng phòng")
        DEPUTY_HEAD = "deputy_head", _("Phó trưởng phòng")
        SPECIALIST = "specialist", _("Chuyên viên")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    # Kỷ niệm chương "Vì sự nghiệp giáo dục" (TT 29/2023, Điều 8): years in the sector,
    # fewer after years in especially disadvantaged areas.
    joined_sector_on = models.DateField(_("ngày vào ngành"), null=True, blank=True)
    disadvantaged_years = models.PositiveSmallIntegerField(
        _("số năm công tác ở vùng đặc biệt khó khăn"), default=0
    )
    position = models.CharField(_("chức vụ"), max_length=30, choices=Position.choices)
    team = models.ForeignKey(
        Unit,
        verbose_name=_("tổ chuyên môn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team_members",
        limit_choices_to={"kind__in": ["professional_team", "office"]},
    )
    union_group = models.ForeignKey(
        Unit,
        verbose_name=_("tổ công đoàn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="union_members",
        limit_choices_to={"kind": "union_group"},
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Derived from full_name on save: Vietnamese collation key and accent-free search.
    sort_key = models.CharField(
        max_length=600, db_index=True, editable=False, verbose_name=_("khoá sắp xếp")
    )
    search_name = models.CharField(
        max_length=150, db_index=True, editable=False, verbose_name=_("tên để tìm")
    )

    class Meta:
        verbose_name = _("cán bộ, giáo viên, nhân viên")
        verbose_name_plural = _("cán bộ, giáo viên, nhân viên")
        ordering = ["sort_key"]
        indexes = [models.Index(fields=["organization", "sort_key"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        self.check_units()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.check_units()

    def check_units(self):
        """A person's units are units of the person's own school, of the right kind:
        another school's group leader must never review this person's forms."""
        errors = {}
        for name, kinds in (
            ("team", {Unit.Kind.PROFESSIONAL_TEAM, Unit.Kind.OFFICE}),
            ("union_group", {Unit.Kind.UNION_GROUP}),
        ):
            unit = getattr(self, name)
            if unit is None:
                continue
            if unit.organization_id != self.organization_id:
                errors[name] = _("Tổ này thuộc đơn vị khác; chỉ chọn tổ của %(org)s.") % {
                    "org": self.organization
                }
            elif unit.kind not in kinds:
                errors[name] = _("“%(unit)s” không phải %(kind)s.") % {
                    "unit": unit,
                    "kind": self._meta.get_field(name).verbose_name,
                }
        if errors:
            raise ValidationError(errors)

    def fill_derived_fields(self):
        self.full_name = " ".join(self.full_name.split())
        self.sort_key = name_sort_key(self.full_name)
        # Decomposition can lengthen a name (a Korean syllable is three letters once
        # decomposed): the key is cut to its column, a prefix still finds the person.
        self.search_name = search_key(self.full_name)[:150]

    @property
    def given_name(self):
        return split_name(self.full_name)[1]


class SchoolYear(models.Model):
    """A school year, "2017-2018": September to the end of August of the next year.

    It lives here, in the lowest app, because role assignments are per school year."""

    name = models.CharField(_("năm học"), max_length=9, unique=True)
    start_date = models.DateField(_("bắt đầu"))
    end_date = models.DateField(_("kết thúc"))

    class Meta:
        verbose_name = _("năm học")
        verbose_name_plural = _("năm học")
        ordering = ["-start_date"]

    def __str__(self):
        return self.name

    @classmethod
    def name_for(cls, day):
        """The name of the school year a day falls in ("2025-2026"), without a query."""
        start_year = day.year if day.month >= 9 else day.year - 1
        return f"{start_year}-{start_year + 1}"

    @classmethod
    def for_date(cls, day):
        year, _created = cls._get_or_create(day)
        return year

    @classmethod
    def _get_or_create(cls, day):
        start_year = day.year if day.month >= 9 else day.year - 1
        return cls.objects.get_or_create(
            name=f"{start_year}-{start_year + 1}",
            defaults={
                "start_date": datetime.date(start_year, 9, 1),
                "end_date": datetime.date(start_year + 1, 8, 31),
            },
        )

    @classmethod
    def current(cls):
        """This school year, read once per request (a year created by this request is
        not kept: its transaction may still roll back)."""
        today = timezone.localdate()
        year, _created = request_cache.remembered(
            cls._cache_key(today),
            lambda: cls._get_or_create(today),
            keep=lambda found: not found[1],
        )
        return year

    @classmethod
    def _cache_key(cls, day):
        return ("school_year", cls.name_for(day))

    @classmethod
    def found_current(cls, year):
        """`year`, read by another query, is this school year: current() asks no more
        in this request."""
        request_cache.remember(cls._cache_key(timezone.localdate()), (year, False))

    @classmethod
    def named(cls, name):
        """The year called `name` ("2026-2027", as typed in a page's address), or None;
        any other text is not looked up (PostgreSQL refuses some, NUL for one)."""
        if not isinstance(name, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{4}", name):
            return None
        return cls.objects.filter(name=name).first()


class Role(models.TextChoices):
    TEACHER = "teacher", _("Giáo viên, nhân viên")
    UNION_GROUP_LEADER = "union_group_leader", _("Tổ trưởng công đoàn")
    UNION_CHAIR = "union_chair", _("Chủ tịch công đoàn")
    YOUTH_SECRETARY = "youth_secretary", _("Bí thư Đoàn trường")
    PIONEER_LEADER = "pioneer_leader", _("Tổng phụ trách Đội")
    PARTY_SECRETARY = "party_secretary", _("Bí thư chi bộ")
    PRINCIPAL = "principal", _("Hiệu trưởng")
    VICE_PRINCIPAL = "vice_principal", _("Phó hiệu trưởng")
    BLOCK_LEADER = "block_leader", _("Khối trưởng")
    OFFICE_STAFF = "office_staff", _("Chuyên viên Phòng GDĐT")
    DEPARTMENT_STAFF = "department_staff", _("Chuyên viên Sở GDĐT")
    ADMINISTRATOR = "administrator", _("Quản trị")


class RoleAssignment(models.Model):
    """A role held by a user for an organisation (or a unit of it) in a school year."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tổ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("năm học"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization", "unit", "school_year"],
                name="unique_role_assignment",
            )
        ]
        # Who holds a role at a school this year (the union chair of a form's school),
        # and every role holder of a school this year (registrations.permissions): the
        # year before the role, else SQLite reads the whole year's rows by the year.
        indexes = [
            models.Index(
                fields=["organization", "school_year", "role"], name="roles_at_organization"
            )
        ]

    def __str__(self):
        target = self.unit or self.organization
        return f"{self.get_role_display()} – {target} ({self.school_year})"

    def save(self, *args, **kwargs):
        self.check_unit()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.check_unit()

    def check_unit(self):
        """A role held for a unit is held in that unit's own organisation."""
        if self.unit_id and self.unit.organization_id != self.organization_id:
            raise ValidationError(
                {"unit": _("Tổ này không thuộc tổ chức đã chọn của phân công vai trò.")}
            )


class StaffImport(UploadedList):
    """An uploaded staff list waiting for confirmation."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("trường"),
        on_delete=models.CASCADE,
        related_name="staff_imports",
    )
    imported_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(_("số người đã nhập"), default=0)

    class Meta(UploadedList.Meta):
        verbose_name = _("lần nhập danh sách nhân sự")
        verbose_name_plural = _("lần nhập danh sách nhân sự")


class TemporaryPassword(models.Model):
    """A password an administrator set for a person without e-mail (schools/accounts.py):
    it must be changed at the next login; the row goes when it is."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="temporary_password",
        verbose_name=_("tài khoản"),
    )
    set_by = by_user(_("người đặt lại"))
    set_at = models.DateTimeField(_("đặt lại lúc"))

    class Meta:
        verbose_name = _("mật khẩu tạm")
        verbose_name_plural = _("mật khẩu tạm")

    def __str__(self):
        return str(self.user)


class Issuer(models.Model):
    """What an organisation's documents of one issuer kind and one document type print
    and who signs them, remembered from the last such document so the next one starts
    filled in (the school itself, its Công đoàn, Đoàn, Liên đội, Chi bộ:
    schools/issuers.py; a plan, a tờ trình, a quyết định each have their own signer and
    Nơi nhận: a Phòng's plans are signed by its head, its decisions by the district
    chair)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="issuers"
    )
    kind = models.CharField(_("tổ chức ban hành"), max_length=10, choices=IssuerKind.choices)
    doc_type = models.CharField(_("loại văn bản"), max_length=5, default="KH")
    higher_body = models.CharField(_("cơ quan, tổ chức cấp trên"), max_length=255, blank=True)
    name = models.CharField(
        _("tên tổ chức ban hành"),
        max_length=255,
        blank=True,
        help_text=_("Xuống dòng hoặc gõ | ở chỗ muốn ngắt dòng trên tiêu đề."),
    )
    authority_line = models.CharField(_("dòng thẩm quyền ký"), max_length=100, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi."))

    class Meta:
        verbose_name = _("tổ chức ban hành văn bản")
        verbose_name_plural = _("tổ chức ban hành văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "doc_type"], name="unique_issuer_kind_type"
            )
        ]

    def __str__(self):
        return f"{self.organization} – {self.get_kind_display()} – {self.doc_type}"

    @property
    def recipient_lines(self):
        return [line for line in self.recipients.splitlines() if line.strip()]
