"""The awards box of the home page: a council member is asked to vote until she has,
every member of staff sees the school's posted list while it is open, and a person on
no open ballot's council is not asked about ballots (no query: the province's open
ballots and postings of the day are kept with CONTENT)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Posting, Title
from awards.services import council as services
from schools import visibility
from schools.models import SchoolYear
from tests.factories import PersonFactory
from tests.factories.awards import person_of

ASKED = "Bạn chưa bỏ phiếu: Bình xét cuối năm"
POSTED = "Danh sách công khai: Bình xét cuối năm"


@pytest.fixture
def council(tree):
    members = [person_of(tree.users[u]) for u in ("chair_a1", "teacher_a1")]
    return services.set_council(
        tree.users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(tree.users["principal_a1"]),
        [*members, *(PersonFactory(organization=tree.school_a1) for _ in range(2))],
    )


def open_vote(tree, council):
    return services.open_vote(
        tree.users["principal_a1"],
        council,
        "Bình xét cuối năm",
        timezone.localdate(),
        [(Title.objects.get(code="ldtt"), person_of(tree.users["leader_a1"]))],
    )


@pytest.fixture
def vote(tree, council):
    return open_vote(tree, council)


def home(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_a_council_member_is_asked_to_vote_until_she_has(client, tree, vote):
    assert ASKED in home(client, tree.users["teacher_a1"])
    assert ASKED not in home(client, tree.users["leader_a1"])  # not on the council
    assert ASKED not in home(client, tree.users["teacher_b1"])  # another school
    candidate = vote.candidates.get()
    services.cast_ballot(tree.users["teacher_a1"], vote, {candidate.pk: True})
    assert ASKED not in home(client, tree.users["teacher_a1"])
    assert ASKED in home(client, tree.users["chair_a1"])


def test_a_ballot_opened_after_the_home_was_kept_is_asked_at_once(client, tree, council):
    assert ASKED not in home(client, tree.users["teacher_a1"])
    open_vote(tree, council)
    assert ASKED in home(client, tree.users["teacher_a1"])


def test_the_posted_list_is_on_the_home_of_the_schools_staff_while_open(client, tree, vote):
    services.close_vote(tree.users["principal_a1"], vote)
    today = timezone.localdate()
    posting = services.post_list(
        tree.users["principal_a1"], vote, today, today + datetime.timedelta(days=5)
    )
    for username in ("teacher_a1", "leader_a1", "principal_a1"):
        assert POSTED in home(client, tree.users[username]), username
    for username in ("teacher_b1", "principal_a2"):
        assert POSTED not in home(client, tree.users[username]), username
    # an office has its own home; its awards page shows its schools' postings
    for username, seen in (("office_a", True), ("office_b", False)):
        client.force_login(tree.users[username])
        hub = client.get(reverse("awards_home")).content.decode()
        assert ("Công khai: Bình xét cuối năm" in hub) is seen, username
    posting.closes_on = today - datetime.timedelta(days=1)
    posting.opens_on = today - datetime.timedelta(days=3)
    posting.save()
    assert POSTED not in home(client, tree.users["teacher_a1"])


def test_a_home_asks_no_query_of_ballots_nobody_asks_her_to_cast(client, tree, vote):
    client.force_login(tree.users["leader_a1"])  # her school votes; she is not a member
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert ASKED not in page
    about_ballots = [q["sql"] for q in queries if "awards_vote" in q["sql"]]
    assert len(about_ballots) == 1 and "UNION" in about_ballots[0]  # the province's, kept
    assert not any("awards_ballotreceipt" in q["sql"] for q in queries)


def test_the_posting_policy_asked_without_the_database_never_hides_a_visible_posting(tree, vote):
    services.close_vote(tree.users["principal_a1"], vote)
    today = timezone.localdate()
    posting = services.post_list(tree.users["principal_a1"], vote, today, today)
    policy = visibility.policy_for(Posting)
    for username, user in tree.users.items():
        access = visibility.access_for(user)
        may = policy.may_see_any_of(access, {tree.school_a1.pk})
        sees = visibility.visible(user, Posting).filter(pk=posting.pk).exists()
        assert may or not sees, username  # "no" only where the database says no
        assert not policy.may_see_any_of(access, set()), username
    staff = visibility.access_for(tree.users["teacher_a1"])
    assert policy.may_see_any_of(staff, {tree.school_a1.pk})
    assert not policy.may_see_any_of(staff, {tree.school_b1.pk})
