"""Every address with an id in it (`<id:…>`, common.fields.IdConverter), asked with ids
no row has: the largest a column holds, and numbers past it. Each is a page that is not
there (404), a refusal or a redirect, never a 500: SQLite refuses a number past 64 bits
in a query, and Django's `<int:…>` let every such number through to the views."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from common.fields import MAX_ID

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
ANSWERS = {200, 302, 400, 403, 404, 405}


def _routes(patterns=None, prefix=""):
    """The addresses of the site as `path()` routes, their includes' prefixes joined."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # the admin's regular expressions: no <id:…> in them
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _with_ids():
    """Routes whose every part is an id."""
    routes = []
    for route in _routes():
        converters = [m["converter"] for m in PARAM.finditer(route)]
        if converters and all(converter == "id" for converter in converters):
            routes.append(route)
    return routes


def test_every_id_in_an_address_is_an_id_a_column_holds():
    assert len(_with_ids()) > 100  # the site's object pages, documents and actions
    for route in _routes():
        assert "<int:" not in route, route


@pytest.mark.parametrize("number", [MAX_ID, MAX_ID + 1, int("9" * 25)])
def test_an_id_no_row_has_is_never_a_500(client, tree, number):
    client.force_login(tree.users["admin"])  # sees everything: the views look the row up
    refused = []
    for route in _with_ids():
        url = "/" + PARAM.sub(str(number), route)
        for method in (client.get, client.post):
            status = method(url).status_code
            if status not in ANSWERS:
                refused.append((method.__name__, url, status))
    assert refused == []
