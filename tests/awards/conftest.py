"""Awards rows made directly, for tests that need a state rather than the path to it
(tests of services build their state through the services)."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Awardee, AwardForm, Decision, Nomination, Round, Title
from emulation.models import Campaign
from schools.models import Person, SchoolYear


@pytest.fixture
def catalogue(db):
    """The catalogue of the data migration, back after a flush by an earlier test that
    ran outside a transaction."""
    from awards import catalogue as data
    from awards.models import Rule

    data.load(Title, AwardForm, Rule)


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


def make_decision(organization, nominations, recorded=True, number=12, **extra):
    decision = Decision.objects.create(
        organization=organization,
        round=nominations[0].round if nominations else None,
        number=number if recorded else None,
        symbol=f"QĐ-{organization.abbreviation or 'SGDĐT'}",
        decision_date=timezone.localdate() if recorded else None,
        signer_authority="KT.",
        signer_position="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Ký",
        status=Decision.Status.RECORDED if recorded else Decision.Status.DRAFT,
        **extra,
    )
    for order, nomination in enumerate(nominations):
        Awardee.objects.create(
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
