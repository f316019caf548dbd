"""Awards rows made directly, for tests that need a state rather than the path to it
(tests of services build their state through the services)."""

import datetime

from django.utils import timezone

from awards.law import LawOn
from awards.models import Awardee, AwardForm, Decision, Nomination, Round, Title
from emulation.models import Campaign
from schools.models import Person, SchoolYear


def person_of(user):
    return Person.objects.get(user=user)


def make_round(organization, deadline_in_days=20, quota=None, name="Quý IV năm 2026", **extra):
    campaign = Campaign.objects.create(
        organization=organization,
        school_year=SchoolYear.current(),
        name="Xây dựng và nhân rộng điển hình tiên tiến",
    )
    return Round.objects.create(
        campaign=campaign,
        name=name,
        deadline=timezone.localdate() + datetime.timedelta(days=deadline_in_days),
        quota=quota,
        **extra,
    )


def make_nomination(
    round,
    person=None,
    organization=None,
    status=Nomination.Status.DRAFT,
    holder=None,
    award_form="giay-khen-giam-doc-so",
    title=None,
    **extra,
):
    organization = organization or person.organization
    return Nomination.objects.create(
        round=round,
        organization=organization,
        holder=holder or organization,
        person=person,
        status=status,
        title=Title.objects.get(code=title) if title else None,
        award_form=None if title else AwardForm.objects.get(code=award_form),
        achievements=extra.pop("achievements", "Dạy giỏi cấp huyện; 100% học sinh hoàn thành."),
        **extra,
    )


def make_decision(organization, nominations, recorded=True, number=12, decision_date=None, **extra):
    decision = Decision.objects.create(
        organization=organization,
        round=nominations[0].round if nominations else None,
        number=number if recorded else None,
        symbol=f"QĐ-{organization.abbreviation or 'SGDĐT'}",
        decision_date=(decision_date or timezone.localdate()) if recorded else None,
        signer_authority="KT.",
        signer_position="PHÓ CHỦ TỊCH" if organization.kind == "office" else "PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Ký",
        status=Decision.Status.RECORDED if recorded else Decision.Status.DRAFT,
        **extra,
    )
    law = LawOn(decision.decision_date or timezone.localdate())
    for order, nomination in enumerate(nominations):
        amount, _row = law.money(
            nomination.title_id, nomination.award_form_id, nomination.person_id is None
        )
        Awardee.objects.create(
            amount=amount,
            decision=decision,
            nomination=nomination,
            order=order,
            name=nomination.nominee_name,
            position=nomination.person.get_position_display() if nomination.person else "",
            unit_label=str(nomination.organization),
            title=nomination.title,
            award_form=nomination.award_form,
            award_label=nomination.award_label,
        )
        if recorded:
            nomination.status = Nomination.Status.AWARDED
            nomination.save(update_fields=["status"])
    return decision
