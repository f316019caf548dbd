from django import template
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from common.addresses import address_of

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


@register.simple_tag
def sender_rows(rows, round, query):
    """The senders' rows of the round page (a <tr> each: the sender, its proposals with
    their list in Excel, when sent, on time or not, the counts), as the template wrote
    them, built in one go."""
    sender = address_of("award_round_sender", 2)
    detail, listing = address_of("proposal_detail", 1), address_of("proposal_list_xlsx", 1)
    query, excel = escape(query), escape(gettext("Tải danh sách (Excel)"))
    unnumbered = gettext("(chưa ghi số)")
    lines = []
    for row in rows:
        css = {"missing": "table-danger", "late": "table-warning"}.get(row.timing, "")
        proposals = "; ".join(
            f'<a href="{detail(p.pk)}">{escape(p.reference or unnumbered)}</a> '
            f'<a class="small" href="{listing(p.pk)}" title="{excel}">(Excel)</a>'
            for p in row.proposals
        )
        sent_at = row.sent_at
        if sent_at is not None:
            sent_at = dateformat.format(timezone.localtime(sent_at), "d/m/Y H:i")
        lines.append(
            f'<tr class="{css}">\n'
            f'<td><a href="{sender(round.pk, row.organization.pk)}?{query}">'
            f"{escape(row.organization.name)}</a></td>\n"
            f"<td>{proposals or '–'}</td>\n"
            f"<td>{escape(sent_at or '–')}</td>\n"
            f"<td>{escape(row.timing_label)}</td>\n"
            f"{count_cells(row.counts, row.award_values)}\n"
            "</tr>"
        )
    return mark_safe("".join(lines))
