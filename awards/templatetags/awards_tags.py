from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def thousands(amount):
    """2340000 -> '2.340.000' (dot for thousands, as Vietnamese documents write it)."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,}".replace(",", ".")


@register.simple_tag
def count_cells(counts, award_values):
    """The count columns of one row of the office pages (round, year): one right-aligned
    <td> each. Built here in one go: as an included template per row they took a third
    of the round page's time."""
    values = [
        counts.total,
        counts.persons,
        counts.collectives,
        *award_values,
        counts.pending,
        counts.accepted,
        counts.returned,
        counts.rejected,
        counts.awarded,
    ]
    return mark_safe("".join(f'<td class="text-end">{int(value)}</td>' for value in values))
