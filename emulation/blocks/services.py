"""Every state change of an emulation block: check the role (office staff, the block
leader, a member's principal), the state and the deadline; save atomically."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import bulk_create
from common.text import clean_text
from common.uploads import check_document, check_signed_pdf, refuse_replacing
from schools.models import SchoolYear
from schools.services import ServiceError

from .models import (
    BlockMeeting,
    BlockMembership,
    BlockReport,
    CovenantConfirmation,
    EmulationBlock,
    TargetItem,
    TargetValue,
)
from .permissions import acts_for_school, is_leader, is_office_staff, require, supervises_office
from .targets import kind_of_unit, read_value

SHORT_TEXT = 5000  # agenda of a meeting, evidence of a score
LONG_TEXT = 20000  # minutes, reports


def _locked(block):
    return EmulationBlock.objects.select_for_update().get(pk=block.pk)


# -- blocks ---------------------------------------------------------------------------


def create_block(user, office, school_year, name, leader_school, schools):
    """Office staff create a block of schools below their office."""
    require(supervises_office(user, office))
    name = clean_text(name, 150, _("Tên khối"))
    schools = list(schools)
    if leader_school not in schools:
        schools.append(leader_school)
    outside = [s.name for s in schools if not s.path.startswith(office.path) or not s.is_school]
    if outside:
        raise ServiceError(
            _("Các trường sau không thuộc %(office)s: %(names)s.")
            % {"office": office.name, "names": ", ".join(outside)}
        )
    taken = list(
        BlockMembership.objects.filter(school__in=schools, school_year=school_year).select_related(
            "school", "block"
        )
    )
    if taken:
        raise ServiceError(
            _("Mỗi trường chỉ thuộc một khối trong một năm học: %(list)s.")
            % {"list": "; ".join(f"{m.school.name} đã ở {m.block.name}" for m in taken)}
        )
    try:
        with transaction.atomic():
            block = EmulationBlock.objects.create(
                office=office, school_year=school_year, name=name, leader_school=leader_school
            )
            bulk_create(
                BlockMembership,
                (BlockMembership(block=block, school=s, school_year=school_year) for s in schools),
            )
    except IntegrityError:
        raise ServiceError(_("Một trường vừa được xếp vào khối khác; hãy tải lại trang.")) from None
    return block


def copy_blocks_to_next_year(user, office, school_year):
    """Same blocks and members next year; the elected leader (if any) leads."""
    next_year = SchoolYear.for_date(school_year.end_date + datetime.timedelta(days=1))
    created = []
    with transaction.atomic():
        for block in EmulationBlock.objects.filter(office=office, school_year=school_year):
            members = [m.school for m in block.memberships.select_related("school")]
            leader = block.next_leader_school or block.leader_school
            created.append(create_block(user, office, next_year, block.name, leader, members))
    return created


# -- targets and covenant ----------------------------------------------------------------


DEADLINES = ("targets_deadline", "covenant_deadline", "ranking_deadline", "vote_deadline")


def set_deadlines(user, block, **deadlines):
    """The leader sets the block's deadlines: targets, covenant, scoring, vote."""
    require(is_leader(user, block))
    unknown = set(deadlines) - set(DEADLINES)
    if unknown:
        raise ValueError(f"not a deadline: {unknown}")
    for name, day in deadlines.items():
        setattr(block, name, day)
    block.save(update_fields=list(deadlines))
    return block


def set_target_items(user, block, items):
    """The leader defines the target items: [(name, unit), ...]."""
    require(is_leader(user, block))
    items = [
        (clean_text(n, 300, _("Tên chỉ tiêu")), clean_text(u, 50, _("Đơn vị tính")))
        for n, u in items
    ]
    items = [(n, u) for n, u in items if n]
    if not items:
        raise ServiceError(_("Hãy nhập ít nhất một chỉ tiêu."))
    with transaction.atomic():
        block = _locked(block)
        if block.confirmations.exists():
            raise ServiceError(_("Đã có trường ký giao ước; không sửa được danh mục chỉ tiêu."))
        existing = {t.name: t for t in block.target_items.all()}
        keep = []
        for order, (name, unit) in enumerate(items):
            item = existing.get(name) or TargetItem(block=block, name=name)
            item.order, item.unit, item.kind = order, unit, kind_of_unit(unit)
            item.save()
            keep.append(item.pk)
        block.target_items.exclude(pk__in=keep).delete()
    return list(block.target_items.all())


def fill_targets(user, block, school, values):
    """A member's principal registers the school's values: {item id: text}."""
    require(acts_for_school(user, school))
    require(block.memberships.filter(school=school).exists())
    today = timezone.localdate()
    if block.targets_deadline and today > block.targets_deadline:
        raise ServiceError(
            _("Đã hết hạn đăng ký chỉ tiêu (%(date)s).")
            % {"date": block.targets_deadline.strftime("%d/%m/%Y")}
        )
    if CovenantConfirmation.objects.filter(block=block, school=school).exists():
        raise ServiceError(_("Trường đã ký giao ước; chỉ tiêu không sửa được nữa."))
    items = {str(t.pk): t for t in block.target_items.all()}
    values = {key: clean_text(value, 300, _("Giá trị chỉ tiêu")) for key, value in values.items()}
    values = {key: value for key, value in values.items() if value and str(key) in items}
    problems, read = [], {}
    for key, value in values.items():
        try:
            read[key] = read_value(items[str(key)], value)
        except ValueError as error:
            problems.append(str(error))
    if problems:  # nothing is saved while one value is wrong
        raise ServiceError(" ".join(problems))
    with transaction.atomic():
        for key, value in read.items():
            item = items[str(key)]
            TargetValue.objects.update_or_create(
                item=item, school=school, defaults={"value": value, "filled_by": user}
            )


def missing_targets(block):
    """Member schools that have not filled every target item."""
    items = block.target_items.count()
    filled = dict(
        TargetValue.objects.filter(item__block=block)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    return [
        m.school
        for m in block.memberships.select_related("school")
        if filled.get(m.school_id, 0) < items
    ]


def confirm_covenant(user, block, school):
    """A principal confirms (signs) the covenant once every school's targets are in."""
    require(acts_for_school(user, school))
    require(block.memberships.filter(school=school).exists())
    if not block.target_items.exists():
        raise ServiceError(_("Khối trưởng chưa đặt danh mục chỉ tiêu."))
    missing = missing_targets(block)
    if missing:
        raise ServiceError(
            _("Chưa ký được: các trường chưa đăng ký đủ chỉ tiêu: %(names)s.")
            % {"names": ", ".join(s.name for s in missing)}
        )
    try:
        with transaction.atomic():
            return CovenantConfirmation.objects.create(
                block=block, school=school, confirmed_by=user
            )
    except IntegrityError:
        raise ServiceError(_("Trường đã xác nhận giao ước trước đó.")) from None


# -- meetings and reports --------------------------------------------------------------


def schedule_meeting(user, block, **fields):
    require(is_leader(user, block))
    for name, limit, label in (
        ("period_label", 50, _("Tên đợt")),
        ("place", 300, _("Địa điểm")),
        ("agenda", SHORT_TEXT, _("Nội dung cuộc họp")),
        ("topic", 300, _("Chuyên đề trình bày")),
    ):
        fields[name] = clean_text(fields.get(name, ""), limit, label)
    if not fields.get("period_label") or not fields.get("place"):
        raise ServiceError(_("Hãy nhập đợt họp và địa điểm."))
    host = fields.get("host_school")
    if host is None or not block.memberships.filter(school=host).exists():
        raise ServiceError(_("Trường đăng cai phải là thành viên của khối."))
    return BlockMeeting.objects.create(block=block, **fields)


def record_minutes(user, meeting, minutes, upload=None):
    """Minutes as text, and optionally the signed minutes as a PDF."""
    require(is_leader(user, meeting.block))
    meeting.minutes = clean_text(minutes, LONG_TEXT, _("Biên bản"))
    if upload is not None:
        check_signed_pdf(upload, _("Biên bản"))
        # The signed minutes are the record of the meeting: kept once, never replaced.
        refuse_replacing(BlockMeeting.objects.get(pk=meeting.pk).minutes_file, _("Biên bản đã ký"))
        meeting.minutes_file.save(f"bien-ban-{meeting.pk}.pdf", upload, save=False)
    meeting.save()
    return meeting


def create_report_deadlines(user, block, kind, due_date):
    """The leader (or the office) sets a report due from every member (or from the block)."""
    require(is_leader(user, block) or is_office_staff(user, block))
    schools = (
        [block.leader_school]
        if kind == BlockReport.Kind.BLOCK
        else [m.school for m in block.memberships.select_related("school")]
    )
    for school in schools:
        BlockReport.objects.update_or_create(
            block=block, kind=kind, school=school, defaults={"due_date": due_date}
        )


def submit_report(user, report, content, attachment=None):
    """A member (or the leader, for the block's report) sends a report: its text, a PDF
    or Word file, or both. Sent after the deadline, it is kept as late."""
    require(acts_for_school(user, report.school))
    content = clean_text(content, LONG_TEXT, _("Báo cáo"))
    extension = check_document(attachment, _("báo cáo")) if attachment is not None else None
    if not content and attachment is None:
        raise ServiceError(_("Báo cáo chưa có nội dung: hãy nhập nội dung hoặc chọn tệp."))
    with transaction.atomic():
        report = BlockReport.objects.select_for_update().get(pk=report.pk)
        if report.submitted_at:
            raise ServiceError(_("Báo cáo này đã được nộp."))
        report.content = content
        report.submitted_at = timezone.now()
        report.submitted_by = user
        if attachment is not None:
            report.attachment.save(f"bao-cao-{report.pk}{extension}", attachment, save=False)
        report.save()
    return report
