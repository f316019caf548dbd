"""What the block's page shows a user: each panel's data and the forms this user may
fill (a refused form comes back bound, with its errors). Queries are fixed in number
whatever the number of members, except the per-meeting and per-report forms."""

from django.utils import timezone
from django.utils.translation import gettext as _

from . import forms, ranking
from .models import BlockReport, Score
from .permissions import abilities
from .services import missing_targets
from .tables import covenant_rows, plan_disagreements, target_values


def _form(bound, key, form_class, block, **kwargs):
    return bound.get(key) or form_class(block=block, **kwargs)


def _target_panel(block, members, my_school, can, bound):
    items = list(block.target_items.all())
    values = target_values(block)
    confirmations = {c.school_id: c for c in block.confirmations.all()}
    panel = {
        "items": items,
        "target_rows": covenant_rows(items, members, values, confirmations),
        "missing_targets": missing_targets(block) if items else [],
        "confirmed_count": len(confirmations),
        "my_confirmation": confirmations.get(my_school.pk) if my_school else None,
    }
    if can["is_leader"]:
        text = "".join(f"{i.name} | {i.unit}\n" for i in items)
        panel["items_form"] = _form(
            bound, "items", forms.TargetItemsForm, block, initial={"items": text}
        )
        panel["deadlines_form"] = _form(
            bound,
            "deadlines",
            forms.DeadlinesForm,
            block,
            initial={name: getattr(block, name) for name in forms.DeadlinesForm.base_fields},
        )
    closed = block.targets_deadline is not None and timezone.localdate() > block.targets_deadline
    panel["targets_closed"] = closed
    if my_school and items and not closed:
        panel["fill_form"] = _form(
            bound,
            "fill",
            forms.FillTargetsForm,
            block,
            items=items,
            initial={f"item-{i.pk}": values.get((i.pk, my_school.pk), "") for i in items},
        )
    return panel


def _meeting_panel(block, can, bound):
    meetings = list(block.meetings.select_related("host_school"))
    rows = []
    for m in meetings:
        form = None
        if can["is_leader"]:
            form = bound.get(f"minutes-{m.pk}") or forms.MinutesForm(
                block=block, auto_id=f"minutes-{m.pk}-%s", initial={"minutes": m.minutes}
            )
            if m.minutes_file:
                del form.fields["minutes_file"]
        rows.append({"meeting": m, "form": form})
    panel = {"meetings": rows}
    if can["is_leader"]:
        panel["meeting_form"] = _form(bound, "meeting", forms.MeetingForm, block)
    return panel


def _report_panel(block, my_school, can, bound, today):
    rows = []
    for r in block.reports.select_related("school"):
        form = None
        if r.submitted_at is None and my_school and r.school_id == my_school.pk:
            form = bound.get(f"report-{r.pk}") or forms.SubmitReportForm(
                block=block, auto_id=f"report-{r.pk}-%s"
            )
        rows.append({"report": r, "overdue": r.is_overdue(today), "form": form})
    panel = {
        "reports": rows,
        "late_count": sum(1 for row in rows if row["overdue"] or row["report"].was_late),
    }
    if can["is_leader"] or can["is_office"]:
        panel["report_deadline_form"] = _form(
            bound, "report_deadline", forms.ReportDeadlineForm, block
        )
    return panel


def _points_text(score):
    return "" if score is None else str(score.points).replace(".", ",")


def score_sheets(block, members, criteria, scores, my_school, can, refused=None):
    """The scoring sheets this user fills: their school's self-scoring; then the leader's
    sheet of every other member, or (peer scoring) theirs of every other member; the
    office's sheet of the leader's school. A refused sheet shows what was typed."""
    sheets = []
    typed = refused.data if refused is not None else {}

    def sheet(school, kind, label, scorer=None):
        again = typed.get("school") == str(school.pk) and typed.get("kind") == kind
        cells = []
        for c in criteria:
            given = scores.get((c.pk, school.pk, kind, scorer))
            if again:
                points, evidence = (
                    typed.get(f"points-{c.pk}", ""),
                    typed.get(f"evidence-{c.pk}", ""),
                )
            else:
                points, evidence = _points_text(given), given.evidence if given else ""
            cells.append((c, points, evidence, given is not None))
        done = sum(1 for cell in cells if cell[3])
        sheets.append(
            {
                "school": school,
                "kind": kind,
                "label": label,
                "cells": cells,
                "done": done,
                "open": again,
            }
        )

    if not criteria or block.ranking_closed_at:
        return sheets
    if my_school:
        sheet(my_school, Score.Kind.SELF, _("tự chấm"))
    if block.peer_scoring and my_school:
        for school in members:
            if school.pk != my_school.pk:
                label = _("trường %(s)s chấm") % {"s": my_school}
                sheet(school, Score.Kind.PEER, label, my_school.pk)
    elif can["is_leader"] and not block.peer_scoring:
        for school in members:
            if school.pk != block.leader_school_id:
                sheet(school, Score.Kind.LEADER, _("khối trưởng chấm"))
    if can["is_office"] and not block.peer_scoring:
        sheet(block.leader_school, Score.Kind.OFFICE, _("Phòng chấm trường khối trưởng"))
    return sheets


def _ranking_panel(block, members, my_school, can, bound, today):
    criteria = list(block.criteria.all())
    scores = {
        (s.criterion_id, s.school_id, s.kind, s.scorer_school_id): s
        for s in Score.objects.filter(criterion__block=block)
    }
    gaps = ranking.scoring_gaps(block) if criteria and not block.ranking_closed_at else []
    past = block.ranking_deadline is not None and today > block.ranking_deadline
    panel = {
        "criteria": criteria,
        "ranking": ranking.ranking(block) if criteria else [],
        "score_sheets": score_sheets(
            block, members, criteria, scores, my_school, can, bound.get("score")
        ),
        "score_form": bound.get("score"),
        "scoring_gaps": gaps,
        "can_close_ranking": bool(criteria) and (not gaps or past),
    }
    if can["is_leader"] and not block.ranking_closed_at:
        text = "".join(f"{c.name} | {c.max_points}\n" for c in criteria)
        panel["criteria_form"] = _form(
            bound,
            "criteria",
            forms.CriteriaForm,
            block,
            initial={"criteria": text, "peer_scoring": block.peer_scoring},
        )
    if can["is_office"] and block.ranking_closed_at:
        panel["reopen_ranking_form"] = bound.get("reopen_ranking") or forms.ReasonForm(
            block=block, auto_id="reopen-ranking-%s"
        )
        if not block.ranking_approved_at:
            panel["approve_form"] = _form(bound, "approve", forms.ApproveRankingForm, block)
    return panel


def _vote_panel(block, my_school, can, bound, today):
    votes = list(block.votes.select_related("voter_school", "candidate"))
    my_vote = next((v for v in votes if my_school and v.voter_school_id == my_school.pk), None)
    voted = {v.voter_school_id for v in votes}
    missing = [m for m in block.memberships.all() if m.school_id not in voted]
    past = block.vote_deadline is not None and today > block.vote_deadline
    panel = {
        "votes": votes,
        "my_vote": my_vote,
        "missing_voter_count": len(missing),
        "can_close_vote": bool(votes) and (not missing or past),
    }
    if my_school and not my_vote and not block.vote_closed_at:
        panel["vote_form"] = _form(bound, "vote", forms.VoteForm, block)
    if can["is_office"] and (block.vote_closed_at or votes):
        panel["reopen_vote_form"] = bound.get("reopen_vote") or forms.ReopenVoteForm(
            block=block, auto_id="reopen-vote-%s"
        )
    return panel


def block_page(user, block, bound):
    can = abilities(user, block)
    my_school = can["my_school"]
    today = timezone.localdate()
    members = [
        m.school for m in block.memberships.select_related("school").order_by("school__name")
    ]
    return {
        # not "block": inside {% block %} tags that name is the template block
        "eblock": block,
        **can,
        "members": members,
        "today": today,
        "report_kinds": BlockReport.Kind.choices,
        "plan_disagreements": plan_disagreements(block)
        if can["is_leader"] or can["is_office"]
        else [],
        **_target_panel(block, members, my_school, can, bound),
        **_meeting_panel(block, can, bound),
        **_report_panel(block, my_school, can, bound, today),
        **_ranking_panel(block, members, my_school, can, bound, today),
        **_vote_panel(block, my_school, can, bound, today),
    }
