"""The header of an official document as its issuer writes it (schools/issuers.py):
left, the body above and the issuer (both for a joint document), a rule or stars, the
number; right, the national motto or the organisation's name, and place and date. One
Header feeds the HTML/PDF template (documents/header.html) and the Word file."""

from dataclasses import dataclass, field

from schools import issuers
from schools.issuers import IssuerKind


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
            governing=issuers.header_lines(governing_body),
            names=[issuers.header_lines(issuer)],
            number_line=f"Số: {reference}" if reference else "",
            date_line=date_line,
        )


def plan_header(plan, date_line):
    names = [issuers.header_lines(plan.header_issuer)]
    if plan.is_joint:
        names.append(issuers.header_lines(plan.header_joint_issuer))
    return Header(
        governing=issuers.header_lines(plan.header_governing_body),
        names=names,
        kind=plan.issuer_kind,
        number_line=plan.number_line,
        date_line=date_line,
    )
