"""The group-assignment table of seed 000 ("PHÂN CÔNG CÁC NHÓM THỰC HIỆN CÁC NỘI DUNG":
which professional team forms which group), made from the approved M2 groups."""

from django.db import transaction

from common.bulk import bulk_create
from common.vietnamese import collation_key
from emulation.models import Annex, GroupAssignment, Plan

from .models import Status, TeacherGroup


def group_table_rows(campaign):
    """(team name, group name) of every approved group, upper case as printed, by team
    then group in Vietnamese order; groups without a team come last."""
    groups = TeacherGroup.objects.filter(campaign=campaign, status=Status.APPROVED).select_related(
        "team"
    )
    rows = [((g.team.name if g.team_id else "").upper(), g.name.upper()) for g in groups]
    return sorted(
        rows,
        key=lambda row: (not row[0], collation_key(row[0]), collation_key(row[1]), row),
    )


def sync_group_table(campaign):
    """Replace the rows of every group-table annex of the campaign's plans that are not
    issued (an issued plan is locked). Returns the number of rows written per annex, 0
    when no plan has such an annex."""
    annexes = list(
        Annex.objects.filter(plan__campaign=campaign, kind=Annex.Kind.GROUP_TABLE).exclude(
            plan__status=Plan.Status.ISSUED
        )
    )
    if not annexes:
        return 0
    rows = group_table_rows(campaign)
    with transaction.atomic():
        GroupAssignment.objects.filter(annex__in=annexes).delete()
        bulk_create(
            GroupAssignment,
            (
                GroupAssignment(annex=annex, order=order, team_name=team, group_name=group)
                for annex in annexes
                for order, (team, group) in enumerate(rows, start=1)
            ),
        )
    return len(rows)
