"""The header of an official document as its issuer writes it (schools/issuers.py):
left, the body above and the issuer (both for a joint document), a rule or stars, the
number; right, the national motto or the organisation's name, and place and date. One
Header feeds the HTML/PDF template (documents/header.html) and the Word file."""

from dataclasses import dataclass, field
from types import SimpleNamespace

from schools import issuers
from schools.issuers import IssuerKind

from .fonts import text_width_mm

# The left column of the header: 42 % of the 165 mm text width (documents.css; the right
# column's 58 % holds "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 92 mm), less a little for
# the cell's own spacing; its lines are 12.5 pt, upper case.
LEFT_COLUMN_MM = 68
HEADER_PT = 12.5
PLAIN, BOLD = SimpleNamespace(bold=False, italic=False), SimpleNamespace(bold=True, italic=False)


class Line(str):
    """A header line; `keep` when it fits its column and so must not wrap."""

    keep = False


def _fits(look):
    return lambda line: text_width_mm(line.upper(), HEADER_PT, look) <= LEFT_COLUMN_MM


def _lines(text, look):
    """Header lines of `text` broken between names where the column needs it (never
    inside a name); each that fits is kept whole, one that cannot fit may wrap."""
    fits = _fits(look)
    lines = []
    for line in issuers.header_lines(text, fits):
        line = Line(line)
        line.keep = fits(line)
        lines.append(line)
    return lines


def governing_lines(text):
    return _lines(text, PLAIN)


def name_lines(text):
    return _lines(text, BOLD)


@dataclass
class Header:
    governing: list = field(default_factory=list)
    names: list = field(default_factory=list)  # one list of lines per issuer
    kind: str = IssuerKind.STATE
    number_line: str = ""
    date_line: str = ""

    @property
    def rule(self):
        return issuers.convention(self.kind)

    @property
    def mark(self):
        return self.rule.mark

    @property
    def motto(self):
        return self.rule.motto

    @classmethod
    def state(cls, governing_body, issuer, reference, date_line):
        """The header of a school's, an office's or a Sở's document (Nghị định 30)."""
        return cls(
            governing=governing_lines(governing_body),
            names=[name_lines(issuer)],
            number_line=f"Số: {reference}" if reference else "",
            date_line=date_line,
        )


def plan_header(plan, date_line):
    names = [name_lines(plan.header_issuer)]
    if plan.is_joint:
        names.append(name_lines(plan.header_joint_issuer))
    return Header(
        governing=governing_lines(plan.header_governing_body),
        names=names,
        kind=plan.issuer_kind,
        number_line=plan.number_line,
        date_line=date_line,
    )
