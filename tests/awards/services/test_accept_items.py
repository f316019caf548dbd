"""services.proposals.accept_items: the recipient accepts the chosen nominations of a
proposal together, all of them or none."""

import pytest
from django.core.exceptions import PermissionDenied

from awards.models import AwardEvent, Nomination, Proposal, ProposalItem
from awards.services import proposals
from awards.services.common import ServiceError
from tests.factories import PersonFactory
from tests.factories.awards import make_nomination, make_round

S = Nomination.Status
Outcome = ProposalItem.Outcome


def sent(tree, round_, count):
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=1,
    )
    for order in range(count):
        nomination = make_nomination(
            round_,
            PersonFactory(organization=tree.school_a1),
            status=S.SUBMITTED,
            holder=tree.office_a,
        )
        ProposalItem.objects.create(proposal=proposal, nomination=nomination, order=order)
    return proposal


@pytest.fixture
def round_(tree):
    return make_round(tree.dept_a)


def outcomes(proposal):
    return list(proposal.items.order_by("order").values_list("outcome", flat=True))


def test_the_chosen_are_accepted_and_the_others_wait(tree, round_):
    proposal = sent(tree, round_, 3)
    one, two, three = proposal.items.order_by("order")
    assert proposals.accept_items(tree.users["office_a"], proposal, [one, three]) == 2
    assert outcomes(proposal) == ["accepted", "pending", "accepted"]
    assert {n.status for n in Nomination.objects.filter(items__in=[one, three])} == {S.ACCEPTED}
    assert AwardEvent.objects.filter(action="review_accepted").count() == 2
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SENT
    proposals.accept_items(tree.users["office_a"], proposal, [two])
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REVIEWED


def test_all_or_none(tree, round_):
    proposal = sent(tree, round_, 3)
    one, two, three = proposal.items.order_by("order")
    proposals.review_item(tree.users["office_a"], two, Outcome.RETURNED, "Thiếu minh chứng")
    with pytest.raises(ServiceError, match="Đã được xét trước đó"):
        proposals.accept_items(tree.users["office_a"], proposal, [one, two, three])
    assert outcomes(proposal) == ["pending", "returned", "pending"]
    other = sent(tree, round_, 1)
    with pytest.raises(ServiceError, match="không thuộc tờ trình này"):
        proposals.accept_items(tree.users["office_a"], proposal, [one, other.items.get()])
    with pytest.raises(ServiceError, match="ít nhất một"):
        proposals.accept_items(tree.users["office_a"], proposal, [])
    assert outcomes(proposal) == ["pending", "returned", "pending"]
    assert outcomes(other) == ["pending"]


@pytest.mark.parametrize("role", ["principal_a1", "dept_a", "office_b"])
def test_only_the_recipient_accepts(tree, round_, role):
    proposal = sent(tree, round_, 2)
    with pytest.raises(PermissionDenied):
        proposals.accept_items(tree.users[role], proposal, list(proposal.items.all()))
    with pytest.raises(PermissionDenied):
        proposals.accept_all(tree.users[role], sent(tree, round_, 0))
    assert outcomes(proposal) == ["pending", "pending"]


def test_next_waiting(tree, round_):
    first = sent(tree, round_, 2)
    second = sent(tree, round_, 1)
    one, two = first.items.order_by("order")
    assert proposals.next_pending_item(first) == one.pk
    assert proposals.next_pending_item(first, after=one) == two.pk
    assert proposals.next_pending_item(first, after=two) == one.pk  # wraps to the first
    every = Proposal.objects.all()
    assert proposals.next_waiting_proposal(every, first) == second
    proposals.accept_all(tree.users["office_a"], second)
    assert proposals.next_waiting_proposal(every, first) is None
