"""The permission matrix of tests/test_permissions.py seen from the other side.

That matrix tries every role on an object of school A1 (or office A): the roles of school
B1 and office B get 404 there. Here every object URL is also tried on the same object
made for school B1 (or office B, Sở B): the roles of the A side, who open their own
object, get 404 on B's, while B's own roles open it (so the mirrored object is a real
one, and the 404s are not those of a broken fixture). Secondary ids of a URL (a union
group, a sender) are tried with another school's. A principal who is also a block leader
(as the demo's "khoitruong") sees nothing of another school. And every URL that takes
any id, not only `pk`, must be in the matrix or in the short list of public pages."""

import dataclasses

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from schools.models import Role
from tests.factories import user_with_role
from tests.roles import ALL
from tests.test_permissions import OBJECT_URLS, expected_answer

# Pages whose object's existence is public by design: the QR code of a certificate, and
# the link of a password-reset e-mail (a signed, expiring token).
PUBLIC = {"certificate_verify", "password_reset_confirm"}
B_SIDE = {"office_b", "principal_b1", "teacher_b1"}
A_SIDE = sorted(ALL - B_SIDE - {"admin"})


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # tests/schools/test_admin.py
            yield from _patterns(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, set(entry.pattern.converters)


def test_every_url_with_an_id_is_in_the_matrix_or_public():
    """Stricter than test_every_object_url_is_covered: an id named otherwise than `pk`
    (a token, an `org_pk`, a slug) counts too."""
    with_ids = {name for name, converters in _patterns() if converters}
    assert with_ids - PUBLIC == set(OBJECT_URLS), with_ids ^ (set(OBJECT_URLS) | PUBLIC)
    for name, converters in _patterns():
        if name in OBJECT_URLS:
            _make, _allowed, _method, extra, *_answer = OBJECT_URLS[name]
            assert converters == {"pk", *extra}, (name, converters)


def test_public_verification_page_shows_nothing_for_unknown_tokens(client, db):
    """The one page reached by an id without login: a token nobody can guess (uuid4)
    that shows nothing when unknown."""
    url = reverse("certificate_verify", args=["00000000-0000-4000-8000-000000000000"])
    response = client.get(url)
    assert response.status_code in (200, 404) and response.context["awardee"] is None
    assert client.get("/verify/1/").status_code == 404  # no integer ids to walk through


@pytest.fixture
def mirror(tree):
    """The tree with B standing where A stands: the makers of OBJECT_URLS, written for
    school A1, office A and Sở A, build the same objects for school B1, office B, Sở B.
    `users` maps each A-side role to the B-side user holding the same role."""
    twins = {
        "teacher_a1": tree.users["teacher_b1"],
        "principal_a1": tree.users["principal_b1"],
        "office_a": tree.users["office_b"],
        "chair_a1": user_with_role(Role.UNION_CHAIR, tree.school_b1, username="ctcd_b1"),
        "leader_a1": user_with_role(
            Role.UNION_GROUP_LEADER, tree.school_b1, unit=tree.group_b1, username="tt_b1"
        ),
        "dept_a": user_with_role(Role.DEPARTMENT_STAFF, tree.dept_b, username="so_b"),
        "admin": tree.users["admin"],
    }
    return dataclasses.replace(
        tree,
        dept_a=tree.dept_b,
        office_a=tree.office_b,
        school_a1=tree.school_b1,
        group_a1=tree.group_b1,
        users={**tree.users, **twins},
    )


def _request(client, url_name, obj, extra, tree_for_extra, method):
    kwargs = {"pk": obj.pk, **{k: v(tree_for_extra) for k, v in extra.items()}}
    url = reverse(url_name, kwargs=kwargs)
    return client.post(url) if method == "post" else client.get(url)


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_an_object_of_another_school_is_404_for_every_role_of_this_one(
    client, tree, mirror, url_name, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    make_object, allowed, method, extra, *answer = OBJECT_URLS[url_name]
    theirs = make_object(mirror)
    # Their own roles open it: the object is real.
    for role in sorted(allowed):
        client.force_login(mirror.users[role])
        response = _request(client, url_name, theirs, extra, mirror, method)
        ok = expected_answer(url_name, role)
        assert response.status_code == ok, (role, "on B's own object", response.status_code)
    # Every role of the A side, those who open A's object first, gets 404.
    for role in A_SIDE:
        client.force_login(tree.users[role])
        response = _request(client, url_name, theirs, extra, mirror, method)
        assert response.status_code == 404, (role, response.status_code)
    # A principal of school A2 who also leads an emulation block (the demo's
    # "khoitruong") sees nothing of school A1's either.
    block_leader = user_with_role(Role.PRINCIPAL, tree.school_a2, username="kt_a2")
    user_with_role(Role.BLOCK_LEADER, tree.school_a2, username="kt_a2", person=False)
    client.force_login(block_leader)
    response = _request(client, url_name, make_object(tree), extra, tree, method)
    assert response.status_code == 404, ("block leader of A2", response.status_code)


@pytest.mark.parametrize("url_name", sorted(name for name, spec in OBJECT_URLS.items() if spec[3]))
def test_secondary_ids_of_another_school_are_404(client, tree, mirror, url_name):
    """Own object, another school's union group or sender: 404, never 200."""
    make_object, allowed, method, extra, *_answer = OBJECT_URLS[url_name]
    ours = make_object(tree)
    for role in sorted(allowed - {"admin"}):
        client.force_login(tree.users[role])
        response = _request(client, url_name, ours, extra, mirror, method)
        assert response.status_code == 404, (role, response.status_code)


def test_ids_of_another_schools_nominations_in_a_form_are_refused_without_names(client, tree):
    """The awardee list of a decision and the items of a proposal take nomination ids in
    the form body, not the URL: another school's draft there is refused with a message
    that names nobody, and nothing is saved."""
    from awards.models import Proposal
    from tests.factories.awards import make_decision, make_nomination, make_round, person_of

    secret = make_nomination(make_round(tree.dept_a), person_of(tree.users["teacher_a1"]))
    name = secret.nominee_name
    round_b = make_round(tree.dept_b)
    decision = make_decision(tree.school_b1, [], recorded=False)
    proposal = Proposal.objects.create(
        organization=tree.school_b1, recipient=tree.office_b, round=round_b, subject="Tờ trình"
    )
    client.force_login(tree.users["principal_b1"])
    for url, action in [
        (reverse("decision_awardees", args=[decision.pk]), "awardees"),
        (reverse("proposal_items", args=[proposal.pk]), "items"),
    ]:
        response = client.post(url, {"nominations": [secret.pk]}, follow=True)
        page = response.content.decode()
        assert response.status_code == 200, action
        assert "có đề nghị không tìm thấy hoặc bạn không được xem" in page, url
        assert name not in page, url
    assert not decision.awardees.exists() and not proposal.items.exists()
