"""The numbers of a round (and of a school year) for one office."""

import datetime

import pytest
from django.utils import timezone

from awards.aggregation import (
    Filters,
    Timing,
    build_report,
    received_items,
    round_report,
    rounds_for_office,
    senders_below,
    year_report,
)
from awards.models import Nomination, ProposalItem, Round
from schools.models import Organization, SchoolYear
from tests.awards.round_data import OUT, at_deadline, scenario, send
from tests.factories import OrganizationFactory, PersonFactory
from tests.factories.awards import make_nomination, make_round

pytestmark = pytest.mark.django_db


def by_name(rows):
    return {row.organization.name: row for row in rows}


def test_round_for_the_department(tree):
    data = scenario(tree)
    report = round_report(tree.dept_a, data.round)
    rows = by_name(report.round_rows(data.round))
    # the senders are the Sở's direct children, in Vietnamese order
    assert [r.organization.name for r in report.round_rows(data.round)] == [
        "Phòng A",
        "THPT A",
        "UBND xã A",
    ]
    phong, thpt, commune = rows["Phòng A"], rows["THPT A"], rows["UBND xã A"]
    assert phong.timing == Timing.ON_TIME
    assert [p.reference for p in phong.proposals] == ["07/TTr-PGDĐT", "09/TTr-PGDĐT"]
    assert phong.sent_at == at_deadline(data.round, -3)
    assert thpt.timing == Timing.LATE
    assert commune.timing == Timing.MISSING and commune.proposals == []
    # Châu, returned in 7 and accepted in 9, counts once, as accepted
    assert phong.counts.total == 4
    assert (phong.counts.persons, phong.counts.collectives) == (3, 1)
    assert dict(phong.counts.by_outcome) == {
        OUT.ACCEPTED: 2,
        OUT.RETURNED: 1,
        OUT.PENDING: 1,
    }
    awards = {a.label: a for a in report.awards}
    assert list(awards) == [
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Giấy khen (Giám đốc Sở GDĐT)",
    ]
    assert phong.counts.award_values(report.awards) == [2, 1, 1]
    assert thpt.counts.award_values(report.awards) == [0, 1, 0]
    assert (thpt.counts.total, thpt.counts.rejected) == (1, 1)
    assert commune.counts.total == 0
    total = report.total()
    assert (total.on_time, total.late, total.missing, total.waiting) == (1, 1, 1, 0)
    assert (total.counts.total, total.counts.accepted, total.counts.rejected) == (5, 2, 1)
    assert total.award_values == [2, 2, 1]


def test_round_for_the_office_counts_what_schools_sent_it(tree):
    data = scenario(tree)
    report = round_report(tree.office_a, data.round)
    rows = by_name(report.round_rows(data.round))
    assert list(rows) == ["Trường A1", "Trường A2"]
    a1, a2 = rows["Trường A1"], rows["Trường A2"]
    assert a1.timing == Timing.ON_TIME and a1.counts.total == 3 and a1.counts.accepted == 3
    assert [p.reference for p in a1.proposals] == ["05/TTr-THA1"]
    assert a2.timing == Timing.MISSING and a2.counts.total == 0


def test_not_sent_before_the_deadline_is_waiting(tree):
    round = make_round(tree.office_a, deadline_in_days=3)
    report = round_report(tree.office_a, round)
    assert {r.timing for r in report.round_rows(round)} == {Timing.WAITING}
    later = round_report(tree.office_a, round, today=round.deadline + datetime.timedelta(days=1))
    assert {r.timing for r in later.round_rows(round)} == {Timing.MISSING}
    on_the_day = round_report(tree.office_a, round, today=round.deadline)
    assert {r.timing for r in on_the_day.round_rows(round)} == {Timing.WAITING}


def test_drafts_are_not_counted(tree):
    round = make_round(tree.office_a, deadline_in_days=3)
    person = PersonFactory(organization=tree.school_a1)
    nomination = make_nomination(round, person, status=Nomination.Status.DRAFT)
    send(round, tree.school_a1, [(nomination, OUT.PENDING, "")], status="draft")
    report = round_report(tree.office_a, round)
    row = by_name(report.round_rows(round))["Trường A1"]
    assert row.proposals == [] and row.counts.total == 0 and row.timing == Timing.WAITING
    assert report.awards == []


def test_proposals_to_another_office_are_not_counted(tree):
    data = scenario(tree)
    # school A1's proposal went to Phòng A: the Sở does not count it under anyone
    report = round_report(tree.dept_a, data.round)
    assert report.total().counts.total == 5
    assert (
        not received_items(tree.dept_a, [data.round])
        .filter(proposal__organization=tree.school_a1)
        .exists()
    )


def test_filter_by_level(tree):
    data = scenario(tree)
    upper = Filters(level=Organization.Level.UPPER_SECONDARY)
    report = round_report(tree.dept_a, data.round, upper)
    assert [r.organization.name for r in report.round_rows(data.round)] == ["THPT A"]
    assert report.total().counts.total == 1
    primary = round_report(tree.dept_a, data.round, Filters(level=Organization.Level.PRIMARY))
    rows = by_name(primary.round_rows(data.round))
    assert list(rows) == ["Phòng A", "UBND xã A"]  # both have primary schools below
    assert rows["Phòng A"].counts.total == 4
    preschool = round_report(tree.dept_a, data.round, Filters(level="preschool"))
    assert preschool.senders == [] and preschool.total().counts.total == 0


def test_filter_by_level_counts_only_nominations_of_that_level(tree):
    data = scenario(tree)
    lower = OrganizationFactory(
        name="Trường THCS A4", parent=tree.office_a, school_level="lower_secondary"
    )
    dung = PersonFactory(organization=lower, full_name="Phan Văn Dũng")
    nomination = make_nomination(data.round, dung, title="ldtt", status="submitted")
    send(data.round, tree.office_a, [(nomination, OUT.PENDING, "")], number=11)
    everything = round_report(tree.dept_a, data.round)
    assert by_name(everything.round_rows(data.round))["Phòng A"].counts.total == 5
    only_lower = round_report(tree.dept_a, data.round, Filters(level="lower_secondary"))
    rows = by_name(only_lower.round_rows(data.round))
    assert list(rows) == ["Phòng A"]
    assert rows["Phòng A"].counts.total == 1


def test_filter_by_kind(tree):
    data = scenario(tree)
    report = round_report(tree.dept_a, data.round, Filters(kind=Organization.Kind.COMMUNE))
    assert [r.organization.name for r in report.round_rows(data.round)] == ["UBND xã A"]
    assert report.total().counts.total == 0
    schools = round_report(tree.dept_a, data.round, Filters(kind="school"))
    assert [s.name for s in schools.senders] == ["THPT A"]
    assert schools.total().counts.total == 1


def test_filters_from_query_ignore_unknown_values():
    assert Filters.from_query({"level": "primary", "kind": "office", "campaign": "4"}) == Filters(
        "primary", "office", 4
    )
    assert Filters.from_query({"level": "x", "kind": "ministry", "campaign": "٤"}) == Filters()


def test_senders_are_the_direct_children(tree):
    assert [o.name for o in senders_below(tree.dept_a)] == ["Phòng A", "THPT A", "UBND xã A"]
    assert [o.name for o in senders_below(tree.office_a)] == ["Trường A1", "Trường A2"]
    assert senders_below(tree.school_a1) == []


def test_rounds_for_an_office_come_from_it_or_above(tree):
    own = make_round(tree.office_a, name="Đợt của Phòng A")
    above = make_round(tree.dept_a, name="Đợt của Sở A")
    make_round(tree.school_a1, name="Đợt của trường")
    make_round(tree.office_b, name="Đợt của Phòng B")
    names = set(rounds_for_office(tree.office_a).values_list("name", flat=True))
    assert names == {own.name, above.name}
    assert set(rounds_for_office(tree.dept_a).values_list("name", flat=True)) == {above.name}


def test_year_report(tree):
    data = scenario(tree)
    second = Round.objects.create(
        campaign=data.round.campaign,
        name="Quý II năm 2026",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    person = PersonFactory(organization=tree.commune_a, full_name="Ngô Văn Giáp")
    nomination = make_nomination(second, person, title="ldtt", status="submitted")
    send(second, tree.commune_a, [(nomination, OUT.PENDING, "")], number=2)
    # A round belongs to the school year its deadline falls in, whatever its campaign's.
    old = make_round(tree.dept_a, name="Đợt năm cũ")
    old.deadline = datetime.date(2002, 3, 10)
    old.save()
    assert old.school_year.name == "2001-2002"
    report = year_report(tree.dept_a, SchoolYear.current())
    assert [r.name for r in report.rounds] == ["Quý I năm 2026", "Quý II năm 2026"]
    senders = {s.subject.name: s for s in report.sender_summaries()}
    phong, thpt, commune = senders["Phòng A"], senders["THPT A"], senders["UBND xã A"]
    assert (phong.on_time, phong.late, phong.missing, phong.waiting) == (1, 0, 0, 1)
    assert (thpt.on_time, thpt.late, thpt.missing, thpt.waiting) == (0, 1, 0, 1)
    assert (commune.on_time, commune.late, commune.missing, commune.waiting) == (1, 0, 1, 0)
    assert commune.counts.total == 1 and phong.counts.total == 4
    rounds = {r.subject.name: r for r in report.round_summaries()}
    assert (rounds["Quý I năm 2026"].sent, rounds["Quý I năm 2026"].missing) == (2, 1)
    assert (rounds["Quý II năm 2026"].sent, rounds["Quý II năm 2026"].waiting) == (1, 2)
    assert rounds["Quý II năm 2026"].counts.total == 1
    assert report.total().counts.total == 6
    by_campaign = year_report(
        tree.dept_a, SchoolYear.current(), Filters(campaign=data.round.campaign_id + 1000)
    )
    assert by_campaign.rounds == [] and by_campaign.total().counts.total == 0


@pytest.mark.parametrize("extra", [0, 6])
def test_query_count_does_not_depend_on_the_tree(tree, extra, django_assert_num_queries):
    data = scenario(tree)
    for i in range(extra):
        office = OrganizationFactory(
            parent=tree.dept_a, name=f"Phòng thêm {i}", kind="office", school_level=""
        )
        school = OrganizationFactory(parent=office, name=f"Trường thêm {i}")
        nomination = make_nomination(
            data.round, PersonFactory(organization=school), title="ldtt", status="submitted"
        )
        send(data.round, office, [(nomination, OUT.ACCEPTED, "")], number=100 + i)
    # senders, proposals, grouped items
    with django_assert_num_queries(3):
        report = build_report(tree.dept_a, [data.round], Filters(level="primary"))
        report.round_rows(data.round)
        report.total()
    assert len(report.senders) == 2 + extra


def test_an_item_outcome_counts_under_its_proposal_sender(tree):
    round = make_round(tree.office_a, deadline_in_days=3)
    people = [PersonFactory(organization=tree.school_a1) for _ in range(3)]
    nominations = [make_nomination(round, p, status="submitted") for p in people]
    send(
        round,
        tree.school_a1,
        [
            (n, outcome, "")
            for n, outcome in zip(
                nominations, [OUT.ACCEPTED, OUT.REJECTED, OUT.PENDING], strict=True
            )
        ],
    )
    report = round_report(tree.office_a, round)
    row = by_name(report.round_rows(round))["Trường A1"]
    assert (row.counts.accepted, row.counts.rejected, row.counts.pending) == (1, 1, 1)
    assert [a.label for a in report.awards] == ["Giấy khen (Giám đốc Sở GDĐT)"]
    nominations[0].status = Nomination.Status.AWARDED
    nominations[0].save()
    assert (
        by_name(round_report(tree.office_a, round).round_rows(round))["Trường A1"].counts.awarded
        == 1
    )
    assert ProposalItem.objects.count() == 3
