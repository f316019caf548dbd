"""The same person or collective with the same title or award for the same period is
refused at every level, naming the other nomination (issue 13, item 6)."""

import pytest

from awards.models import AwardForm, Nomination, Proposal, Title
from awards.services import decisions, nominations, proposals
from schools.services import ServiceError
from tests.factories.awards import make_decision, make_nomination, make_round, person_of

pytestmark = pytest.mark.usefixtures("catalogue")


def giay_khen():
    return AwardForm.objects.get(code="giay-khen-giam-doc-so")


def nominate(user, organization, round, person, nomination=None, **award):
    award = award or {"award_form": giay_khen()}
    data = {"person": person, "achievements": "Dạy giỏi.", **award}
    return nominations.save_nomination(user, organization, round, data, nomination)


@pytest.mark.parametrize(
    "level", ["principal_a1", "office_a", "dept_a"], ids=["school", "office", "so"]
)
def test_a_second_nomination_of_the_same_award_and_round_is_refused(tree, level):
    round_ = make_round(tree.dept_a)
    teacher = person_of(tree.users["teacher_a1"])
    first = nominate(tree.users["principal_a1"], tree.school_a1, round_, teacher)
    organization = {"principal_a1": tree.school_a1, "office_a": tree.office_a}.get(
        level, tree.dept_a
    )
    with pytest.raises(ServiceError) as refused:
        nominate(tree.users[level], organization, round_, teacher)
    message = str(refused.value)
    assert message.startswith(f"{teacher.full_name} đã có đề nghị Giấy khen")
    assert f"trong đợt {round_.name}, do Trường A1 đề nghị (Đang chuẩn bị)" in message
    assert Nomination.objects.filter(person=teacher).count() == 1
    # Editing the first one is not a duplicate of itself; another quarter is another period.
    nominate(tree.users["principal_a1"], tree.school_a1, round_, teacher, first)
    first.refresh_from_db()
    assert first.version == 2
    later = make_round(tree.dept_a, deadline_in_days=40, name="Quý I năm 2027")
    assert nominate(tree.users["principal_a1"], tree.school_a1, later, teacher).pk != first.pk


def test_a_title_is_one_per_school_year_whatever_the_round(tree):
    user, teacher = tree.users["principal_a1"], person_of(tree.users["teacher_a1"])
    ldtt = {"title": Title.objects.get(code="ldtt")}
    nominate(user, tree.school_a1, make_round(tree.school_a1), teacher, **ldtt)
    other = make_round(tree.school_a1, deadline_in_days=25, name="Cuối năm")
    with pytest.raises(ServiceError, match="Lao động tiên tiến trong đợt Quý IV năm 2026"):
        nominate(user, tree.school_a1, other, teacher, **ldtt)


def test_a_rejected_nomination_does_not_block_a_new_one(tree):
    round_ = make_round(tree.dept_a)
    teacher = person_of(tree.users["teacher_a1"])
    make_nomination(round_, teacher, status=Nomination.Status.REJECTED)
    assert nominate(tree.users["principal_a1"], tree.school_a1, round_, teacher).pk


def test_lists_made_before_the_check_are_refused_at_the_office_and_at_the_so(tree):
    """Two nominations of one teacher (from before the check) cannot go up together in a
    Tờ trình, nor both be decided; one already decided blocks the other."""
    round_ = make_round(tree.dept_a)
    teacher = person_of(tree.users["teacher_a1"])
    at_office = {"status": Nomination.Status.ACCEPTED, "holder": tree.office_a}
    twins = [make_nomination(round_, teacher, **at_office) for _ in range(2)]
    proposal = proposals.create_proposal(tree.users["office_a"], tree.office_a, round_)
    with pytest.raises(ServiceError, match="có hai đề nghị trùng trong danh sách"):
        proposals.set_items(tree.users["office_a"], proposal, twins)
    assert not Proposal.objects.get(pk=proposal.pk).items.exists()

    at_so = {"status": Nomination.Status.ACCEPTED, "holder": tree.dept_a}
    pair = [make_nomination(round_, teacher, **at_so) for _ in range(2)]
    decision = decisions.create_decision(tree.users["dept_a"], tree.dept_a, round_)
    with pytest.raises(ServiceError, match="có hai đề nghị trùng trong danh sách"):
        decisions.set_awardees(tree.users["dept_a"], decision, pair)
    make_decision(tree.dept_a, [pair[0]])  # recorded: pair[0] is awarded
    with pytest.raises(ServiceError, match="đã được khen: Giấy khen"):
        decisions.set_awardees(tree.users["dept_a"], decision, [pair[1]])


def test_a_list_check_costs_the_same_queries_for_one_or_twenty(tree, django_assert_num_queries):
    from awards.services.duplicates import refuse_duplicates_in

    round_ = make_round(tree.dept_a)
    people = [person_of(tree.users["teacher_a1"])]
    people += [person_of(tree.users[u]) for u in ("principal_a1", "chair_a1", "leader_a1")]
    many = [make_nomination(round_, p) for p in people]
    for size in (1, len(many)):
        with django_assert_num_queries(2):
            refuse_duplicates_in(many[:size])


def test_the_form_shows_the_duplicate_at_the_person_field(client, tree):
    from django.urls import reverse

    round_ = make_round(tree.dept_a)
    teacher = person_of(tree.users["teacher_a1"])
    nominate(tree.users["principal_a1"], tree.school_a1, round_, teacher)
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("nomination_create", args=[round_.pk]),
        {"person": teacher.pk, "award_form": giay_khen().pk, "achievements": "Dạy giỏi."},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "đã có đề nghị Giấy khen" in errors["person"][0]
    assert Nomination.objects.filter(person=teacher).count() == 1
