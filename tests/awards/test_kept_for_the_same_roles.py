"""What an office must do today, and a round's Excel, are kept for everyone holding the
same roles (schools.visibility.rights_owner): a colleague's first visit does not build
them again, her own name is still hers, and other roles never get them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import Role, SchoolYear
from schools.services import assign_role
from tests.factories import user_with_role
from tests.factories.awards import make_round

pytestmark = pytest.mark.usefixtures("catalogue")

PROFILE = re.compile(r'data-testid="my-profile">(.*?) ·')
MENU_NAME = re.compile(r'<span class="user-name">(.*?)</span>')


def _body(response):
    """What the office must do: the page from its summary on, CSRF tokens left out."""
    text = response.content.decode()
    text = text[text.index('data-testid="office-summary"') :]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def _visit(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_colleagues_share_what_the_office_must_do_not_their_names(client, tree):
    make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    colleague = user_with_role(Role.OFFICE_STAFF, tree.office_a, username="phong_a_hai")
    first, built = _visit(client, tree.users["office_a"], reverse("home"))
    second, shared = _visit(client, colleague, reverse("home"))
    assert PROFILE.search(first.content.decode()).group(1) == "Trần Thị Phong_a"
    assert PROFILE.search(second.content.decode()).group(1) == "Trần Thị Phong_a_hai"
    body = _body(first)
    assert _body(second) == body  # the same rounds, plans... each with her own CSRF token
    assert "Quý IV" in body and "còn 6 ngày" in body
    assert "csrf-token-of-the-request" not in second.content.decode()  # her own token put in
    assert shared < built - 5, (shared, built)  # not built again for her

    # the same office with one more role: her own rights, her own page
    assign_role(colleague, Role.DEPARTMENT_STAFF, tree.dept_a, school_year=SchoolYear.current())
    colleague.__dict__.pop("_tdkt_access", None)
    _more, rebuilt = _visit(client, colleague, reverse("home"))
    assert rebuilt >= built - 2, (rebuilt, built)
    # another Phòng's staff see their own office, not Phòng A's round
    other, _ = _visit(client, tree.users["office_b"], reverse("home"))
    assert "Quý IV" not in other.content.decode()


def test_colleagues_share_a_rounds_excel_and_other_offices_still_get_404(client, tree):
    round = make_round(tree.office_a, deadline_in_days=6, name="Quý IV")
    url = reverse("award_round_xlsx", args=[round.pk])
    colleague = user_with_role(Role.OFFICE_STAFF, tree.office_a, username="phong_a_hai")
    first, built = _visit(client, tree.users["office_a"], url)
    second, shared = _visit(client, colleague, url)
    assert second.content == first.content and first.content[:2] == b"PK"
    assert shared < built, (shared, built)
    client.force_login(tree.users["office_b"])
    assert client.get(url).status_code == 404
    client.force_login(tree.users["teacher_a1"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["award_rounds", "award_round"])
def test_colleagues_share_an_offices_round_pages_not_their_names(client, tree, page):
    round = make_round(tree.office_a, deadline_in_days=6, name="Quý IV")
    url = reverse(page, args=[round.pk] if page == "award_round" else [])
    colleague = user_with_role(Role.OFFICE_STAFF, tree.office_a, username="phong_a_hai")
    first, built = _visit(client, tree.users["office_a"], url)
    second, shared = _visit(client, colleague, url)
    assert MENU_NAME.search(first.content.decode()).group(1) == first.wsgi_request.user.username
    assert MENU_NAME.search(second.content.decode()).group(1) == "phong_a_hai"
    assert "Quý IV" in second.content.decode()
    assert shared < built, (shared, built)  # not built again for her
    # another Phòng: the round is not its own (404), nor in its list
    client.force_login(tree.users["office_b"])
    response = client.get(url)
    if page == "award_round":
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and "Quý IV" not in response.content.decode()
