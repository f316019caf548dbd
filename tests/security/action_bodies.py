"""Real bodies for every action URL of the permission matrix (tests/test_permissions.py),
and who may perform each: tests/security/test_see_but_not_act.py posts each body as
every role that may see the object but is not among its actors.

An Act's `body(tree, obj)` returns the POST data of one action on the matrix's object,
first making what the action needs (a criterion to score, a meeting to minute)."""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.models import Evidence, Nomination
from emulation.blocks import ranking as block_ranking
from emulation.blocks import services as block_services
from schools.models import Person
from tests.factories.awards import make_round


@dataclass(frozen=True)
class Act:
    url: str
    name: str
    body: object  # (tree, obj) -> dict
    actors: frozenset = field(default_factory=frozenset)  # roles that may do it

    def __str__(self):
        return f"{self.url}:{self.name}"


def _day(days=10):
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def _review(**extra):
    return lambda tree, obj: {"version": obj.version, **extra}


def _forwarded(**extra):
    """The body of an action on the form once its union group leader has forwarded it."""

    def body(tree, obj):
        from registrations import review

        obj = review.forward(tree.users["leader_a1"], obj)
        return {"version": obj.version, **extra}

    return body


def _withdrawn(tree, obj):
    """The body of a submission, once its author has taken the form back to draft."""
    from registrations import services

    obj = services.withdraw(tree.users["teacher_a1"], obj)
    return {"version": obj.version}


def _approved(tree, obj):
    """The body of a result, once the group leader has forwarded the form and the chair
    approved it."""
    from registrations import review

    obj = review.approve(tree.users["chair_a1"], review.forward(tree.users["leader_a1"], obj))
    return {"stage": "midyear", "result": "completed", "comment": "Tốt"}


def _teacher(tree):
    return Person.objects.get(user=tree.users["teacher_a1"])


def _candidate(tree, vote):
    return {f"c{vote.candidates.get().pk}": "yes"}


def _pdf():
    return SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 signed", "application/pdf")


def _with_item(proposal):
    """The draft carries its nomination, so that sending it is a real send."""
    nomination = Nomination.objects.get(round=proposal.round)
    proposal.items.create(nomination=nomination)
    return {}


def _criterion(tree, block):
    block_ranking.set_criteria(tree.users["principal_a1"], block, [("Chất lượng", "10")])
    return block.criteria.get()


def _target_item(tree, block):
    block_services.set_target_items(tree.users["principal_a1"], block, [("Tỷ lệ", "%")])
    return block.target_items.get()


def _filled(tree, block):
    item = _target_item(tree, block)
    block_services.fill_targets(tree.users["principal_a1"], block, tree.school_a1, {item.pk: "95"})
    return block


def _voted(tree, block, close=False):
    block_ranking.cast_vote(tree.users["principal_a1"], block, tree.school_a1)
    if close:
        block_ranking.close_vote(tree.users["principal_a1"], block)
    return {"voted": "1"}


def _scored(tree, block):
    """The leader's school (the only member) scored by itself and by the office."""
    criterion = _criterion(tree, block)
    block_ranking.score(tree.users["principal_a1"], block, tree.school_a1, criterion, "8", "self")
    block_ranking.score(tree.users["office_a"], block, tree.school_a1, criterion, "9", "office")
    return {"scored": "1"}


def _closed(tree, block, body):
    _scored(tree, block)
    block_ranking.close_ranking(tree.users["principal_a1"], block)
    return body


def _evidence(nomination):
    item = Evidence(nomination=nomination, name="a.pdf", kind="pdf", size=9, sha256="0" * 64)
    item.file.save("a.pdf", ContentFile(b"%PDF-1.4 "), save=False)
    item.save()
    return item


CHAIR = frozenset({"chair_a1", "admin"})
LEADER = frozenset({"principal_a1", "admin"})  # the block's leader school, or an administrator
OFFICE = frozenset({"office_a", "dept_a", "admin"})  # the offices above the block

ACTS = [
    # forms M1 and M2, submitted by teacher A1 (M2: as its leader), one URL per action
    *[
        act
        for kind in ("registration", "group")
        for act in (
            # the chair approves or returns once the group leader has forwarded the form
            Act(f"{kind}_approve", "approve", _forwarded(), CHAIR),
            Act(f"{kind}_forward", "forward", _review(), frozenset({"leader_a1"})),
            Act(f"{kind}_return", "return", _review(comment="Thiếu"), frozenset({"leader_a1"})),
            Act(f"{kind}_return", "return_forwarded", _forwarded(comment="Thiếu"), CHAIR),
            Act(f"{kind}_withdraw", "withdraw", _review(), frozenset({"teacher_a1"})),
            Act(f"{kind}_submit", "submit", _withdrawn, frozenset({"teacher_a1"})),
            Act(f"{kind}_result", "result", _approved, CHAIR),
            Act(f"{kind}_extend", "extend", _review(until=_day()), CHAIR),
        )
    ],
    Act(
        "participation_extend",
        "extend",
        lambda tree, obj: {"person": _teacher(tree).pk, "until": _day()},
        CHAIR,
    ),
    # the council's open vote: members are the principal, the chair and teacher A1
    Act(
        "vote_ballot",
        "ballot",
        lambda tree, vote: _candidate(tree, vote),
        frozenset({"principal_a1", "chair_a1", "teacher_a1"}),
    ),
    Act("vote_close", "close", lambda tree, vote: {}, LEADER),
    # the closed vote, its one candidate passed by all three members
    Act("vote_post", "post", lambda tree, vote: {"opens_on": _day(0), "closes_on": _day()}, LEADER),
    Act(
        "vote_nominate",
        "nominate",
        lambda tree, vote: {"round": make_round(tree.dept_a).pk},
        LEADER,
    ),
    # school A1's draft proposal: only its principal (and the administrator) see it
    Act(
        "proposal_items",
        "items",
        lambda tree, p: {"nominations": [Nomination.objects.get(round=p.round).pk]},
        LEADER,
    ),
    Act("proposal_send", "send", lambda tree, p: _with_item(p), LEADER),
    # a proposal school A1 sent to office A, its one item waiting (without its scan for
    # the upload)
    Act("proposal_scan_upload", "upload", lambda tree, p: {"scan": _pdf()}, LEADER),
    Act(
        "proposal_review",
        "review",
        lambda tree, p: {"outcome": "accepted"},
        frozenset({"office_a", "admin"}),
    ),
    Act(
        "proposal_accept_items",
        "accept_items",
        lambda tree, p: {"items": [p.items.get().pk]},
        frozenset({"office_a", "admin"}),
    ),
    Act(
        "proposal_accept_all",
        "accept_all",
        lambda tree, p: {},
        frozenset({"office_a", "admin"}),
    ),
    # a recorded decision of school A1: nobody changes its list or records it again
    Act(
        "decision_awardees",
        "awardees",
        lambda tree, d: {"nominations": [d.awardees.get().nomination_id]},
    ),
    Act(
        "decision_record",
        "record",
        lambda tree, d: {"decision_date": _day(0), "number": "99"},
    ),
    # a nomination sent up: nobody deletes it or adds evidence at school any more
    Act("nomination_delete", "delete", lambda tree, n: {}),
    Act("nomination_evidence", "remove", lambda tree, n: {"remove": _evidence(n).pk}),
    # the emulation block led by school A1, its only member
    Act("block_deadlines", "deadlines", lambda tree, b: {"vote_deadline": _day()}, LEADER),
    Act("block_target_items", "set_targets", lambda tree, b: {"items": "Tỷ lệ|%"}, LEADER),
    Act(
        "block_fill_targets",
        "fill_targets",
        lambda tree, b: {f"item-{_target_item(tree, b).pk}": "90"},
        frozenset({"principal_a1"}),
    ),
    Act(
        "block_confirm_covenant",
        "confirm_covenant",
        lambda tree, b: {} if _filled(tree, b) else {},
        frozenset({"principal_a1"}),
    ),
    Act(
        "block_meeting_create",
        "schedule_meeting",
        lambda tree, b: {
            "starts_at": f"{_day()} 08:00",
            "period_label": "Quý I",
            "place": "Trường A1",
            "host_school": tree.school_a1.pk,
        },
        LEADER,
    ),
    Act("block_meeting_record_minutes", "minutes", lambda tree, m: {"minutes": "Đã họp"}, LEADER),
    Act(
        "block_report_deadline",
        "report_deadline",
        lambda tree, b: {"kind": "midyear", "due_date": _day()},
        LEADER | {"office_a", "dept_a"},
    ),
    Act(
        "block_report_submit",
        "submit_report",
        lambda tree, r: {"content": "Báo cáo sơ kết"},
        frozenset({"principal_a1", "admin"}),
    ),
    Act("block_criteria", "set_criteria", lambda tree, b: {"criteria": "Chất lượng|10"}, LEADER),
    Act(
        "block_score",
        "score",
        lambda tree, b: {
            "kind": "self",
            "school": tree.school_a1.pk,
            f"points-{_criterion(tree, b).pk}": "8",
        },
        LEADER,
    ),
    Act(
        "block_score",
        "score_as_office",
        lambda tree, b: {
            "kind": "office",
            "school": tree.school_a1.pk,
            f"points-{_criterion(tree, b).pk}": "8",
        },
        OFFICE,
    ),
    Act("block_ranking_close", "close_ranking", lambda tree, b: _scored(tree, b), LEADER),
    Act(
        "block_ranking_approve",
        "approve",
        lambda tree, b: _closed(tree, b, {"leading_school": tree.school_a1.pk}),
        OFFICE,
    ),
    Act(
        "block_ranking_reopen",
        "reopen",
        lambda tree, b: _closed(tree, b, {"reason": "Chấm lại"}),
        OFFICE,
    ),
    Act(
        "block_vote",
        "vote",
        lambda tree, b: {"candidate": tree.school_a1.pk},
        frozenset({"principal_a1"}),
    ),
    Act("block_vote_close", "close_vote", lambda tree, b: _voted(tree, b), LEADER),
    Act(
        "block_vote_reopen",
        "reopen_vote",
        lambda tree, b: {"reason": "Bầu lại"} if _voted(tree, b, close=True) else {},
        OFFICE,
    ),
]
