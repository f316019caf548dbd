"""Pages of the schools app: content, empty states and query counts."""

import pytest
from django.urls import reverse

from schools.models import Person
from tests.factories import PersonFactory


def test_home_shows_organisation_units_and_roles(client, tree):
    client.force_login(tree.users["leader_a1"])
    page = client.get(reverse("home")).content.decode()
    assert "Trường A1" in page
    assert "Tổ trưởng công đoàn" in page
    assert "Tổ công đoàn 1" in page


def test_home_of_office_staff_links_their_office(client, tree):
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("home")).content.decode()
    assert "Đơn vị tôi quản lý" in page and "Phòng A" in page


def test_home_without_roles_says_what_to_do(client, tree):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("home")).content.decode()
    assert "chưa được phân công vai trò" in page


def test_login_page_is_vietnamese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page
    bad = client.post(reverse("login"), {"username": "x", "password": "y"}).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in bad


def test_people_list_is_sorted_the_vietnamese_way_and_searchable(client, tree):
    for name in ["Trần Văn Bình", "Lê Thị An", "Đặng Kim Ngân", "Nguyễn Văn Đức", "Võ Văn Dũng"]:
        PersonFactory(organization=tree.school_b1, full_name=name)
    client.force_login(tree.users["principal_b1"])
    response = client.get(reverse("people_list", kwargs={"pk": tree.school_b1.pk}))
    listed = [p.full_name for p in response.context["page"]]
    assert listed.index("Lê Thị An") < listed.index("Trần Văn Bình")
    assert listed.index("Võ Văn Dũng") < listed.index("Nguyễn Văn Đức")
    assert listed.index("Nguyễn Văn Đức") < listed.index("Đặng Kim Ngân")
    found = client.get(reverse("people_list", kwargs={"pk": tree.school_b1.pk}), {"q": "dang kim"})
    assert [p.full_name for p in found.context["page"]] == ["Đặng Kim Ngân"]


@pytest.mark.parametrize("count", [5, 40])
def test_people_list_query_count_does_not_grow(client, tree, django_assert_num_queries, count):
    for i in range(count):
        PersonFactory(organization=tree.school_b1, full_name=f"Phan Thị Số{i}")
    client.force_login(tree.users["principal_b1"])
    url = reverse("people_list", kwargs={"pk": tree.school_b1.pk})
    # session, user, roles (with the school year), organisation, manage check, count,
    # page, units
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"]) == min(count + 3, 50)  # 3 people in the fixture


def test_organization_list_query_count(client, tree, django_assert_num_queries):
    client.force_login(tree.users["dept_a"])
    # session, user, roles (with the school year), count, page
    with django_assert_num_queries(5):
        response = client.get(reverse("organization_list"))
    assert len(response.context["page"]) == 7


def test_organization_detail_query_count(client, tree, django_assert_num_queries):
    client.force_login(tree.users["office_a"])
    # session, user, roles (with the school year), organisation, ancestors, children,
    # units, staff count, manage check
    with django_assert_num_queries(9):
        response = client.get(reverse("organization_detail", kwargs={"pk": tree.office_a.pk}))
    assert [c.name for c in response.context["children"]] == ["Trường A1", "Trường A2"]


def test_empty_people_list_says_what_to_do(client, tree):
    Person.objects.filter(organization=tree.school_a2).delete()
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("people_list", kwargs={"pk": tree.school_a2.pk})).content.decode()
    assert "Đơn vị chưa có nhân sự. Hãy nhập danh sách từ tệp Excel theo mẫu." in page
