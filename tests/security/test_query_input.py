"""What arrives in an address or an admin action: never a 500.

- NUL in any query parameter (the attack: `/admin/schools/person/?position=%00` was a 500
  on PostgreSQL, which refuses NUL in text). Every admin list is asked with every
  parameter its filter links use, and every page of the product with every parameter
  name the views read (collected from their source), each set to a text holding NUL.
- Admin actions on rows that are out of scope, deleted since the list was shown, or not
  ids at all (the attack: "Tải PDF" of a proposal out of scope gave a 500): refused with a
  message, nothing runs.

The suite runs on SQLite and on PostgreSQL (.ci/run)."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from tests.test_permissions import OBJECT_URLS

ROOT = Path(__file__).resolve().parents[2]
NUL_VALUE = "1\x00"  # NUL, and once it is dropped a number no filter may take
ADMIN_PARAMS = {"q", "o", "p", "e", "_facets", "all", "_changelist_filters"}
MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
STAFF = ["admin", "hieutruong"]


def view_parameters():
    """Every parameter name the views read from a query string or a form."""
    names = set()
    pattern = re.compile(r"\.get(?:list)?\(\"([a-z_]+)\"")
    for folder in ["schools/views", "registrations/views", "awards/views", "audit"]:
        for path in (ROOT / folder).rglob("*.py"):
            names.update(pattern.findall(path.read_text()))
    for path in ["emulation/views.py", "emulation/blocks/views.py", "awards/aggregation.py"]:
        names.update(pattern.findall((ROOT / path).read_text()))
    return sorted(names)


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def filter_parameters(html):
    """The parameter names of the admin list's filter and sort links."""
    names = set()
    for href in re.findall(r'href="(\?[^"]*)"', html):
        names.update(key for key, _value in parse_qsl(urlsplit(unescape(href)).query))
    return names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_nul_in_every_admin_filter(client, demo, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    tried = 0
    client.force_login(demo.users["admin"])  # every model, every filter
    page = client.get(url)
    for name in sorted(filter_parameters(page.content.decode()) | ADMIN_PARAMS):
        response = client.get(url, {name: NUL_VALUE})
        assert response.status_code in (200, 302), (name, NUL_VALUE)
        tried += 1
    assert tried


def test_nul_in_every_parameter_of_every_page(client, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    query = urlencode(dict.fromkeys(view_parameters(), "x\x00y"))
    assert "page" in query and "round" in query and "q" in query
    roles = ["office_a", "principal_a1"]
    lists = ["home", "organization_list", "plan_list", "review_list", "award_rounds"]
    for name in [*lists, "award_year", "audit_log"]:
        for role in roles:
            client.force_login(tree.users[role])
            response = client.get(f"{reverse(name)}?{query}")
            assert response.status_code in (200, 302, 403, 404), (role, name)
    for name, (make, _allowed, method, extra, *_answer) in sorted(OBJECT_URLS.items()):
        if method != "get":
            continue
        with transaction.atomic():
            obj = make(tree)
            kwargs = {"pk": obj.pk, **{k: v(tree) for k, v in extra.items()}}
            url = reverse(name, kwargs=kwargs)
            for role in roles:
                client.force_login(tree.users[role])
                response = client.get(f"{url}?{query}")
                assert response.status_code in (200, 302, 403, 404), (role, name)
            transaction.set_rollback(True)


# -- admin actions -------------------------------------------------------------------


def _foreign_ids():
    """An id of a row that does not exist (or no longer), and what is not an id."""
    return ["999999999", "abc", "²", str(2**70), "-1", "1\x00"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_actions_on_rows_out_of_scope_or_gone_run_nothing(client, demo, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    model_admin = admin.site._registry[model]
    for username in STAFF:
        client.force_login(demo.users[username])
        page = client.get(url)
        if page.status_code != 200:
            continue
        actions = model_admin.get_actions(page.wsgi_request)
        for action in actions:
            response = client.post(url, {"action": action, "_selected_action": _foreign_ids()})
            assert response.status_code in (200, 302), (username, action)
            assert response.get("Content-Type", "").startswith("text/html") or (
                response.status_code == 302
            ), (username, action, response.get("Content-Type"))


def test_pdf_of_another_provinces_proposal_from_the_admin_is_refused(client, demo):
    """The attack itself: "Tải PDF tờ trình" with the id of a proposal out of scope."""
    from awards.models import Proposal

    theirs = (
        Proposal.objects.exclude(
            organization__path__startswith=demo.org("Sở Giáo dục và Đào tạo Bình Dương").path
        ).first()
        or Proposal.objects.first()
    )
    client.force_login(demo.users["hieutruong"])
    url = reverse("admin:awards_proposal_changelist")
    visible = admin.site._registry[Proposal].get_queryset(client.get(url).wsgi_request)
    outside = Proposal.objects.exclude(pk__in=visible.values("pk")).first() or theirs
    assert not visible.filter(pk=outside.pk).exists()
    response = client.post(
        url, {"action": "render_pdf", "_selected_action": [outside.pk]}, follow=True
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Các mục đã chọn không còn, hoặc bạn không được xem" in response.content.decode()
