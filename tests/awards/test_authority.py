"""Who may decide what (AWARDS.md "Who decides"), judged by the tree's shape and the law
on the decision's date; and what each decision pays (base salary × multiple)."""

import datetime

import pytest

from awards.law import LawOn
from awards.models import Decision
from awards.services import decisions
from schools.models import Role, SchoolYear
from schools.services import ServiceError
from tests.factories import PersonFactory, user_with_role
from tests.factories.awards import make_nomination, make_round

pytestmark = pytest.mark.usefixtures("catalogue")

BEFORE = datetime.date(2025, 6, 30)
AFTER = datetime.date(2025, 7, 1)
SHAPES = ["school_a1", "school_a3", "thpt_a"]  # district (Phòng), commune, Sở-run


def nominee(tree, school, **kind):
    person = PersonFactory(organization=getattr(tree, school), full_name="Lê Thị Mai")
    return make_nomination(make_round(tree.dept_a), person, **kind)


def refusal(tree, decider, school, day, **kind):
    nomination = nominee(tree, school, **kind)
    return LawOn(day).refusal(getattr(tree, decider), nomination, nomination.award_label)


@pytest.mark.parametrize(
    ("school", "decider", "before", "after"),
    [
        # district shape: the Phòng prepares the district chair's decision, both sides
        ("school_a1", "office_a", True, True),
        # commune shape: the commune chair decides LĐTT only since 01/07/2025
        ("school_a3", "commune_a", False, True),
        # THPT: the Giám đốc Sở, both sides
        ("thpt_a", "dept_a", True, True),
        # the Sở never decides LĐTT for a school the district or the commune runs
        ("school_a1", "dept_a", False, False),
        ("school_a3", "dept_a", False, False),
        # nor a Phòng for another shape's school, nor a principal at all
        ("school_a3", "office_a", False, False),
        ("school_a1", "school_a1", False, False),
    ],
)
def test_ldtt_authority_either_side_of_july_2025(tree, school, decider, before, after):
    for day, allowed in ((BEFORE, before), (AFTER, after)):
        found = refusal(tree, decider, school, day, title="ldtt")
        assert (found is None) == allowed, (day, found)
        if found:
            assert "không có thẩm quyền quyết định Lao động tiên tiến" in found
            assert "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 80" in found


def test_the_citation_follows_the_date(tree):
    """The bases a decision cites and the source of an authority row change with the
    decree in force: NĐ 98/2023 until 30/06/2025, NĐ 152/2025 from 01/07/2025."""
    old, new = LawOn(BEFORE), LawOn(AFTER)
    assert any("98/2023" in text for text in old.bases)
    assert not any("152/2025" in text for text in old.bases)
    assert any("152/2025" in text for text in new.bases)
    commune = refusal(tree, "commune_a", "school_a3", BEFORE, title="cstdcs")
    assert "không ai" not in commune and "Chủ tịch UBND huyện" in commune


@pytest.mark.parametrize("day", [BEFORE, AFTER])
@pytest.mark.parametrize("school", SHAPES)
def test_giay_khen_of_the_director_for_any_school_of_the_province(tree, school, day):
    assert refusal(tree, "dept_a", school, day, award_form="giay-khen-giam-doc-so") is None
    assert refusal(tree, "dept_a", school, day, award_form="bang-khen-chu-tich-tinh")


def test_a_principal_gives_only_her_own_schools_giay_khen(tree):
    day = AFTER
    own = "giay-khen-hieu-truong"
    assert refusal(tree, "school_a1", "school_a1", day, award_form=own) is None
    assert refusal(tree, "school_a2", "school_a1", day, award_form=own)
    for title in ("ldtt", "cstdcs", "cstd-tinh", "cstd-toan-quoc"):
        found = refusal(tree, "school_a1", "school_a1", day, title=title)
        assert found and "Điều" in found


def record(tree, user, organization, nominations, day):
    decision = decisions.create_decision(user, organization, nominations[0].round)
    decisions.set_awardees(user, decision, nominations)
    return decisions.record_decision(
        user, decision, decision_date=day, signer_name="Lê Văn Ký", signer_position="CHỦ TỊCH"
    )


def test_a_principal_cannot_record_a_national_title_for_her_own_nominee(tree):
    """The finding: a principal recorded CSTĐ toàn quốc for her own draft nominee."""
    user = tree.users["principal_a1"]
    nomination = nominee(tree, "school_a1", title="cstd-toan-quoc", holder=tree.school_a1)
    with pytest.raises(ServiceError) as refused:
        record(tree, user, tree.school_a1, [nomination], AFTER)
    message = str(refused.value)
    assert "Trường A1 không có thẩm quyền quyết định Chiến sĩ thi đua toàn quốc" in message
    assert "Thủ tướng Chính phủ (Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 77)" in message
    assert not Decision.objects.filter(status=Decision.Status.RECORDED).exists()
    nomination.refresh_from_db()
    assert nomination.status == "draft"


@pytest.mark.parametrize(
    ("day", "amount"),
    [(datetime.date(2026, 12, 15), 760_000), (datetime.date(2026, 3, 20), 710_000)],
)
def test_money_is_the_base_in_force_times_the_multiple_rounded_up(tree, day, amount):
    """0.3 × 2,530,000 = 759,000 → 760,000; 0.3 × 2,340,000 = 702,000 → 710,000."""
    user = tree.users["dept_a"]
    nomination = nominee(
        tree, "school_a1", award_form="giay-khen-giam-doc-so", status="accepted", holder=tree.dept_a
    )
    decision = record(tree, user, tree.dept_a, [nomination], day)
    assert [a.amount for a in decision.awardees.all()] == [amount]


def test_several_titles_of_one_year_pay_the_highest_only(tree):
    """LĐTT then CSTĐCS of the same school year: the second decision pays the difference
    (2.530.000 − 760.000); award forms are paid each, a Bằng khen of the provincial chair
    is beyond the Sở."""
    from awards.services import council

    user = tree.users["dept_a"]
    person = PersonFactory(organization=tree.thpt_a, full_name="Võ Thị Hạnh")
    council.save_evaluation(
        tree.users["admin"], person, SchoolYear.current(), {"rating": "excellent"}
    )
    accepted = {"status": "accepted", "holder": tree.dept_a}
    day = datetime.date(2026, 12, 15)
    ldtt = make_nomination(make_round(tree.dept_a), person, title="ldtt", **accepted)
    first = record(tree, user, tree.dept_a, [ldtt], day)
    assert first.awardees.get().amount == 760_000
    cstdcs = make_nomination(
        make_round(tree.dept_a, name="Cuối năm"), person, title="cstdcs", **accepted
    )
    second = record(tree, user, tree.dept_a, [cstdcs], day)
    awardee = second.awardees.get()
    assert awardee.amount == 1_770_000 and "Đã nhận 760.000 đồng" in awardee.money_note
    form = make_nomination(
        make_round(tree.dept_a, name="Đợt 3"),
        person,
        award_form="giay-khen-giam-doc-so",
        **accepted,
    )
    assert record(tree, user, tree.dept_a, [form], day).awardees.get().amount == 760_000
    higher = make_nomination(
        make_round(tree.dept_a, name="Đợt 4"),
        person,
        award_form="bang-khen-chu-tich-tinh",
        **accepted,
    )
    with pytest.raises(ServiceError, match="Chủ tịch UBND tỉnh"):
        record(tree, user, tree.dept_a, [higher], day)


def test_the_staff_of_an_office_or_a_so_are_judged_too(tree):
    """A Phòng's or a Sở's own staff: their titles and Bằng khen are not theirs to give."""
    for organization, decider in ((tree.office_a, "office_a"), (tree.dept_a, "dept_a")):
        clerk = PersonFactory(organization=organization, full_name="Đinh Văn Văn")
        nomination = make_nomination(
            make_round(tree.dept_a), clerk, award_form="bang-khen-bo-truong"
        )
        found = LawOn(AFTER).refusal(organization, nomination, nomination.award_label)
        assert found and "Bộ trưởng Bộ GDĐT" in found, decider
    own = PersonFactory(organization=tree.dept_a, full_name="Đinh Thị Sở")
    giay_khen = make_nomination(make_round(tree.dept_a), own, award_form="giay-khen-giam-doc-so")
    assert LawOn(AFTER).refusal(tree.dept_a, giay_khen, giay_khen.award_label) is None


def test_a_commune_records_its_chairs_giay_khen(tree):
    user = user_with_role(Role.OFFICE_STAFF, tree.commune_a, username="xa_a")
    nomination = nominee(
        tree,
        "school_a3",
        award_form="giay-khen-chu-tich-xa",
        status="accepted",
        holder=tree.commune_a,
    )
    decision = record(tree, user, tree.commune_a, [nomination], datetime.date(2026, 12, 15))
    assert decision.is_recorded and decision.awardees.get().amount == 760_000


def test_rules_are_checked_again_when_the_decision_is_recorded(tree):
    """Authority is not enough: a CSTĐCS whose holder has no LĐTT and no rating on the
    decision's date is refused with the rule's message, and nothing is recorded."""
    user = tree.users["office_a"]
    nomination = nominee(tree, "school_a1", title="cstdcs", status="accepted", holder=tree.office_a)
    with pytest.raises(ServiceError) as refused:
        record(tree, user, tree.office_a, [nomination], datetime.date(2026, 12, 15))
    assert "Lê Thị Mai (Chiến sĩ thi đua cơ sở):" in str(refused.value)
    assert not Decision.objects.filter(status=Decision.Status.RECORDED).exists()
