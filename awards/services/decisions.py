"""Decisions (quyết định khen thưởng): the granting organisation lists the awardees from
the nominations it holds, records number, date and signer, and every awardee's
nomination is closed with it."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import bulk_create
from common.vietnamese import document_number
from emulation.services import next_number
from schools.models import Organization

from ..law import LawOn
from ..models import Awardee, Decision, Nomination
from ..rules import blocking
from . import history
from .common import ServiceError, address_of, move, notify, record, require_manager
from .duplicates import refuse_duplicates_in
from .nominations import findings_of, form_findings
from .signoff import DECISION_TYPE, create_draft, remember_decision_signer

S = Nomination.Status


def create_decision(user, organization, round=None, **fields):
    require_manager(user, organization)
    if organization.kind == Organization.Kind.OFFICE:
        symbol = "QĐ-UBND"  # the district chair's decision, which the Phòng prepares
    else:
        symbol = f"QĐ-{organization.abbreviation}" if organization.abbreviation else "QĐ"
    with transaction.atomic():
        return create_draft(
            Decision, user, organization, DECISION_TYPE, round=round, symbol=symbol, **fields
        )


def save_decision(user, decision):
    """Save a draft decision's fields (the admin form calls this)."""
    require_manager(user, decision.organization)
    if decision.pk and Decision.objects.get(pk=decision.pk).is_recorded:
        raise ServiceError(_("Quyết định đã ban hành, không sửa được."))
    decision.save()
    record(user, "edit", decision=decision)
    return decision


def awardable(organization):
    """Nominations a decision of `organization` may list: those it accepted from below,
    and its own nominations still at home (a principal's own Giấy khen)."""
    accepted = Q(status=S.ACCEPTED)
    own = Q(status=S.DRAFT, organization=organization)
    return Nomination.objects.filter(holder=organization).filter(accepted | own)


def _snapshot(nomination, law):
    person = nomination.person
    amount, _row = law.money(nomination.title_id, nomination.award_form_id, person is None)
    return {
        "name": nomination.nominee_name,
        "position": person.get_position_display() if person else "",
        "unit_label": (person.organization.name if person else nomination.organization.name),
        "title": nomination.title,
        "award_form": nomination.award_form,
        "award_label": nomination.award_label,
        "amount": amount,
        "money_note": "",
    }


def _pay_the_highest_only(decision, awardees):
    """One person with several titles of one period (the school year of their rounds)
    is paid for the highest only (NĐ 152/2025, Điều 49): in this decision the lower
    ones pay nothing, and what earlier recorded decisions already paid the person for
    titles of that year is taken off. Award forms (Giấy khen, Bằng khen) are paid each."""
    by_key = {}
    for awardee in awardees:
        nomination = awardee.nomination
        if nomination.person_id and awardee.title_id:
            key = (nomination.person_id, nomination.round.school_year_id)
            by_key.setdefault(key, []).append(awardee)
    if not by_key:
        return
    earlier = {}
    rows = (
        Awardee.objects.filter(
            nomination__person_id__in={person for person, _year in by_key},
            nomination__round__school_year_id__in={year for _person, year in by_key},
            decision__status=Decision.Status.RECORDED,
            title__isnull=False,
        )
        .exclude(decision=decision)
        .values_list(
            "nomination__person_id",
            "nomination__round__school_year_id",
            "amount",
            "decision__number",
            "decision__symbol",
        )
    )
    for person_id, year_id, amount, number, symbol in rows:
        paid, references = earlier.get((person_id, year_id), (0, []))
        earlier[(person_id, year_id)] = (
            paid + amount,
            [*references, document_number(number, symbol)],
        )
    for key, own in by_key.items():
        own.sort(key=lambda a: a.amount, reverse=True)
        for other in own[1:]:
            if other.amount:
                other.amount = 0
                other.money_note = _("Chỉ trả mức cao nhất trong năm học (%(top)s).") % {
                    "top": own[0].award_label
                }
        paid, references = earlier.get(key, (0, []))
        if paid and own[0].amount:
            top = own[0]
            top.amount = max(0, top.amount - paid)
            top.money_note = _(
                "Đã nhận %(paid)s đồng cho danh hiệu cùng năm học (quyết định %(ref)s): chỉ "
                "trả phần chênh lệch lên mức cao nhất."
            ) % {"paid": f"{paid:,}".replace(",", "."), "ref": ", ".join(references)}


def _refusals(decision, law, nominations):
    """Why this decision may not be recorded: an awardee beyond the deciding
    organisation's power, or one the rules in force on its date no longer allow."""
    problems = []
    for nomination in nominations:
        refusal = law.refusal(decision.organization, nomination, nomination.award_label)
        if refusal:
            problems.append(refusal)
    rules = {}
    for nomination in nominations:
        for finding in blocking(
            form_findings(nomination.award_form, nomination.person, decision.decision_date, rules)
        ):
            problems.append(
                f"{nomination.nominee_name} ({nomination.award_label}): {finding.message}"
            )
    titled = [n for n in nominations if n.title_id]
    found = findings_of(titled, on=decision.decision_date) if titled else {}
    for nomination in titled:
        for finding in blocking(found.get(nomination.pk, [])):
            problems.append(
                f"{nomination.nominee_name} ({nomination.award_label}): {finding.message}"
            )
    return problems


def set_awardees(user, decision, nominations):
    """The list of a draft decision. Someone never nominated to this organisation is
    refused, by name."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        require_manager(user, decision.organization)
        if decision.is_recorded:
            raise ServiceError(_("Quyết định đã ban hành, không sửa được danh sách."))
        allowed = set(awardable(decision.organization).values_list("pk", flat=True))
        wrong = [n for n in nominations if n.pk not in allowed]
        if wrong:
            raise ServiceError(
                _(
                    "%(names)s chưa được đề nghị lên %(org)s (hoặc chưa được chấp nhận), "
                    "không thể có tên trong quyết định."
                )
                % {
                    "names": ", ".join(n.nominee_name for n in wrong),
                    "org": decision.organization.name,
                }
            )
        if decision.round_id and any(n.round_id != decision.round_id for n in nominations):
            raise ServiceError(_("Quyết định theo đợt chỉ gồm các đề nghị của đợt đó."))
        refuse_duplicates_in(nominations)
        order = {n.pk: i for i, n in enumerate(nominations)}
        law = LawOn(decision.decision_date or timezone.localdate())
        decision.awardees.all().delete()
        nominations = Nomination.objects.filter(pk__in=list(order)).select_related(
            "person__organization", "organization", "title", "award_form", "unit", "collective"
        )
        bulk_create(
            Awardee,
            (
                Awardee(decision=decision, nomination=n, order=order[n.pk], **_snapshot(n, law))
                for n in nominations
            ),
        )
        record(user, "awardees", decision=decision, comment=str(len(order)))
    return decision


def record_decision(user, decision, number=None, decision_date=None, **signer):
    """Issue the decision: number, date and signer (signer_name, signer_position,
    signer_authority); every awardee's nomination is closed."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update().select_related("organization").get(pk=decision.pk)
        )
        require_manager(user, decision.organization)
        if decision.is_recorded:
            raise ServiceError(_("Quyết định đã ban hành."))
        awardees = list(decision.awardees.all())
        locked = {
            n.pk: n
            for n in Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=[a.nomination_id for a in awardees])
            .select_related(
                "person__organization__parent",
                "organization",
                "title",
                "award_form",
                "unit__organization__parent",
                "collective__parent",
                "round",
            )
        }
        if not awardees:
            raise ServiceError(_("Quyết định chưa có ai trong danh sách khen thưởng."))
        decision.decision_date = decision_date or decision.decision_date or timezone.localdate()
        if number:
            decision.number = number
        elif decision.number is None:
            decision.number = next_number(decision.organization, decision.decision_date.year)
        for name in ("signer_name", "signer_position", "signer_authority"):
            if signer.get(name):
                setattr(decision, name, signer[name])
        if not decision.signer_name:
            raise ServiceError(_("Hãy ghi người ký quyết định."))
        law = LawOn(decision.decision_date)
        problems = _refusals(decision, law, [locked[a.nomination_id] for a in awardees])
        if problems:
            raise ServiceError(
                _("Chưa ban hành được quyết định: %(list)s") % {"list": " ".join(problems)}
            )
        refuse_duplicates_in(locked.values())  # awarded elsewhere since the list was made
        decision.status = Decision.Status.RECORDED
        decision.recorded_at = timezone.now()
        decision.save()
        remember_decision_signer(decision)
        for awardee in awardees:
            nomination = locked[awardee.nomination_id]
            at_home = nomination.holder_id == decision.organization_id
            if nomination.status not in (S.ACCEPTED, S.DRAFT) or not at_home:
                raise ServiceError(
                    _("Đề nghị của %(name)s đã thay đổi trạng thái; hãy lập lại danh sách.")
                    % {"name": awardee.name}
                )
            # names, labels and money as they are on the decision's date
            for name, value in _snapshot(nomination, law).items():
                setattr(awardee, name, value)
            awardee.nomination = nomination
        _pay_the_highest_only(decision, awardees)
        for awardee in awardees:
            nomination = locked[awardee.nomination_id]
            awardee.save()
            awardee.nomination = nomination
            move(
                user, nomination, S.AWARDED, "award", decision.reference, [], nomination=nomination
            )
        history.from_decision(decision, awardees)
        record(
            user,
            "record",
            decision=decision,
            from_status=Decision.Status.DRAFT,
            to_status=decision.status,
            comment=decision.reference,
        )
    notify(
        _("Bạn được khen thưởng theo quyết định %(ref)s") % {"ref": decision.reference},
        _("%(org)s đã ban hành quyết định %(ref)s ngày %(date)s.")
        % {
            "org": decision.organization.name,
            "ref": decision.reference,
            "date": f"{decision.decision_date:%d/%m/%Y}",
        },
        [address_of(n.person) for n in locked.values() if n.person_id],
    )
    return decision
