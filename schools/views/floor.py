"""The floor of the load benchmark (bench/load/): the cheapest page a logged-in user can
open. It goes through the same middleware as every page (session, authentication, CSRF,
messages), runs one indexed query (the user's own organisation, through the unique
Person.user) and renders a tiny template without the layout and its context processors,
so the benchmark can report each real page as a multiple of it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string

from ..models import Organization


@login_required
def floor(request):
    organization = Organization.objects.filter(people__user=request.user).first()
    return HttpResponse(render_to_string("schools/floor.html", {"organization": organization}))
