from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from common.fields import is_id
from common.text import CONTROL_CHARACTERS
from common.vietnamese import search_key, sort_by_text

from .. import visibility
from ..models import Organization, Person, Unit


@login_required
def organization_list(request):
    orgs = visibility.visible(request.user, Organization).select_related("parent")
    kind = request.GET.get("kind", "")
    if kind in Organization.Kind.values:
        orgs = orgs.filter(kind=kind)
    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip()
    if query:
        orgs = orgs.filter(name__icontains=query)
    page = Paginator(orgs.order_by("path"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/organization_list.html",
        {"page": page, "kinds": Organization.Kind.choices, "kind": kind, "q": query},
    )


@login_required
def organization_detail(request, pk):
    org = get_object_or_404(
        visibility.visible(request.user, Organization).select_related("parent"), pk=pk
    )
    children = sort_by_text(
        visibility.visible(request.user, Organization)
        .filter(parent=org)
        .annotate(staff_count=Count("people")),
        lambda child: child.name,
    )
    units = Unit.objects.filter(organization=org).annotate(
        member_count=Count("team_members", distinct=True) + Count("union_members", distinct=True)
    )
    return render(
        request,
        "schools/organization_detail.html",
        {
            "org": org,
            "ancestors": list(org.ancestors()),
            "children": children,
            "units": units,
            "staff_count": Person.objects.filter(organization=org).count(),
            "can_manage": visibility.can_manage(request.user, org),
        },
    )


def filtered_people(request, org):
    """The people of `org` a user asked for (search and unit filters), in name order."""
    people = visibility.visible(request.user, Person).filter(organization=org)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(search_name__contains=search_key(query))
    unit_id = request.GET.get("unit", "")
    if is_id(unit_id):
        people = people.filter(Q(team_id=unit_id) | Q(union_group_id=unit_id))
    return people.select_related("team", "union_group").order_by("sort_key", "pk"), query


@login_required
def people_list(request, pk):
    org = get_object_or_404(visibility.visible(request.user, Organization), pk=pk)
    people, query = filtered_people(request, org)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/people_list.html",
        {
            "org": org,
            "page": page,
            "q": query,
            "unit": request.GET.get("unit", ""),
            "units": Unit.objects.filter(organization=org),
            "can_manage": visibility.can_manage(request.user, org),
        },
    )


@login_required
def person_detail(request, pk):
    person = get_object_or_404(
        visibility.visible(request.user, Person).select_related(
            "organization", "team", "union_group", "user"
        ),
        pk=pk,
    )
    can_reset = bool(person.user_id) and visibility.access_for(request.user).is_admin
    return render(
        request,
        "schools/person_detail.html",
        {"person": person, "can_reset_password": can_reset},
    )
