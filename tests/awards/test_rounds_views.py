"""The office pages of nomination rounds: round list, round page, drill-down, year page,
and their scope (404 out of it) and query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import Round
from tests.awards.round_data import OUT, scenario, send
from tests.factories import OrganizationFactory, PersonFactory
from tests.factories.awards import make_decision, make_nomination, make_round

pytestmark = pytest.mark.django_db


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def sender_names(response):
    return [row.organization.name for row in response.context["rows"]]


def test_round_page_of_the_department(client, tree):
    data = scenario(tree)
    response = get(client, tree.users["dept_a"], "award_round", data.round.pk)
    assert response.status_code == 200
    assert response.context["office"] == tree.dept_a
    assert sender_names(response) == ["Phòng A", "THPT A", "UBND xã A"]
    page = response.content.decode()
    assert "07/TTr-PGDĐT" in page and "09/TTr-PGDĐT" in page and "3/TTr-THPTA" in page
    assert "Gửi muộn" in page and "Quá hạn, chưa gửi" in page and "Đúng hạn" in page
    assert reverse("proposal_list_xlsx", args=[data.office_proposal.pk]) in page
    assert reverse("proposal_detail", args=[data.office_proposal.pk]) in page
    assert (
        reverse("award_round_sender", args=[data.round.pk, tree.office_a.pk])
        + f"?office={tree.dept_a.pk}"
        in page
    )
    # three charts drawn on the server, no script
    assert page.count('<svg class="chart"') == 3
    assert '<script src="http' not in page
    total = response.context["total"]
    assert (total.counts.total, total.counts.accepted, total.counts.returned) == (5, 2, 1)
    assert total.award_values == [2, 2, 1]
    assert "1 gửi đúng hạn, 1 gửi muộn, 1 quá hạn chưa gửi" in page


def test_round_page_of_the_office(client, tree):
    data = scenario(tree)
    response = get(client, tree.users["office_a"], "award_round", data.round.pk)
    assert response.status_code == 200
    assert sender_names(response) == ["Trường A1", "Trường A2"]
    rows = {r.organization.name: r for r in response.context["rows"]}
    assert rows["Trường A1"].counts.accepted == 3
    assert rows["Trường A2"].timing == "missing"


def test_the_department_may_look_as_one_of_its_offices(client, tree):
    data = scenario(tree)
    response = get(
        client, tree.users["dept_a"], "award_round", data.round.pk, office=tree.office_a.pk
    )
    assert response.status_code == 200
    assert sender_names(response) == ["Trường A1", "Trường A2"]
    assert [o.name for o in response.context["offices"]] == [
        "Sở A",
        "Phòng A",
        "UBND xã A",
    ]


@pytest.mark.parametrize(
    "role, params",
    [
        ("office_b", {}),
        ("principal_a1", {}),
        ("teacher_a1", {}),
        ("chair_a1", {}),
        ("principal_b1", {}),
        ("office_a", {"office": "dept_a"}),  # above the user's own office
        ("dept_a", {"office": "office_b"}),  # another Sở's office
        ("dept_a", {"office": "school_a1"}),  # a school is no office
        ("dept_a", {"office": "x"}),
    ],
)
def test_round_page_answers_404_out_of_scope(client, tree, role, params):
    data = scenario(tree)
    params = {k: getattr(tree, v).pk if hasattr(tree, v) else v for k, v in params.items()}
    for name, args in [
        ("award_round", [data.round.pk]),
        ("award_round_xlsx", [data.round.pk]),
        ("award_round_sender", [data.round.pk, tree.office_a.pk]),
    ]:
        response = get(client, tree.users[role], name, *args, **params)
        assert response.status_code == 404, (name, role, params)


def test_round_of_a_lower_office_needs_that_office(client, tree):
    round = make_round(tree.office_a, name="Đợt riêng của Phòng A")
    user = tree.users["dept_a"]
    assert get(client, user, "award_round", round.pk).status_code == 404
    response = get(client, user, "award_round", round.pk, office=tree.office_a.pk)
    assert response.status_code == 200
    assert sender_names(response) == ["Trường A1", "Trường A2"]


def test_administrator_sees_the_campaign_office_or_picks_one(client, tree):
    data = scenario(tree)
    admin = tree.users["admin"]
    response = get(client, admin, "award_round", data.round.pk)
    assert response.context["office"] == tree.dept_a
    response = get(client, admin, "award_round", data.round.pk, office=tree.office_a.pk)
    assert sender_names(response) == ["Trường A1", "Trường A2"]
    # Sở B's office does not receive Sở A's round
    assert (
        get(client, admin, "award_round", data.round.pk, office=tree.office_b.pk).status_code == 404
    )


def test_round_page_filters(client, tree):
    data = scenario(tree)
    user = tree.users["dept_a"]
    response = get(client, user, "award_round", data.round.pk, level="upper_secondary")
    assert sender_names(response) == ["THPT A"]
    assert response.context["total"].counts.total == 1
    response = get(client, user, "award_round", data.round.pk, kind="office")
    assert sender_names(response) == ["Phòng A"]
    assert "level=&" not in response.context["query"]
    response = get(client, user, "award_round", data.round.pk, level="bogus")
    assert sender_names(response) == ["Phòng A", "THPT A", "UBND xã A"]
    # the filters travel to the drill-down and the export
    response = get(client, user, "award_round", data.round.pk, kind="office", level="primary")
    query = response.context["query"]
    assert query == f"office={tree.dept_a.pk}&level=primary&kind=office"
    assert f"report.xlsx?{query}".replace("&", "&amp;") in response.content.decode()


@pytest.mark.parametrize("extra", [0, 4])
def test_round_page_queries_do_not_depend_on_the_schools(
    client, tree, extra, django_assert_num_queries
):
    data = scenario(tree)
    for i in range(extra):
        school = OrganizationFactory(parent=tree.office_a, name=f"Trường thêm {i}")
        nomination = make_nomination(
            data.round, PersonFactory(organization=school), title="ldtt", status="submitted"
        )
        send(data.round, school, [(nomination, OUT.ACCEPTED, "")], number=20 + i)
    client.force_login(tree.users["office_a"])
    url = reverse("award_round", args=[data.round.pk])
    # session (with the generation of people, roles and awards), user, roles (with the
    # school year), round, office picker, senders, proposals, items
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 2 + extra  # 2 and 6 schools
    # then kept while nothing it shows changes (common/generations): the roles too
    with django_assert_num_queries(2):
        kept = client.get(url)
    assert kept.content.decode().count("<tr") == response.content.decode().count("<tr")


@pytest.mark.parametrize("extra", [0, 4])
def test_department_round_page_queries_do_not_depend_on_the_tree(
    client, tree, extra, django_assert_num_queries
):
    data = scenario(tree)
    for i in range(extra):
        office = OrganizationFactory(
            parent=tree.dept_a, name=f"Phòng thêm {i}", kind="office", school_level=""
        )
        for j in range(3):
            OrganizationFactory(parent=office, name=f"Trường {i}.{j}")
        nomination = make_nomination(
            data.round, PersonFactory(organization=office), title="ldtt", status="submitted"
        )
        send(data.round, office, [(nomination, OUT.RETURNED, "")], number=30 + i)
    client.force_login(tree.users["dept_a"])
    url = reverse("award_round", args=[data.round.pk])
    with django_assert_num_queries(8):
        response = client.get(url, {"level": "primary"})
    assert len(response.context["rows"]) == 2 + extra


def test_sender_drill_down(client, tree):
    data = scenario(tree)
    response = get(
        client, tree.users["dept_a"], "award_round_sender", data.round.pk, tree.office_a.pk
    )
    assert response.status_code == 200
    items = response.context["items"]
    # by proposing school, people in Vietnamese order (given name), then collectives
    assert [i.nomination.nominee_name for i in items] == [
        "Lê Văn An",
        "Bùi Thị Yến",
        "Tổ công đoàn 1",
        "Đỗ Minh Châu",
    ]
    assert [i.get_outcome_display() for i in items] == [
        "Chấp nhận",
        "Trả lại",
        "Chờ xét",
        "Chấp nhận",
    ]
    page = response.content.decode()
    assert "Thiếu minh chứng" in page
    assert reverse("nomination_detail", args=[data.an.pk]) in page
    assert [p.reference for p in response.context["proposals"]] == ["07/TTr-PGDĐT", "09/TTr-PGDĐT"]


def test_drill_down_to_a_school_below_an_office(client, tree):
    data = scenario(tree)
    response = get(
        client, tree.users["dept_a"], "award_round_sender", data.round.pk, tree.school_a1.pk
    )
    assert response.status_code == 200
    # what reached the Sở from school A1, through Phòng A
    assert [i.proposal.reference for i in response.context["items"]] == ["07/TTr-PGDĐT"] * 3
    assert [p.reference for p in response.context["proposals"]] == ["05/TTr-THA1"]


def test_drill_down_out_of_the_office_is_404(client, tree):
    data = scenario(tree)
    user = tree.users["dept_a"]
    for sender in [tree.school_b1, tree.dept_a, tree.ministry]:
        assert get(client, user, "award_round_sender", data.round.pk, sender.pk).status_code == 404
    office_user = tree.users["office_a"]
    response = get(client, office_user, "award_round_sender", data.round.pk, tree.thpt_a.pk)
    assert response.status_code == 404


def test_drill_down_query_count(client, tree, django_assert_num_queries):
    data = scenario(tree)
    client.force_login(tree.users["dept_a"])
    url = reverse("award_round_sender", args=[data.round.pk, tree.office_a.pk])
    # session, user, roles (with the school year), round, sender, office picker, items,
    # proposals
    with django_assert_num_queries(8):
        client.get(url)


def test_round_list(client, tree):
    data = scenario(tree)
    make_round(tree.office_a, name="Đợt riêng của Phòng A")
    make_round(tree.office_b, name="Đợt của Phòng B")
    response = get(client, tree.users["dept_a"], "award_rounds")
    assert response.status_code == 200
    summaries = response.context["summaries"]
    assert [s.subject.name for s in summaries] == ["Quý I năm 2026"]
    assert (summaries[0].sent, summaries[0].late, summaries[0].missing) == (2, 1, 1)
    page = response.content.decode()
    assert "2/3" in page
    assert reverse("award_round", args=[data.round.pk]) in page
    office_page = get(client, tree.users["office_a"], "award_rounds")
    names = [s.subject.name for s in office_page.context["summaries"]]
    # The live round first (its deadline is in 20 days), then the one closed 5 days ago.
    assert names == ["Đợt riêng của Phòng A", "Quý I năm 2026"]
    assert "Đang mở" in office_page.content.decode()
    other = get(client, tree.users["office_b"], "award_rounds")
    assert [s.subject.name for s in other.context["summaries"]] == ["Đợt của Phòng B"]


def test_round_list_filters_by_campaign_and_year(client, tree):
    data = scenario(tree)
    second = make_round(tree.dept_a, name="Đợt khác")
    user = tree.users["dept_a"]
    response = get(client, user, "award_rounds", campaign=second.campaign_id)
    assert [s.subject.name for s in response.context["summaries"]] == ["Đợt khác"]
    assert {c.pk for c in response.context["campaigns"]} == {
        data.round.campaign_id,
        second.campaign_id,
    }
    response = get(client, user, "award_rounds", year="1999-2000")
    assert response.context["school_year"].name != "1999-2000"  # unknown: the current year


@pytest.mark.parametrize("role", ["principal_a1", "teacher_a1", "chair_a1", "teacher_b1"])
def test_office_pages_are_not_for_schools(client, tree, role):
    for name in ["award_rounds", "award_year", "award_year_xlsx"]:
        assert get(client, tree.users[role], name).status_code == 404


def test_office_pages_of_another_department_are_404(client, tree):
    for name in ["award_rounds", "award_year", "award_year_xlsx"]:
        response = get(client, tree.users["office_b"], name, office=tree.office_a.pk)
        assert response.status_code == 404
        response = get(client, tree.users["office_a"], name, office=tree.dept_a.pk)
        assert response.status_code == 404


def test_administrator_round_list_defaults_to_the_first_department(client, tree):
    scenario(tree)
    response = get(client, tree.users["admin"], "award_rounds")
    assert response.context["office"] == tree.dept_a
    response = get(client, tree.users["admin"], "award_rounds", office=tree.office_b.pk)
    assert response.context["office"] == tree.office_b


@pytest.mark.parametrize("extra", [0, 4])
def test_year_page(client, tree, extra, django_assert_num_queries):
    data = scenario(tree)
    Round.objects.create(
        campaign=data.round.campaign,
        name="Quý II năm 2026",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    for i in range(extra):
        OrganizationFactory(
            parent=tree.dept_a, name=f"THPT thêm {i}", school_level="upper_secondary"
        )
    client.force_login(tree.users["dept_a"])
    # session, user, roles (with the school year, read once per request), office picker,
    # rounds, senders, proposals, items, campaigns, years
    with django_assert_num_queries(10):
        response = client.get(reverse("award_year"))
    assert response.status_code == 200
    senders = {s.subject.name: s for s in response.context["senders"]}
    assert len(senders) == 3 + extra
    assert (senders["Phòng A"].on_time, senders["Phòng A"].waiting) == (1, 1)
    assert (senders["UBND xã A"].missing, senders["UBND xã A"].waiting) == (1, 1)
    assert [r.subject.name for r in response.context["rounds"]] == [
        "Quý I năm 2026",
        "Quý II năm 2026",
    ]
    assert response.context["total"].counts.total == 5
    page = response.content.decode()
    assert page.count('<svg class="chart"') == 3


def test_year_page_filters(client, tree):
    data = scenario(tree)
    user = tree.users["dept_a"]
    response = get(client, user, "award_year", kind="school")
    assert [s.subject.name for s in response.context["senders"]] == ["THPT A"]
    response = get(client, user, "award_year", campaign=data.round.campaign_id + 99)
    assert response.context["rounds"] == []


def test_round_export(client, tree):
    data = scenario(tree)
    response = get(client, tree.users["dept_a"], "award_round_xlsx", data.round.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Danh sách đề nghị"]
    rows = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert rows[0][0] == "Tổng hợp đề nghị khen thưởng – Quý I năm 2026 – Sở A"
    header = rows[2]
    assert header[:6] == ("STT", "Đơn vị", "Loại đơn vị", "Tờ trình số", "Gửi lúc", "Tình trạng")
    assert rows[3][:4] == (1, "Phòng A", "Phòng GDĐT", "07/TTr-PGDĐT; 09/TTr-PGDĐT")
    assert rows[3][5] == "Đúng hạn"
    assert rows[5][1:6] == ("UBND xã A", "UBND cấp xã", None, None, "Quá hạn, chưa gửi")
    assert rows[6][1] == "Tổng cộng"
    names = [r[3] for r in book["Danh sách đề nghị"].iter_rows(min_row=3, values_only=True)]
    assert names == ["Lê Văn An", "Bùi Thị Yến", "Tổ công đoàn 1", "Đỗ Minh Châu", "Võ Thị Bình"]


def test_year_export(client, tree):
    scenario(tree)
    response = get(client, tree.users["office_a"], "award_year_xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Theo đơn vị", "Theo đợt", "Danh sách đề nghị"]
    rows = list(book["Theo đơn vị"].iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == ["Trường A1", "Trường A2", "Tổng cộng"]


def test_proposal_list_export_scope(client, tree):
    data = scenario(tree)
    for role, status in [
        ("principal_a1", 200),
        ("office_a", 200),
        ("dept_a", 200),
        ("admin", 200),
        ("chair_a1", 404),
        ("teacher_a1", 404),
        ("principal_a2", 404),
        ("office_b", 404),
    ]:
        response = get(client, tree.users[role], "proposal_list_xlsx", data.school_proposal.pk)
        assert response.status_code == status, role


def test_draft_proposal_list_stays_home(client, tree):
    round = make_round(tree.office_a)
    draft = send(round, tree.school_a1, [], status="draft")
    assert (
        get(client, tree.users["principal_a1"], "proposal_list_xlsx", draft.pk).status_code == 200
    )
    assert get(client, tree.users["office_a"], "proposal_list_xlsx", draft.pk).status_code == 404


def test_decision_list_export_scope(client, tree):
    data = scenario(tree)
    decision = make_decision(tree.dept_a, [data.an, data.chau])
    draft = make_decision(tree.dept_a, [data.binh], recorded=False)
    for role, status in [
        ("dept_a", 200),
        ("teacher_a1", 200),
        ("office_b", 404),
        ("teacher_b1", 404),
    ]:
        response = get(client, tree.users[role], "decision_list_xlsx", decision.pk)
        assert response.status_code == status, role
    assert get(client, tree.users["dept_a"], "decision_list_xlsx", draft.pk).status_code == 200
    assert get(client, tree.users["office_a"], "decision_list_xlsx", draft.pk).status_code == 404
