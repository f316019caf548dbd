"""Every state change of an emulation block: check the role (office staff, the block
leader, a member's principal), the state and the deadline; save atomically."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from schools import visibility
from schools.bulk import bulk_create
from schools.models import Organization, Role, SchoolYear
from schools.services import ServiceError
from schools.text import clean_text
from schools.uploads import check_signed_pdf, refuse_replacing

from .models import (
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
from .targets import kind_of_unit, read_value

OFFICE_ROLES = {Role.OFFICE_STAFF, Role.DEPARTMENT_STAFF}
PRINCIPAL_ROLES = {Role.PRINCIPAL, Role.BLOCK_LEADER}
SHORT_TEXT = 5000  # agenda of a meeting, evidence of a score
LONG_TEXT = 20000  # minutes, reports


# -- who is who ---------------------------------------------------------------------


def is_office_staff(user, block):
    access = visibility.access_for(user)
    return access.is_admin or any(
        a.role in OFFICE_ROLES and block.office.path.startswith(a.organization.path)
        for a in access.assignments
    )


def principal_school_ids(user):
    access = visibility.access_for(user)
    return {a.organization_id for a in access.assignments if a.role in PRINCIPAL_ROLES}


def is_leader(user, block):
    return visibility.access_for(user).is_admin or block.leader_school_id in principal_school_ids(
        user
    )


def member_school_of(user, block):
    """The member school the user is principal of, or None."""
    ids = principal_school_ids(user)
    return next(
        (m.school for m in block.memberships.select_related("school") if m.school_id in ids),
        None,
    )


def _require(condition):
    if not condition:
        raise PermissionDenied


def _locked(block):
    return EmulationBlock.objects.select_for_update().get(pk=block.pk)


# -- blocks ---------------------------------------------------------------------------


def create_block(user, office, school_year, name, leader_school, schools):
    """Office staff create a block of schools below their office."""
    access = visibility.access_for(user)
    _require(
        access.is_admin
        or any(
            a.role in OFFICE_ROLES and office.path.startswith(a.organization.path)
            for a in access.assignments
        )
    )
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


def set_deadlines(user, block, targets_deadline=None, covenant_deadline=None):
    """The leader sets when targets are due and when the covenant goes to the office."""
    _require(is_leader(user, block))
    block.targets_deadline = targets_deadline
    block.covenant_deadline = covenant_deadline
    block.save(update_fields=["targets_deadline", "covenant_deadline"])
    return block


def set_target_items(user, block, items):
    """The leader defines the target items: [(name, unit), ...]."""
    _require(is_leader(user, block))
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
    _require(school.pk in principal_school_ids(user) or visibility.access_for(user).is_admin)
    _require(block.memberships.filter(school=school).exists())
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
    _require(school.pk in principal_school_ids(user) or visibility.access_for(user).is_admin)
    _require(block.memberships.filter(school=school).exists())
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
    _require(is_leader(user, block))
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
    _require(is_leader(user, meeting.block))
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
    _require(is_leader(user, block) or is_office_staff(user, block))
    schools = (
        [block.leader_school]
        if kind == BlockReport.Kind.BLOCK
        else [m.school for m in block.memberships.select_related("school")]
    )
    for school in schools:
        BlockReport.objects.update_or_create(
            block=block, kind=kind, school=school, defaults={"due_date": due_date}
        )


def submit_report(user, report, content):
    _require(report.school_id in principal_school_ids(user) or visibility.access_for(user).is_admin)
    content = clean_text(content, LONG_TEXT, _("Báo cáo"))
    if not content:
        raise ServiceError(_("Báo cáo chưa có nội dung."))
    with transaction.atomic():
        report = BlockReport.objects.select_for_update().get(pk=report.pk)
        if report.submitted_at:
            raise ServiceError(_("Báo cáo này đã được nộp."))
        report.content = content
        report.submitted_at = timezone.now()
        report.submitted_by = user
        report.save()
    return report


# -- ranking and vote --------------------------------------------------------------------


def set_criteria(user, block, criteria, peer_scoring=None):
    """[(name, max points), ...], by the leader, before any score; `peer_scoring` when the
    plan says every member scores the others."""
    _require(is_leader(user, block))
    if block.ranking_closed_at:
        raise ServiceError(_("Xếp hạng đã chốt."))
    criteria = [(clean_text(name, 300, _("Tên tiêu chí")), points) for name, points in criteria]
    for _name, points in criteria:
        if not 1 <= int(points) <= 1000:
            raise ServiceError(_("Điểm tối đa của mỗi tiêu chí phải từ 1 đến 1000."))
    if Score.objects.filter(criterion__block=block).exists():
        raise ServiceError(_("Đã có điểm chấm; không sửa được tiêu chí."))
    with transaction.atomic():
        if peer_scoring is not None:
            block.peer_scoring = peer_scoring
            block.save(update_fields=["peer_scoring"])
        block.criteria.all().delete()
        bulk_create(
            RankingCriterion,
            (
                RankingCriterion(block=block, order=i, name=name.strip(), max_points=int(points))
                for i, (name, points) in enumerate(criteria)
                if name.strip()
            ),
        )


def score(user, block, school, criterion, points, kind, evidence=""):
    """Self-scoring by a member's principal; then either the leader scores every member,
    or (peer scoring) every member's principal scores the other members."""
    scorer = None
    evidence = clean_text(evidence, SHORT_TEXT, _("Minh chứng"))
    if kind == Score.Kind.SELF:
        _require(school.pk in principal_school_ids(user) or visibility.access_for(user).is_admin)
    elif kind == Score.Kind.PEER:
        scorer = member_school_of(user, block)
        _require(scorer is not None)
        if not block.peer_scoring:
            raise ServiceError(_("Theo kế hoạch của khối, khối trưởng chấm điểm các trường."))
        if scorer.pk == school.pk:
            raise ServiceError(_("Trường không chấm chính mình ở mục này; hãy dùng tự chấm."))
    else:
        _require(is_leader(user, block))
        if block.peer_scoring:
            raise ServiceError(_("Theo kế hoạch của khối, mọi thành viên cùng chấm điểm."))
    _require(block.memberships.filter(school=school).exists() and criterion.block_id == block.pk)
    if block.ranking_closed_at:
        raise ServiceError(_("Xếp hạng đã chốt; không chấm thêm được."))
    try:
        value = Decimal(str(points).replace(",", "."))
    except InvalidOperation:
        raise ServiceError(_("Điểm phải là một số.")) from None
    if not value.is_finite():
        raise ServiceError(_("Điểm phải là một số."))
    if not Decimal(0) <= value <= criterion.max_points:
        raise ServiceError(
            _("Điểm “%(name)s” phải từ 0 đến %(max)s.")
            % {"name": criterion.name, "max": criterion.max_points}
        )
    return Score.objects.update_or_create(
        criterion=criterion,
        school=school,
        kind=kind,
        scorer_school=scorer,
        defaults={"points": value, "evidence": evidence, "scored_by": user},
    )[0]


def ranking(block):
    """[(school, self total, ranking total)], best first. The ranking total is the
    leader's, or with peer scoring the average of the other members' totals."""
    totals = {}
    for row in (
        Score.objects.filter(criterion__block=block)
        .exclude(kind=Score.Kind.PEER)
        .values("school_id", "kind")
        .annotate(total=Sum("points"))
    ):
        totals.setdefault(row["school_id"], {})[row["kind"]] = row["total"]
    if block.peer_scoring:
        peer = {}
        for row in (
            Score.objects.filter(criterion__block=block, kind=Score.Kind.PEER)
            .values("school_id", "scorer_school_id")
            .annotate(total=Sum("points"))
        ):
            peer.setdefault(row["school_id"], []).append(row["total"])
        for school_id, sums in peer.items():
            average = (sum(sums) / len(sums)).quantize(Decimal("0.01"))
            totals.setdefault(school_id, {})["leader"] = average
    rows = [
        (
            m.school,
            totals.get(m.school_id, {}).get("self"),
            totals.get(m.school_id, {}).get("leader"),
        )
        for m in block.memberships.select_related("school")
    ]
    return sorted(rows, key=lambda r: (-(r[2] or 0), -(r[1] or 0), r[0].name))


def close_ranking(user, block):
    _require(is_leader(user, block))
    with transaction.atomic():
        block = _locked(block)
        if block.ranking_closed_at:
            raise ServiceError(_("Xếp hạng đã chốt trước đó."))
        rows = ranking(block)
        if not rows or rows[0][2] is None:
            raise ServiceError(_("Khối trưởng chưa chấm điểm trường nào."))
        block.ranking_closed_at = timezone.now()
        block.leading_school = rows[0][0]
        block.save(update_fields=["ranking_closed_at", "leading_school"])
    return block


def cast_vote(user, block, candidate):
    voter = member_school_of(user, block)
    _require(voter is not None)
    if block.vote_closed_at:
        raise ServiceError(_("Cuộc bầu khối trưởng đã kết thúc."))
    if not block.memberships.filter(school=candidate).exists():
        raise ServiceError(_("Chỉ bầu được một trường trong khối."))
    try:
        with transaction.atomic():
            return LeaderVote.objects.create(
                block=block, voter_school=voter, candidate=candidate, voted_by=user
            )
    except IntegrityError:
        raise ServiceError(_("Trường của bạn đã bỏ phiếu.")) from None


def close_vote(user, block):
    _require(is_leader(user, block))
    with transaction.atomic():
        block = _locked(block)
        if block.vote_closed_at:
            raise ServiceError(_("Cuộc bầu đã kết thúc trước đó."))
        counts = (
            LeaderVote.objects.filter(block=block)
            .values("candidate")
            .annotate(n=Count("pk"))
            .order_by("-n", "candidate")
        )
        if not counts:
            raise ServiceError(_("Chưa có phiếu bầu nào."))
        block.next_leader_school = Organization.objects.get(pk=counts[0]["candidate"])
        block.vote_closed_at = timezone.now()
        block.save(update_fields=["next_leader_school", "vote_closed_at"])
    return block
