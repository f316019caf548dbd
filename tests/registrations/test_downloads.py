"""Download views: who gets the file (200) and who gets a 404, file names and types, and
query counts that do not grow with the number of forms."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registrations.models import Status
from schools.models import SchoolYear
from tests.factories import PersonFactory
from tests.factories.registrations import make_group, make_registration, person

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCHOOL_READERS = ["chair_a1", "principal_a1", "office_a", "dept_a", "admin"]
OUTSIDERS = ["principal_a2", "office_b", "principal_b1", "teacher_b1"]


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.fixture
def m1(tree, campaign_a1):
    return make_registration(campaign_a1, person(tree.users["teacher_a1"]), status=Status.APPROVED)


@pytest.fixture
def m2(tree, campaign_a1):
    return make_group(
        campaign_a1,
        person(tree.users["leader_a1"]),
        [person(tree.users["teacher_a1"])],
        status=Status.SUBMITTED,
    )


# -- one form -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["teacher_a1", "leader_a1", *SCHOOL_READERS])
def test_m1_pdf_for_author_and_reviewers(client, tree, m1, who):
    response = get(client, tree.users[who], reverse("registration_pdf", args=[m1.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert (
        response["Content-Disposition"] == f'inline; filename="mau-M1-tran-thi-gv_a1-{m1.pk}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_m1_pdf_is_404_for_other_schools(client, tree, m1, who):
    response = get(client, tree.users[who], reverse("registration_pdf", args=[m1.pk]))
    assert response.status_code == 404


def test_m1_draft_pdf_is_the_authors_alone(client, tree, campaign_a1):
    draft = make_registration(campaign_a1, person(tree.users["teacher_a1"]))
    url = reverse("registration_pdf", args=[draft.pk])
    assert get(client, tree.users["teacher_a1"], url).status_code == 200
    assert get(client, tree.users["chair_a1"], url).status_code == 404


def test_pdf_needs_login(client, m1):
    response = client.get(reverse("registration_pdf", args=[m1.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["teacher_a1", "leader_a1", *SCHOOL_READERS])
def test_m2_pdf_for_members_and_reviewers(client, tree, m2, who):
    response = get(client, tree.users[who], reverse("group_pdf", args=[m2.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_m2_pdf_is_404_for_other_schools(client, tree, m2, who):
    response = get(client, tree.users[who], reverse("group_pdf", args=[m2.pk]))
    assert response.status_code == 404


# -- a campaign's forms and summary -------------------------------------------------


@pytest.mark.parametrize("who", SCHOOL_READERS)
def test_campaign_forms_pdf_for_school_reviewers_and_offices(client, tree, campaign_a1, m1, who):
    response = get(client, tree.users[who], reverse("campaign_forms_pdf", args=[campaign_a1.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == f'inline; filename="mau-M1-M2-{campaign_a1.pk}.pdf"'


@pytest.mark.parametrize("who", ["teacher_a1", "leader_a1", *OUTSIDERS])
def test_campaign_forms_pdf_is_404_for_others(client, tree, campaign_a1, m1, who):
    response = get(client, tree.users[who], reverse("campaign_forms_pdf", args=[campaign_a1.pk]))
    assert response.status_code == 404


def test_union_group_leader_gets_his_groups_forms_only(client, tree, campaign_a1, m1):
    url = reverse("campaign_forms_pdf", args=[campaign_a1.pk])
    leader = tree.users["leader_a1"]
    response = get(client, leader, f"{url}?group={tree.group_a1.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'inline; filename="mau-M1-M2-{campaign_a1.pk}-{tree.group_a1.pk}.pdf"'
    )
    assert (
        get(client, tree.users["teacher_a1"], f"{url}?group={tree.group_a1.pk}").status_code == 404
    )


@pytest.mark.parametrize("group", ["other_school", "not_a_number", "missing"])
def test_group_of_another_school_is_404(client, tree, campaign_a1, group):
    value = {"other_school": tree.group_b1.pk, "not_a_number": "abc", "missing": 99999}[group]
    url = f"{reverse('campaign_forms_pdf', args=[campaign_a1.pk])}?group={value}"
    assert get(client, tree.users["chair_a1"], url).status_code == 404


def test_campaign_of_another_school_is_404(client, tree, campaign_b1):
    url = reverse("campaign_forms_pdf", args=[campaign_b1.pk])
    assert get(client, tree.users["chair_a1"], url).status_code == 404
    url = reverse("campaign_summary_xlsx", args=[campaign_b1.pk])
    assert get(client, tree.users["office_a"], url).status_code == 404


@pytest.mark.parametrize("who", SCHOOL_READERS)
def test_campaign_summary_xlsx_for_school_reviewers_and_offices(client, tree, campaign_a1, m1, who):
    response = get(client, tree.users[who], reverse("campaign_summary_xlsx", args=[campaign_a1.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="tong-hop-dang-ky-{campaign_a1.pk}.xlsx"'
    )
    ws = load_workbook(io.BytesIO(response.content))["Tổng hợp"]
    assert ws["B3"].value == "Trần Thị Gv_a1"


@pytest.mark.parametrize("who", ["teacher_a1", "leader_a1", *OUTSIDERS])
def test_campaign_summary_xlsx_is_404_for_others(client, tree, campaign_a1, m1, who):
    url = reverse("campaign_summary_xlsx", args=[campaign_a1.pk])
    assert get(client, tree.users[who], url).status_code == 404
    assert get(client, tree.users[who], f"{url}?group={tree.group_a1.pk}").status_code == 404


def add_forms(tree, campaign, count):
    for number in range(count):
        someone = PersonFactory(
            organization=tree.school_a1,
            full_name=f"Nguyễn Văn Số{number}",
            union_group=tree.group_a1,
        )
        make_registration(campaign, someone, status=Status.APPROVED)
        make_group(
            campaign,
            someone,
            [person(tree.users["teacher_a1"])],
            status=Status.APPROVED,
            name=f"Nhóm {number}",
        )


@pytest.mark.parametrize("count", [2, 8])
def test_campaign_forms_pdf_query_count(
    client, tree, campaign_a1, django_assert_num_queries, count
):
    add_forms(tree, campaign_a1, count)
    client.force_login(tree.users["chair_a1"])
    url = reverse("campaign_forms_pdf", args=[campaign_a1.pk])
    # session, user, role assignments (with the school year), campaign; forms, groups,
    # members
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 8])
def test_campaign_summary_xlsx_query_count(
    client, tree, campaign_a1, django_assert_num_queries, count
):
    add_forms(tree, campaign_a1, count)
    client.force_login(tree.users["office_a"])
    url = reverse("campaign_summary_xlsx", args=[campaign_a1.pk])
    # session, user, role assignments (with the school year), campaign; forms, union
    # groups, groups, members
    with django_assert_num_queries(8):
        response = client.get(url)
    ws = load_workbook(io.BytesIO(response.content))["Tổng hợp"]
    assert ws.max_row == 2 + count


# -- an office's summary ------------------------------------------------------------


@pytest.mark.parametrize("who", ["office_a", "dept_a", "admin"])
def test_office_summary_for_its_staff_and_above(client, tree, m1, who):
    response = get(client, tree.users[who], reverse("office_summary_xlsx", args=[tree.office_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    year = SchoolYear.current().name
    assert response["Content-Disposition"] == (
        f'attachment; filename="tong-hop-dang-ky-{tree.office_a.pk}-{year}.xlsx"'
    )
    ws = load_workbook(io.BytesIO(response.content))["Tổng hợp"]
    assert [row[1:4] for row in ws.iter_rows(min_row=3, values_only=True)] == [
        ("Trường A1", 4, 1),
        ("Trường A2", 2, 0),
        ("Tổng cộng", 6, 1),
    ]


@pytest.mark.parametrize(
    "who", ["principal_a1", "chair_a1", "teacher_a1", "principal_a2", "office_b", "principal_b1"]
)
def test_office_summary_is_404_for_others(client, tree, who):
    url = reverse("office_summary_xlsx", args=[tree.office_a.pk])
    assert get(client, tree.users[who], url).status_code == 404


def test_office_summary_of_the_office_above_is_404_for_office_staff(client, tree):
    url = reverse("office_summary_xlsx", args=[tree.dept_a.pk])
    assert get(client, tree.users["office_a"], url).status_code == 404
    assert get(client, tree.users["dept_a"], url).status_code == 200


def test_office_summary_year(client, tree):
    url = reverse("office_summary_xlsx", args=[tree.office_a.pk])
    client.force_login(tree.users["office_a"])
    SchoolYear.objects.get_or_create(
        name="2017-2018", defaults={"start_date": "2017-09-01", "end_date": "2018-08-31"}
    )
    response = client.get(f"{url}?year=2017-2018")
    assert response.status_code == 200
    assert "2017-2018.xlsx" in response["Content-Disposition"]
    assert client.get(f"{url}?year=1999-2000").status_code == 404
