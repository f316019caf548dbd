"""The tables a block's plan prints from the block's own data (seed 001): the targets each
member registered this year, last year's ranking of the member schools as it was closed,
and the block's calendar (deadlines, meetings, reports), so the printed plan never says
something the block's page contradicts."""

from django.utils import timezone

from schools.models import SchoolYear

from .models import BlockReport, EmulationBlock, TargetValue
from .ranking import ranking


def target_values(block):
    """What each member school registered: {(target item id, school id): value}."""
    return {
        (v.item_id, v.school_id): v.value for v in TargetValue.objects.filter(item__block=block)
    }


def covenant_rows(items, schools, values, confirmations):
    """The covenant table: each school's values of the target items and its confirmation
    (`confirmations`: {school id: confirmation})."""
    return [
        {
            "school": school,
            "values": [values.get((item.pk, school.pk), "") for item in items],
            "confirmation": confirmations.get(school.pk),
        }
        for school in schools
    ]


def _targets(block, schools):
    items = list(block.target_items.all())
    values = target_values(block)
    return {
        "items": items,
        "rows": [(s, [values.get((i.pk, s.pk), "") for i in items]) for s in schools],
    }


def _last_year(block, schools):
    """Last year's ranking of the block the member schools were in, in its closed order:
    [(rank, school, total, leading)], or a note when it was never closed."""
    previous_year = (
        SchoolYear.objects.filter(end_date__lt=block.school_year.start_date)
        .order_by("-end_date")
        .first()
    )
    if previous_year is None:
        return None
    last = (
        EmulationBlock.objects.filter(memberships__school__in=schools, school_year=previous_year)
        .select_related("school_year")
        .distinct()
        .first()
    )
    if last is None:
        return None
    if last.ranking_closed_at is None:
        return {"year": last.school_year, "rows": [], "closed": False}
    rows = [
        (rank, school, total, school.pk == last.leading_school_id)
        for rank, (school, _own, total) in enumerate(ranking(last), start=1)
    ]
    return {
        "year": last.school_year,
        "rows": rows,
        "closed": True,
        "approved": last.ranking_approved_at is not None,
    }


def block_calendar(block):
    """The block's dated steps in order: [(when, what, where)], `when` as printed."""
    steps = []
    labels = (
        ("targets_deadline", "Hạn đăng ký chỉ tiêu thi đua"),
        ("covenant_deadline", "Hạn nộp kế hoạch, bảng giao ước thi đua về Phòng"),
        ("ranking_deadline", "Hạn chấm điểm, bình xét cuối năm"),
        ("vote_deadline", "Hạn bầu khối trưởng năm học sau"),
    )
    for name, label in labels:
        day = getattr(block, name)
        if day:
            steps.append((day, "", label, ""))
    for m in block.meetings.select_related("host_school"):
        start = timezone.localtime(m.starts_at)
        what = f"Họp khối {m.period_label}" + (f": {m.topic}" if m.topic else "")
        steps.append((start.date(), f"{start:%H:%M}", what, m.place))
    kinds = dict(BlockReport.Kind.choices)
    for row in block.reports.order_by().values("kind", "due_date").distinct():
        label = str(kinds[row["kind"]])
        steps.append((row["due_date"], "", f"Hạn nộp {label[:1].lower()}{label[1:]}", ""))
    steps.sort(key=lambda step: (step[0], step[1], step[2]))
    return [
        (f"{hour} ngày {day:%d/%m/%Y}" if hour else f"{day:%d/%m/%Y}", what, where)
        for day, hour, what, where in steps
    ]


def block_tables(plan):
    block = EmulationBlock.objects.filter(plan=plan).select_related("school_year").first()
    if block is None:
        return {"block_targets": None, "block_results": None, "block_calendar": None}
    schools = [
        m.school for m in block.memberships.select_related("school").order_by("school__name")
    ]
    return {
        "block_targets": _targets(block, schools),
        "block_results": _last_year(block, schools),
        "block_calendar": block_calendar(block),
    }


def plan_disagreements(block):
    """The dated steps of the block's plan (its schedule) that the block's own data does
    not hold: a meeting or a deadline the plan announces on a day the block has nothing.
    [(date, first line of the activity)]."""
    if block.plan_id is None:
        return []
    days = {getattr(block, name) for name in ("targets_deadline", "covenant_deadline")}
    days |= {block.ranking_deadline, block.vote_deadline}
    days |= {timezone.localtime(m.starts_at).date() for m in block.meetings.all()}
    days |= set(block.reports.values_list("due_date", flat=True))
    missing = []
    for item in block.plan.schedule_items.filter(deadline__isnull=False).order_by("deadline"):
        if item.deadline not in days:
            first = next((line for line in item.activity.splitlines() if line.strip()), "")
            missing.append((item.deadline, first.strip(" -–")))
    return missing
