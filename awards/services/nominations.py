"""Rounds from the campaign's schedule; nominations and their evidence; the rules'
verdict on a nomination before it is sent."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from common.text import safe_file_name
from emulation.models import ScheduleItem
from registrations.models import InnovationRegistration, TeacherGroup
from registrations.models import Status as RegistrationStatus
from schools.models import Organization, Person, SchoolYear, Unit

from .. import evidence as files
from ..facts import SchoolFacts, facts_for_nomination
from ..models import Evidence, Nomination, Recipient, Round, Vote
from ..rules import Facts, blocking, evaluate, form_rules_in_force, rules_by_title
from .common import ServiceError, manages, record, require_manager
from .duplicates import refuse_duplicate
from .minutes import attendance
from .year_start import check_registration

MAX_TEXT = 5000
TEXT_FIELDS = ["duties", "achievements", "initiatives", "previous_awards"]


# -- rounds --------------------------------------------------------------------------


def rounds_from_schedule(user, campaign, quota=None, level=Round.Level.DEPARTMENT):
    """One round per nomination deadline (milestone) of the campaign's published plans;
    rounds already made are kept as they are."""
    require_manager(user, campaign.organization)
    return sync_rounds(campaign, quota=quota, level=level)


def sync_rounds(campaign, quota=None, level=Round.Level.DEPARTMENT):
    """The system's side of rounds_from_schedule: called when a plan is published or a
    nomination deadline is added to a published plan (awards/signals.py)."""
    items = ScheduleItem.objects.filter(
        plan__campaign=campaign,
        plan__status__in=["published", "issued"],
        milestone=ScheduleItem.Milestone.NOMINATION,
        deadline__isnull=False,
        award_round__isnull=True,
        # A deadline before the campaign's school year (a plan copied from an old one)
        # is no round to nominate in.
        deadline__gte=campaign.school_year.start_date,
    ).order_by("deadline")
    created = []
    with transaction.atomic():
        for item in items:
            created.append(
                Round.objects.create(
                    campaign=campaign,
                    name=item.period_label,
                    deadline=item.deadline,
                    quota=quota,
                    level=level,
                    schedule_item=item,
                )
            )
    return created


def save_round(user, round):
    """Create or change a round (the admin form calls this)."""
    require_manager(user, round.campaign.organization)
    if 0 in (round.quota, round.quota_per_team, round.quota_per_office):
        raise ServiceError(_("Số lượng tối đa phải lớn hơn 0, hoặc để trống."))
    round.save()
    return round


# -- nominations ---------------------------------------------------------------------


def _is_below(org, ancestor):
    return org.path.startswith(ancestor.path)


def _check_nominee(organization, person, unit, collective):
    if sum(x is not None for x in (person, unit, collective)) != 1:
        raise ServiceError(_("Chọn một cá nhân hoặc một tập thể được đề nghị."))
    if person is not None and not _is_below(person.organization, organization):
        raise ServiceError(
            _("%(name)s không thuộc %(org)s nên không thể được đơn vị này đề nghị.")
            % {"name": person.full_name, "org": organization.name}
        )
    if unit is not None and not _is_below(unit.organization, organization):
        raise ServiceError(_("Tổ %(name)s không thuộc đơn vị.") % {"name": unit.name})
    if collective is not None and not _is_below(collective, organization):
        raise ServiceError(_("%(name)s không thuộc đơn vị.") % {"name": collective.name})


def check_award(person, title, award_form):
    if (title is None) == (award_form is None):
        raise ServiceError(_("Chọn một danh hiệu thi đua hoặc một hình thức khen thưởng."))
    recipient = Recipient.PERSON if person is not None else Recipient.COLLECTIVE
    wanted = title.recipient if title else award_form.recipient
    if wanted and wanted != recipient:
        label = title.name if title else award_form.name
        if recipient == Recipient.PERSON:
            raise ServiceError(_("%(t)s dành cho tập thể, không cho cá nhân.") % {"t": label})
        raise ServiceError(_("%(t)s dành cho cá nhân, không cho tập thể.") % {"t": label})


def _check_registrations(person, registrations, groups):
    for registration in registrations:
        if registration.status != RegistrationStatus.APPROVED or registration.person_id != (
            person.pk if person else None
        ):
            raise ServiceError(_("Chỉ gắn được đăng ký M1 đã duyệt của chính người được đề nghị."))
    for group in groups:
        members = {group.leader_id, *group.members.values_list("pk", flat=True)}
        if group.status != RegistrationStatus.APPROVED or (person and person.pk not in members):
            raise ServiceError(_("Chỉ gắn được nhóm M2 đã duyệt có người được đề nghị."))


def _clean_texts(data):
    cleaned = {}
    for name in TEXT_FIELDS:
        value = (data.get(name) or "").strip()
        if len(value) > MAX_TEXT:
            raise ServiceError(
                _("Mỗi mục tối đa %(max)s ký tự; mục này có %(len)s ký tự.")
                % {"max": "5.000", "len": len(value)}
            )
        cleaned[name] = value
    if not cleaned["achievements"]:
        raise ServiceError(_("Hãy tóm tắt thành tích đạt được."))
    return cleaned


def _check_round(round, organization):
    if not _is_below(organization, round.campaign.organization):
        raise ServiceError(_("Đợt này không dành cho đơn vị của bạn."))


def save_nomination(user, organization, round, data, nomination=None):
    """Create or change a nomination of `organization` while it is at home (draft, or
    returned to it). `data`: person | unit | collective, title | award_form, the texts of
    the achievement summary, registrations and groups."""
    require_manager(user, organization)
    _check_round(round, organization)
    person, unit, collective = data.get("person"), data.get("unit"), data.get("collective")
    title, award_form = data.get("title"), data.get("award_form")
    _check_nominee(organization, person, unit, collective)
    check_award(person, title, award_form)
    refused = blocking(form_findings(award_form, person, round.deadline))
    if refused:
        raise ServiceError(" ".join(f.message for f in refused), field="award_form")
    registrations = list(data.get("registrations") or [])
    groups = list(data.get("groups") or [])
    _check_registrations(person, registrations, groups)
    texts = _clean_texts(data)
    with transaction.atomic():
        _check_team_quota(round, organization, person, nomination)
        refuse_duplicate(round, person, unit, collective, title, award_form, exclude=nomination)
        warning = check_registration(organization, round, person, unit, collective, title)
        if nomination is None:
            nomination = Nomination(
                round=round, organization=organization, holder=organization, created_by=user
            )
            action = "create"
        else:
            nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
            if nomination.organization_id != organization.pk:
                raise PermissionDenied
            _require_at_home(nomination)
            expected = data.get("version")
            if expected not in (None, "") and int(expected) != nomination.version:
                raise ServiceError(
                    _("Đề nghị này vừa được người khác thay đổi; hãy tải lại trang.")
                )
            action = "edit"
        nomination.round = round
        nomination.person, nomination.unit, nomination.collective = person, unit, collective
        nomination.title, nomination.award_form = title, award_form
        for name, value in texts.items():
            setattr(nomination, name, value)
        nomination.version += 1
        nomination.save()
        nomination.registrations.set(registrations)
        nomination.groups.set(groups)
        record(user, action, nomination=nomination, to_status=nomination.status)
    nomination.registration_warning = warning  # the organisation's policy says warn
    return nomination


def _check_team_quota(round, organization, person, nomination):
    """A funnel's first step (seed 003): each professional team picks at most N."""
    if round.quota_per_team is None or person is None or person.team_id is None:
        return
    taken = Nomination.objects.filter(
        round=round, organization=organization, person__team_id=person.team_id
    ).exclude(status=Nomination.Status.REJECTED)
    if nomination is not None:
        taken = taken.exclude(pk=nomination.pk)
    if taken.count() >= round.quota_per_team:
        raise ServiceError(
            _("Mỗi tổ chuyên môn chọn tối đa %(n)s người trong đợt này; %(team)s đã chọn đủ.")
            % {"n": round.quota_per_team, "team": person.team.name}
        )


def _require_at_home(nomination):
    if not nomination.is_editable or nomination.holder_id != nomination.organization_id:
        raise ServiceError(
            _("Đề nghị đang ở trạng thái “%(s)s”, không sửa được.")
            % {"s": nomination.get_status_display()}
        )


def delete_nomination(user, nomination):
    require_manager(user, nomination.organization)
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.status != Nomination.Status.DRAFT or nomination.items.exists():
            raise ServiceError(_("Chỉ xoá được đề nghị chưa từng gửi đi."))
        if nomination.awardees.exists():
            raise ServiceError(
                _(
                    "Đề nghị đang có tên trong một dự thảo quyết định; hãy bỏ tên khỏi "
                    "quyết định trước."
                )
            )
        nomination.delete()


# -- evidence ------------------------------------------------------------------------


def add_evidence(user, nomination, uploaded):
    """Keep one evidence file, after checking its size and what it really is."""
    require_manager(user, nomination.organization)
    name = safe_file_name(getattr(uploaded, "name", ""), 200, "minh-chung")
    size = uploaded.size or 0
    if size == 0:
        raise ServiceError(_("Tệp “%(n)s” rỗng (0 byte).") % {"n": name})
    if size > files.MAX_FILE_BYTES:
        raise ServiceError(
            _("Tệp “%(n)s” lớn hơn 10 MB (%(mb)s MB).")
            % {"n": name, "mb": f"{size / 1024 / 1024:.1f}".replace(".", ",")}
        )
    content = uploaded.read()
    kind = files.sniff(content)
    if kind is None:
        raise ServiceError(_("Tệp “%(n)s” không phải PDF, JPEG, PNG, DOCX hay XLSX.") % {"n": name})
    if files.extension_of(name) not in files.EXTENSIONS[kind]:
        raise ServiceError(
            _("Tệp “%(n)s” thực chất là %(k)s, không đúng với đuôi tên tệp.")
            % {"n": name, "k": Evidence.Kind(kind).label}
        )
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        _require_at_home(nomination)
        used = sum(nomination.evidence.values_list("size", flat=True))
        if used + size > files.MAX_NOMINATION_BYTES:
            raise ServiceError(
                _("Mỗi đề nghị tối đa 50 MB minh chứng; đã có %(mb)s MB.")
                % {"mb": f"{used / 1024 / 1024:.1f}".replace(".", ",")}
            )
        item = Evidence(
            nomination=nomination,
            name=name,
            kind=kind,
            size=size,
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
        )
        item.file.save(
            f"{nomination.pk}-{item.sha256[:12]}-{name}", ContentFile(content), save=False
        )
        item.save()
        record(user, "evidence", nomination=nomination, comment=name)
    return item


def remove_evidence(user, item):
    nomination = item.nomination
    require_manager(user, nomination.organization)
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        _require_at_home(nomination)
        name = item.name
        item.file.delete(save=False)
        item.delete()
        record(user, "evidence_removed", nomination=nomination, comment=name)


# -- rules ---------------------------------------------------------------------------


def findings(nomination):
    """What the rules in force on the round's deadline say about the nomination."""
    return findings_of([nomination])[nomination.pk]


def _years_between(start, day):
    return (day - start).days / 365.25


def form_findings(award_form, person, on, cache=None):
    """What the rules of an award form (Kỷ niệm chương: years in the sector) say of a
    person on a day; `cache` (a dict) shares the rules across many nominees."""
    if award_form is None or person is None:
        return []
    cache = {} if cache is None else cache
    if award_form.pk not in cache:
        cache[award_form.pk] = list(form_rules_in_force(award_form, on))
    rules = cache[award_form.pk]
    if not rules:
        return []
    joined = person.joined_sector_on
    facts = Facts(
        years_in_sector=_years_between(joined, on) if joined else None,
        disadvantaged_years=person.disadvantaged_years,
    )
    return evaluate(None, facts, on, rules={None: rules})


def findings_of(nominations, on=None):
    """nomination id -> findings, for many nominations at a fixed number of queries per
    round (one set of facts and one set of rules per deadline), not per nomination.
    `on`: judge them all by the law and the facts of that day (a decision's date)
    instead of their rounds' deadlines."""
    by_deadline = {}
    for nomination in nominations:
        # the law of the day judged; the facts of the year the round is for
        round = nomination.round
        key = (on or round.deadline, round.school_year_id or SchoolYear.for_date(round.deadline).pk)
        by_deadline.setdefault(key, []).append(nomination)
    found = {}
    for (deadline, year_id), group in by_deadline.items():
        year = SchoolYear.objects.get(pk=year_id)
        rules = rules_by_title(deadline)
        people = [n.person for n in group if n.person_id]
        facts = SchoolFacts(people, year) if people else None
        for nomination in group:
            if nomination.person_id:
                known = facts.for_person(nomination.person, nomination.title)
            else:
                known = facts_for_nomination(nomination, year)
            found[nomination.pk] = evaluate(nomination.title, known, deadline, rules)
    return found


def nominee_choices(user, organization):
    """People, units and collectives an organisation may nominate (for forms)."""
    if not manages(user, organization):
        return Person.objects.none(), Unit.objects.none(), Organization.objects.none()
    below = Organization.objects.filter(path__startswith=organization.path)
    return (
        Person.objects.filter(organization__in=below).select_related("organization"),
        Unit.objects.filter(organization__in=below),
        below,
    )


def approved_registrations(person):
    """The approved M1 forms and M2 groups a nomination of `person` may link to."""
    return (
        InnovationRegistration.objects.filter(person=person, status=RegistrationStatus.APPROVED),
        TeacherGroup.objects.filter(status=RegistrationStatus.APPROVED)
        .filter(Q(leader=person) | Q(members=person))
        .distinct(),
    )


def nominate_from_vote(user, vote, round):
    """Nominations for every candidate the council passed, in a round of the school's
    own level or above; candidates already nominated in that round are skipped."""
    vote = Vote.objects.select_related("council__school").get(pk=vote.pk)
    school = vote.council.school
    require_manager(user, school)
    if vote.is_open:
        raise ServiceError(_("Chỉ lập đề nghị sau khi kết thúc bỏ phiếu."))
    seen = attendance(vote)
    if not seen.has_quorum:
        raise ServiceError(
            _(
                "Cuộc họp chỉ có %(present)s/%(total)s thành viên bỏ phiếu, chưa đủ %(quorum)s "
                "tổng số thành viên: kết quả này chưa đủ điều kiện để lập đề nghị."
            )
            % {
                "present": len(seen.present),
                "total": len(seen.members),
                "quorum": f"{seen.quorum.numerator}/{seen.quorum.denominator}",
            }
        )
    _check_round(round, school)
    existing = set(
        Nomination.objects.filter(round=round, organization=school).values_list(
            "person_id", "unit_id", "collective_id", "title_id"
        )
    )
    created = []
    with transaction.atomic():
        for candidate in vote.candidates.filter(passed=True).select_related("title"):
            key = (
                candidate.person_id,
                candidate.unit_id,
                candidate.collective_id,
                candidate.title_id,
            )
            if key in existing:
                continue
            created.append(
                save_nomination(
                    user,
                    school,
                    round,
                    {
                        "person": candidate.person,
                        "unit": candidate.unit,
                        "collective": candidate.collective,
                        "title": candidate.title,
                        "achievements": _(
                            "Được Hội đồng thi đua khen thưởng bình xét đề nghị danh hiệu "
                            "%(title)s ngày %(day)s với %(yes)s/%(size)s phiếu đồng ý."
                        )
                        % {
                            "title": candidate.title.name,
                            "day": f"{vote.held_on:%d/%m/%Y}",
                            "yes": candidate.yes_count,
                            "size": vote.council_size,
                        },
                    },
                )
            )
    return created
