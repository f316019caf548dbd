from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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
# with an order key: what waits for the person first, reading matter last.
HOME_SECTION_PROVIDERS = []

ORDER_WAITING = 10  # forms and proposals waiting for this person's review
ORDER_MY_WORK = 20  # the person's own forms
ORDER_SCHOOL = 30  # a principal's school: participation, printing
ORDER_AWARDS = 40  # ballots, postings, rounds due
ORDER_BLOCKS = 50
ORDER_PLANS = 60
ORDER_OFFICE = 70


def register_home_section(provider, order):
    HOME_SECTION_PROVIDERS.append((order, provider))
    HOME_SECTION_PROVIDERS.sort(key=lambda entry: entry[0])


def home_sections(request, access):
    sections = []
    for _order, provider in HOME_SECTION_PROVIDERS:
        section = provider(request, access)
        if section:
            sections.append(section)
    return sections
