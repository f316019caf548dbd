"""The menu of every page is kept per person, active entry and language
(schools_tags.site_nav): it marks the page the person is on, carries the request's own
CSRF token in its log-out form, and follows a change of roles or name on the next
request."""

import re

from django.urls import reverse

from schools.models import Role, RoleAssignment, SchoolYear


def _menu(response):
    page = response.content.decode()
    return page[page.index('id="main-nav"') : page.index("</nav>")]


def test_the_menu_marks_the_page_the_person_is_on(client, tree):
    client.force_login(tree.users["principal_a1"])
    home = _menu(client.get(reverse("home")))
    units = _menu(client.get(reverse("organization_list")))
    link = f'href="{reverse("organization_list")}"'
    assert f'aria-current="page" {link}' in units
    assert f'aria-current="page" {link}' not in home
    assert 'aria-current="page" href="/"' in home
    # a page that is no entry of the menu marks none
    assert "aria-current" not in _menu(client.get(reverse("password_change")))


def test_the_log_out_form_carries_the_request_token(client, tree):
    client.force_login(tree.users["teacher_a1"])
    client.get(reverse("home"))  # the menu is kept
    response = client.get(reverse("home"))
    (token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', _menu(response))
    assert token != "csrf-token-of-the-request"
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_role_or_a_name_changed_shows_in_the_menu_on_the_next_request(client, tree):
    user = tree.users["teacher_a1"]
    client.force_login(user)
    audit = reverse("audit_log")
    assert audit not in _menu(client.get(reverse("home")))
    RoleAssignment.objects.create(
        user=user,
        role=Role.PRINCIPAL,
        organization=tree.school_a1,
        school_year=SchoolYear.current(),
    )
    user.first_name, user.last_name = "Lan", "Nguyễn"
    user.save()
    menu = _menu(client.get(reverse("home")))
    assert audit in menu
    assert "Lan Nguyễn" in menu


def test_a_menu_kept_with_other_entries_is_never_shown(client, tree, monkeypatch):
    """A request that changed nothing finds the same generations as one that built the
    menu from other rights (a request of a test before, on the in-memory database's
    shared connection): the menu shows the entries this request computed."""
    from schools import context_processors

    user = tree.users["principal_a1"]
    client.force_login(user)
    audit = reverse("audit_log")
    assert audit in _menu(client.get(reverse("home")))  # kept now
    without_audit = [e for e in context_processors.NAV_ITEMS if e[2] != "audit_log"]
    monkeypatch.setattr(context_processors, "NAV_ITEMS", without_audit)
    assert audit not in _menu(client.get(reverse("home")))
