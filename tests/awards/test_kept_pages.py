"""Office pages kept across requests (common/generations/pages.py): the office home, the
rounds list and a round's page are built once and served again in four queries, show
a change at once, keep the menu, title and messages of the request, and a form in them
posts with the request's own CSRF token."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.awards import make_round

# session (with the generation of people, roles and awards), user: the roles and the
# page kept while that generation holds
KEPT_QUERIES = 2


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("name", ["home", "award_rounds"])
def test_an_office_page_is_kept_and_shows_a_new_round_at_once(
    client, tree, django_assert_num_queries, name
):
    make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    client.force_login(tree.users["office_a"])
    url = reverse(name)
    first = _page(client, url)
    with django_assert_num_queries(KEPT_QUERIES):
        kept = _page(client, url)
    assert kept.findtext(".//title") == first.findtext(".//title")
    # the office home has no breadcrumbs, the rounds list its trail: as built
    assert len(kept.xpath('//ol[@class="breadcrumb"]')) == (name != "home")
    assert lxml.html.tostring(kept.find(".//main")).count(b"<a ") == lxml.html.tostring(
        first.find(".//main")
    ).count(b"<a ")
    assert "Quý IV" in kept.text_content()
    assert [a.get("href") for a in kept.xpath("//nav//a")] == [
        a.get("href") for a in first.xpath("//nav//a")
    ]
    make_round(tree.dept_a, deadline_in_days=9, name="Quý I năm sau")
    assert "Quý I năm sau" in _page(client, url).text_content()


@pytest.mark.usefixtures("catalogue")
def test_a_round_page_kept_for_one_person_is_not_anothers(client, tree):
    round = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    url = reverse("award_round", args=[round.pk])
    client.force_login(tree.users["dept_a"])
    assert "Quý IV" in _page(client, url).text_content()
    # a school's principal may not open the Sở's round page, kept or not
    client.force_login(tree.users["principal_a1"])
    assert client.get(url).status_code == 404


@pytest.mark.usefixtures("catalogue")
def test_a_form_on_a_kept_office_home_posts_with_the_requests_token(tree, mailoutbox):
    quarter = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    remind = f"{reverse('award_round_remind', args=[quarter.pk])}?office={tree.office_a.pk}"
    first = Client(enforce_csrf_checks=True)
    first.force_login(tree.users["office_a"])
    first.get(reverse("home"))
    second = Client(enforce_csrf_checks=True)
    second.force_login(tree.users["office_a"])
    page = _page(second, reverse("home"))
    form = page.xpath(f'//form[@action="{remind}"]')[0]
    token = form.xpath('.//input[@name="csrfmiddlewaretoken"]/@value')[0]
    response = second.post(remind, {"csrfmiddlewaretoken": token}, follow=True)
    assert response.status_code == 200  # not refused (403) for its token
    alerts = _alerts(response)
    assert alerts, "the outcome's message, on the page served again"


def _alerts(response):
    page = lxml.html.fromstring(response.content.decode())
    return [" ".join(a.text_content().split()) for a in page.xpath('//*[@role="alert"]')]


@pytest.mark.usefixtures("catalogue")
def test_a_rounds_excel_is_kept_and_made_again_after_a_change(
    client, tree, django_assert_num_queries
):
    round = make_round(tree.dept_a, deadline_in_days=6, name="Quý IV")
    url = reverse("award_round_xlsx", args=[round.pk])
    client.force_login(tree.users["dept_a"])
    first = client.get(url)
    assert first.status_code == 200 and first.content[:2] == b"PK"
    with django_assert_num_queries(2):  # session (with the generation), user: no layout
        assert client.get(url).content == first.content
    round.name = "Quý IV (điều chỉnh)"
    round.save()
    again = client.get(url)
    assert again.content != first.content and again.content[:2] == b"PK"
