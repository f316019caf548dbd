from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from common.generations import cache as parts

from .. import visibility
from ..roles import OFFICE_ROLES, SCHOOL_HEADS


@login_required
def home(request):
    """Each role lands here and sees what it has to do now."""
    access = visibility.access_for(request.user)
    for provider in HOME_PAGE_PROVIDERS:
        page = provider(request, access)
        if page is not None:
            return page
    person = access.person
    sections = home_sections(request, access)
    return render(
        request,
        "schools/home.html",
        {
            "person": person,
            "assignments": access.assignments,
            "sections": sections,
            "managed_orgs": [a.organization for a in access.assignments if a.role in OFFICE_ROLES],
            "schools_led": access.organizations_with_role(*SCHOOL_HEADS),
        },
    )


# A higher app may give some users a home page of their own (office staff: what the
# office must do today): a function(request, access) returning a response, or None.
HOME_PAGE_PROVIDERS = []

# Higher apps add their own home sections (a function(request, access) returning a
# dict with "title" and "template", or None) without this app importing them, each
# with an order key: what waits for the person first, reading matter last. A section
# whose template needs nothing but `section` may be kept across requests: `cached_by`,
# a function(access) giving the scopes of what it shows (common/generations), or None
# for a person it is not kept for. Kept for the person, the day and the hour (a section
# may show what starts from now on); a form in it gets the request's CSRF token.
# `shared_by`, a function(access) giving a text that names everything the section
# shows of the person (schools.visibility.rights_of), keeps it once for everyone with
# the same text instead (a school's teachers share its plans); None: for the person.
HOME_SECTION_PROVIDERS = []

ORDER_WAITING = 10  # forms and proposals waiting for this person's review
ORDER_MY_WORK = 20  # the person's own forms
ORDER_SCHOOL = 30  # a principal's school: participation, printing
ORDER_AWARDS = 40  # ballots, postings, rounds due
ORDER_BLOCKS = 50
ORDER_PLANS = 60
ORDER_OFFICE = 70


def register_home_section(provider, order, cached_by=None, shared_by=None):
    HOME_SECTION_PROVIDERS.append((order, provider, cached_by, shared_by))
    HOME_SECTION_PROVIDERS.sort(key=lambda entry: entry[0])


def home_sections(request, access):
    """The sections shown to this person: dicts for the template to include, or the
    HTML of a kept one ({"html": ...})."""
    kept = {}
    for _order, provider, cached_by, _shared_by in HOME_SECTION_PROVIDERS:
        scopes = cached_by(access) if cached_by is not None else None
        if scopes is not None:
            kept[provider] = scopes
    found = parts.generations([scope for scopes in kept.values() for scope in scopes])
    sections = []
    for _order, provider, _cached_by, shared_by in HOME_SECTION_PROVIDERS:
        if provider in kept:
            owner = shared_by(access) if shared_by is not None else None
            html = _kept_html(provider, request, access, kept[provider], found, owner)
            section = {"html": html} if html else None
        else:
            section = provider(request, access)
        if section:
            sections.append(section)
    return sections


def _kept_html(provider, request, access, scopes, found, owner):
    name = f"home:{provider.__module__}.{provider.__qualname__}"
    build = lambda: _html(provider, request, access)  # noqa: E731
    return parts.kept_part(request, name, scopes, build, found, owner=owner)


def _html(provider, request, access):
    section = provider(request, access)
    return parts.render_part(section["template"], {"section": section}) if section else ""
