"""The load scenario's award rounds (bench/load/data.py makes the rest): the Sở's four
quarterly rounds from its published plan and what the schools and Phòng sent in them."""

import datetime


def make_rounds(province, offices, year, today, rng):
    """The Sở's four quarterly rounds (from its published plan) and what was sent in
    them. Returns the number of nominations."""
    from awards.models import Nomination, Proposal, ProposalItem, Round, Title
    from emulation.models import Campaign, Plan, ScheduleItem
    from schools.models import Organization, Person

    campaign = Campaign.objects.create(
        organization=province, school_year=year, name="Thi đua yêu nước – điển hình tiên tiến"
    )
    plan = Plan.objects.create(
        campaign=campaign,
        organization=province,
        school_year=year,
        number=12,
        symbol="KH-SGDĐT",
        issue_date=year.start_date + datetime.timedelta(days=10),
        title="Kế hoạch phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
        status=Plan.Status.PUBLISHED,
    )
    deadlines = [today - datetime.timedelta(days=25)] + [
        today + datetime.timedelta(days=d) for d in (15, 105, 195)
    ]
    rounds = []
    for i, deadline in enumerate(deadlines):
        item = ScheduleItem.objects.create(
            plan=plan,
            order=i,
            period_label=f"Quý {['I', 'II', 'III', 'IV'][i]}",
            activity="Các đơn vị gửi hồ sơ đề nghị công nhận điển hình tiên tiến.",
            deadline=deadline,
            milestone=ScheduleItem.Milestone.NOMINATION,
        )
        rounds.append(
            Round.objects.create(
                campaign=campaign,
                name=f"Quý {['I', 'II', 'III', 'IV'][i]}",
                deadline=deadline,
                schedule_item=item,
                quota=3,
            )
        )
    titles = list(Title.objects.filter(recipient="person").order_by("order"))
    staff = {}
    for pk, school in (
        Person.objects.filter(
            organization__path__startswith=province.path,
            organization__kind=Organization.Kind.SCHOOL,
            position=Person.Position.TEACHER,
        )
        .order_by("pk")
        .values_list("pk", "organization_id")
    ):
        staff.setdefault(school, []).append(pk)
    total = 0
    sent_at_q1 = datetime.datetime.combine(
        deadlines[0] - datetime.timedelta(days=3), datetime.time(9), datetime.UTC
    )
    for round, share, reviewed in ((rounds[0], 0.88, True), (rounds[1], 0.5, False)):
        nominations, proposals, items_of = [], [], []
        for office in offices:
            for school in Organization.objects.filter(parent=office).order_by("path"):
                if rng.random() > share:
                    continue
                chosen = rng.sample(staff[school.pk], rng.randint(1, 3))
                batch = [
                    Nomination(
                        round=round,
                        organization=school,
                        holder=office,
                        person_id=pk,
                        title=rng.choice(titles),
                        achievements="Hoàn thành xuất sắc nhiệm vụ năm học; có sáng kiến.",
                        status=Nomination.Status.SUBMITTED,
                    )
                    for pk in chosen
                ]
                late = rng.random() < 0.2
                proposals.append(
                    Proposal(
                        organization=school,
                        recipient=office,
                        round=round,
                        number=rng.randint(1, 40),
                        symbol=f"TTr-{school.abbreviation}",
                        status=Proposal.Status.REVIEWED if reviewed else Proposal.Status.SENT,
                        sent_at=sent_at_q1 + datetime.timedelta(days=5 if late else 0)
                        if reviewed
                        else timezone_now(),
                        is_late=late and reviewed,
                    )
                )
                nominations += batch
                items_of.append(batch)
        Nomination.objects.bulk_create(nominations, batch_size=2000)
        Proposal.objects.bulk_create(proposals, batch_size=2000)
        items, accepted_by_office = [], {}
        for proposal, batch in zip(proposals, items_of, strict=True):
            for order, nomination in enumerate(batch):
                outcome = ProposalItem.Outcome.PENDING
                if reviewed:
                    outcome = rng.choices(
                        [
                            ProposalItem.Outcome.ACCEPTED,
                            ProposalItem.Outcome.RETURNED,
                            ProposalItem.Outcome.REJECTED,
                        ],
                        weights=[8, 1, 1],
                    )[0]
                    nomination.status = {
                        ProposalItem.Outcome.ACCEPTED: Nomination.Status.ACCEPTED,
                        ProposalItem.Outcome.RETURNED: Nomination.Status.RETURNED,
                        ProposalItem.Outcome.REJECTED: Nomination.Status.REJECTED,
                    }[outcome]
                    if outcome == ProposalItem.Outcome.RETURNED:
                        nomination.holder_id = nomination.organization_id
                    if outcome == ProposalItem.Outcome.ACCEPTED:
                        accepted_by_office.setdefault(proposal.recipient_id, []).append(nomination)
                items.append(
                    ProposalItem(
                        proposal=proposal, nomination=nomination, order=order, outcome=outcome
                    )
                )
        ProposalItem.objects.bulk_create(items, batch_size=5000)
        total += len(nominations)
        if not reviewed:
            continue
        Nomination.objects.bulk_update(nominations, ["status", "holder"], batch_size=2000)
        # Each Phòng (but one, missing) forwards what it accepted to the Sở.
        up, up_items = [], []
        for index, office in enumerate(offices):
            accepted = accepted_by_office.get(office.pk, [])
            if index == len(offices) - 1 or not accepted:
                continue
            proposal = Proposal(
                organization=office,
                recipient=province,
                round=round,
                number=index + 10,
                symbol="TTr-PGDĐT",
                status=Proposal.Status.SENT,
                sent_at=sent_at_q1 + datetime.timedelta(days=4 + index % 3),
                is_late=index % 3 == 2,
            )
            up.append(proposal)
            for order, nomination in enumerate(accepted):
                nomination.holder = province
                nomination.status = Nomination.Status.SUBMITTED
                up_items.append(ProposalItem(proposal=proposal, nomination=nomination, order=order))
        Proposal.objects.bulk_create(up)
        ProposalItem.objects.bulk_create(up_items, batch_size=5000)
        Nomination.objects.bulk_update(
            [i.nomination for i in up_items], ["status", "holder"], batch_size=2000
        )
    return total


def timezone_now():
    from django.utils import timezone

    return timezone.now()
