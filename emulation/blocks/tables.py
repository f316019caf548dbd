"""The tables a block's plan prints from the block's own data (seed 001): the targets each
member registered this year, and last year's results of the member schools."""

from django.db.models import Sum

from schools.models import SchoolYear

from .models import EmulationBlock, Score, TargetValue


def block_tables(plan):
    block = EmulationBlock.objects.filter(plan=plan).select_related("school_year").first()
    if block is None:
        return {"block_targets": None, "block_results": None}
    schools = [
        m.school for m in block.memberships.select_related("school").order_by("school__name")
    ]
    items = list(block.target_items.all())
    values = {
        (v.item_id, v.school_id): v.value for v in TargetValue.objects.filter(item__block=block)
    }
    targets = {
        "items": items,
        "rows": [(s, [values.get((i.pk, s.pk), "") for i in items]) for s in schools],
    }
    previous_year = (
        SchoolYear.objects.filter(end_date__lt=block.school_year.start_date)
        .order_by("-end_date")
        .first()
    )
    last = (
        EmulationBlock.objects.filter(memberships__school__in=schools, school_year=previous_year)
        .distinct()
        .first()
        if previous_year
        else None
    )
    results = None
    if last is not None:
        totals = dict(
            Score.objects.filter(criterion__block=last, kind=Score.Kind.LEADER)
            .values("school_id")
            .annotate(total=Sum("points"))
            .values_list("school_id", "total")
        )
        ordered = sorted(schools, key=lambda s: -(totals.get(s.pk) or 0))
        results = {
            "year": last.school_year,
            "rows": [
                (rank, s, totals.get(s.pk), s.pk == last.leading_school_id)
                for rank, s in enumerate(ordered, start=1)
            ],
        }
    return {"block_targets": targets, "block_results": results}
