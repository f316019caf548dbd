"""Bar charts of the office pages, drawn on the server as inline SVG: no script, no
CDN, readable without JavaScript and by screen readers (role="img", a title, and every
value written next to its bar)."""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .aggregation import OUTCOMES, Timing

COLORS = {
    Timing.ON_TIME: "#198754",
    Timing.LATE: "#fd7e14",
    Timing.MISSING: "#dc3545",
    Timing.WAITING: "#adb5bd",
    OUTCOMES.PENDING: "#adb5bd",
    OUTCOMES.ACCEPTED: "#198754",
    OUTCOMES.RETURNED: "#fd7e14",
    OUTCOMES.REJECTED: "#dc3545",
}
DEFAULT_COLOR = "#0d6efd"
LABEL_CHARS = 24


@dataclass
class Bar:
    label: str
    value: int
    color: str = DEFAULT_COLOR


def _short(text):
    text = str(text)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def bar_chart(title, bars, width=420, label_width=190, bar_height=18, gap=6):
    """A horizontal bar chart; `bars` is a list of Bar. Empty string when no bars."""
    if not bars:
        return ""
    top = 4
    value_width = 40
    plot = width - label_width - value_width
    largest = max((b.value for b in bars), default=0) or 1
    height = top + len(bars) * (bar_height + gap)
    rows = []
    for index, bar in enumerate(bars):
        y = top + index * (bar_height + gap)
        length = round(plot * bar.value / largest) if bar.value else 0
        rows.append(
            format_html(
                "<g><title>{}: {}</title>"
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" '
                'font-size="12">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"></rect>'
                '<text x="{}" y="{}" dominant-baseline="middle" font-size="12">{}</text></g>',
                bar.label,
                bar.value,
                label_width - 6,
                y + bar_height / 2,
                _short(bar.label),
                label_width,
                y,
                max(length, 1 if bar.value else 0),
                bar_height,
                bar.color,
                label_width + length + 6,
                y + bar_height / 2,
                bar.value,
            )
        )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        title,
        width,
        height,
        title,
        mark_safe("".join(rows)),  # noqa: S308 - every row is built by format_html
    )


def timing_chart(title, timings):
    """Senders by timing (a Counter of Timing values)."""
    return bar_chart(
        title,
        [Bar(str(Timing.LABELS[t]), timings[t], COLORS[t]) for t in Timing.ORDER],
    )


def outcome_chart(title, counts):
    """Nominations by the office's answer."""
    return bar_chart(
        title,
        [
            Bar(str(label), counts.by_outcome[value], COLORS[value])
            for value, label in OUTCOMES.choices
        ],
    )


def award_chart(title, counts, awards):
    """Nominations by title and award form."""
    return bar_chart(title, [Bar(a.label, counts.by_award[a.key]) for a in awards])
