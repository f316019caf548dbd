"""The secret ballot cannot be linked to its voter, even from a dump of the database.

The attack: receipts (who voted) are written in the order members vote; ballots were
written one sheet after another, so the k-th group of ballot rows in a dump (PostgreSQL's
COPY, SQLite's .dump) was the k-th receipt's sheet. The attack is replayed here on a real
dump: five members vote distinct sheets on ten candidates, the ballot rows are read in
the dump's order, cut into sheets and matched to the receipts in order.

The ballots are rewritten in a random order at every sheet, so the attack recovers no
sheet but by chance: a chunk of ten rows holds one row per candidate, each with the
right member's answer, with a probability under 6 in a million here."""

import pytest
from django.db import connection
from django.utils import timezone

from awards.models import Ballot, BallotReceipt, Title
from awards.services import council as services
from schools.models import SchoolYear
from tests.factories import PersonFactory, Role, user_with_role
from tests.factories.awards import person_of

MEMBERS, CANDIDATES = 5, 10
# Each member's sheet: agrees on candidate c when SHEETS[m][c] == "1". Every candidate has
# two or three members agreeing, so no answer is shared by all and rows do not repeat.
SHEETS = ["1100110010", "0110011001", "1011001100", "0101100110", "1010110011"]


def dump_rows(table):
    """The table's rows as a dump holds them, in its order."""
    if connection.vendor == "sqlite":
        prefix = f'INSERT INTO "{table}" VALUES('
        return [
            line[len(prefix) : -2].split(",")
            for line in connection.connection.iterdump()
            if line.startswith(prefix)
        ]
    connection.ensure_connection()
    with connection.connection.cursor() as raw, raw.copy(f"COPY {table} TO STDOUT") as copy:
        text = b"".join(bytes(block) for block in copy).decode()
    return [line.split("\t") for line in text.splitlines()]


def column(table, name):
    with connection.cursor() as cursor:
        names = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    return names.index(name)


@pytest.fixture
def voted(tree):
    school = tree.school_a1
    members = [person_of(tree.users["principal_a1"])]
    for number in range(1, MEMBERS):
        user = user_with_role(Role.TEACHER, school, username=f"hd{number}")
        members.append(person_of(user))
    council = services.set_council(
        tree.users["principal_a1"], school, SchoolYear.current(), members[0], members[1:]
    )
    ldtt = Title.objects.get(code="ldtt")
    nominees = [PersonFactory(organization=school) for _ in range(CANDIDATES)]
    vote = services.open_vote(
        tree.users["principal_a1"],
        council,
        "Bình xét",
        timezone.localdate(),
        [(ldtt, n) for n in nominees],
    )
    candidates = list(vote.candidates.order_by("order"))
    for member, sheet in zip(members, SHEETS, strict=True):
        answers = {c.pk: flag == "1" for c, flag in zip(candidates, sheet, strict=True)}
        services.cast_ballot(member.user, vote, answers)
    return vote, members, candidates


def test_the_dump_does_not_line_ballots_up_with_receipts(voted):
    vote, members, candidates = voted
    receipts = dump_rows("awards_ballotreceipt")
    member_at = column("awards_ballotreceipt", "member_id")
    order = [int(row[member_at]) for row in receipts]
    assert order == [m.pk for m in members]  # receipts do show who voted, in order

    rows = dump_rows("awards_ballot")
    assert len(rows) == MEMBERS * CANDIDATES
    candidate_at = column("awards_ballot", "candidate_id")
    agree_at = column("awards_ballot", "agree")
    truthy = {"1", "t", "true", "True"}
    cells = [(int(r[candidate_at]), r[agree_at].strip("'") in truthy) for r in rows]
    index = {c.pk: i for i, c in enumerate(candidates)}
    recovered = 0
    for k, member in enumerate(members):
        chunk = cells[k * CANDIDATES : (k + 1) * CANDIDATES]
        guess = ["0"] * CANDIDATES
        for candidate_id, agree in chunk:
            guess[index[candidate_id]] = "1" if agree else "0"
        seen = sorted(index[c] for c, _a in chunk)
        if seen == list(range(CANDIDATES)) and "".join(guess) == SHEETS[members.index(member)]:
            recovered += 1
    assert recovered == 0


def test_counts_are_right_whatever_the_order(voted, tree):
    vote, _members, candidates = voted
    services.close_vote(tree.users["principal_a1"], vote)
    for i, candidate in enumerate(candidates):
        candidate.refresh_from_db()
        yes = sum(sheet[i] == "1" for sheet in SHEETS)
        assert (candidate.yes_count, candidate.no_count) == (yes, MEMBERS - yes)
    assert BallotReceipt.objects.filter(vote=vote).count() == MEMBERS
    assert Ballot.objects.filter(candidate__vote=vote).count() == MEMBERS * CANDIDATES
