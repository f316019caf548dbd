"""Excel exports of awards, as small classes that build their rows once and stream them
into the file (common/xlsx.py; a province's 50,000 nominations fit in little memory):

- RoundReportExport: the round page of an office (per sender) and its nominations;
- YearReportExport: the same numbers for a school year, per sender and per round;
- NominationListExport: every nomination an office received in some rounds;
- ProposalListExport: the list of one proposal (tờ trình);
- DecisionListExport: the awardees of a decision, with their amounts.

Every query count is constant. Text is written as text (a name starting with "=" is
never run as a formula) without the control characters an XLSX file cannot hold.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from common.numerals import money_in_words
from common.vietnamese import collation_key, document_number, name_sort_key
from common.workbooks import Sheet, StreamedWorkbook, Total
from schools.models import Organization, Person

from .aggregation import OUTCOMES, Timing, received_items
from .models import Nomination, Recipient

__all__ = [
    "DecisionListExport",
    "NominationListExport",
    "ProposalListExport",
    "RoundReportExport",
    "YearReportExport",
]


def _sent_day(days, sent_at):
    if sent_at is None:
        return None
    if sent_at not in days:
        days[sent_at] = timezone.localtime(sent_at).date()
    return days[sent_at]


def _date_label(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _filter_line(filters):
    parts = []
    if filters.level:
        parts.append(_("cấp học: %s") % Organization.Level(filters.level).label)
    if filters.kind:
        parts.append(_("loại đơn vị: %s") % Organization.Kind(filters.kind).label)
    return _("Lọc theo %s") % "; ".join(parts) if parts else ""


def _counts_headers(awards):
    return [
        _("Tổng số đề nghị"),
        _("Cá nhân"),
        _("Tập thể"),
        *[a.label for a in awards],
        *[str(label) for _value, label in OUTCOMES.choices],
        _("Đã có quyết định khen thưởng"),
    ]


def _counts_values(counts, awards):
    return [
        counts.total,
        counts.persons,
        counts.collectives,
        *counts.award_values(awards),
        *[counts.by_outcome[value] for value, _label in OUTCOMES.choices],
        counts.awarded,
    ]


def _counts_widths(awards):
    return [12, 10, 10, *[16 for _a in awards], 10, 12, 10, 14, 14]


# What a list of proposal items shows of each nomination (exports and the drill-down).
ITEM_NOMINATION = (
    "nomination__organization",
    "nomination__person__team",
    "nomination__unit",
    "nomination__collective",
    "nomination__title",
    "nomination__award_form",
)


class NominationListExport(StreamedWorkbook):
    """Every nomination `office` received in `rounds` (the latest item of each), with
    who sent it, when, and the office's answer; one sheet. Rows come from one query of
    plain tuples, sorted by sender, nominating organisation and Vietnamese name."""

    def __init__(self, office, rounds, filters=None, senders=None):
        self.office = office
        self.rounds = list(rounds)
        self.filters = filters
        self.senders = senders  # organisations, in display order (else sorted here)
        self.workbook_title = _("Danh sách đề nghị khen thưởng")

    def filename(self):
        if len(self.rounds) == 1:
            return f"danh-sach-de-nghi-dot-{self.rounds[0].pk}-{self.office.pk}.xlsx"
        return f"danh-sach-de-nghi-{self.office.pk}.xlsx"

    @property
    def with_round(self):
        return len(self.rounds) != 1

    FIELDS = [
        "proposal__round_id",
        "proposal__organization_id",
        "proposal__organization__name",
        "nomination__organization__name",
        "nomination__person__full_name",
        "nomination__person__sort_key",
        "nomination__person__position",
        "nomination__person__team__name",
        "nomination__unit__name",
        "nomination__collective__name",
        "nomination__title__name",
        "nomination__award_form__name",
        "nomination__award_form__granted_by",
        "nomination__achievements",
        "proposal__number",
        "proposal__symbol",
        "proposal__sent_at",
        "outcome",
        "comment",
        "nomination__status",
        "nomination_id",
    ]

    def records(self):
        rows = list(  # sorted below, not by the database
            received_items(self.office, self.rounds, self.filters)
            .order_by()
            .values_list(*self.FIELDS)
        )
        sender_rank = {}
        if self.senders is not None:
            sender_rank = {s.pk: index for index, s in enumerate(self.senders)}
        keys = {}

        def text_key(text):
            key = keys.get(text)
            if key is None:
                key = keys[text] = collation_key(text or "")
            return key

        def sort_key(row):
            person_key = row[5]
            return (
                sender_rank.get(row[1], len(sender_rank)),
                text_key(row[2]),
                text_key(row[3]),
                person_key is None,
                person_key or text_key(row[8] or row[9]),
                row[20],
            )

        rows.sort(key=sort_key)
        return rows

    def headers(self):
        return [
            _("STT"),
            *([_("Đợt")] if self.with_round else []),
            _("Đơn vị gửi"),
            _("Đơn vị đề nghị"),
            _("Họ và tên / tập thể"),
            _("Cá nhân / tập thể"),
            _("Chức vụ"),
            _("Tổ"),
            _("Danh hiệu / hình thức khen thưởng"),
            _("Thành tích tóm tắt"),
            _("Tờ trình số"),
            _("Ngày gửi"),
            _("Kết quả xét"),
            _("Ý kiến"),
            _("Trạng thái hiện tại"),
        ]

    def widths(self):
        middle = [30, 30, 26, 10, 16, 16, 30, 60, 16, 12, 14, 30, 22]
        return [6, *([24] if self.with_round else []), *middle]

    def rows(self):
        positions = {k: str(v) for k, v in Person.Position.choices}
        outcomes = {k: str(v) for k, v in OUTCOMES.choices}
        statuses = {k: str(v) for k, v in Nomination.Status.choices}
        round_names = {r.pk: r.name for r in self.rounds}
        sent_days = {}  # sent_at -> local date: a few proposals carry many rows
        person_label = str(Recipient.PERSON.label)
        collective_label = str(Recipient.COLLECTIVE.label)
        for number, row in enumerate(self.records(), start=1):
            (
                round_id,
                _sender_id,
                sender,
                organization,
                person,
                _sort_key,
                position,
                team,
                unit,
                collective,
                title,
                form,
                granted_by,
                achievements,
                proposal_number,
                proposal_symbol,
                sent_at,
                outcome,
                comment,
                status,
                _nomination_id,
            ) = row
            yield [
                number,
                *([round_names.get(round_id, "")] if self.with_round else []),
                sender,
                organization,
                person or unit or collective or "",
                person_label if person else collective_label,
                positions.get(position, "") if person else "",
                team or "",
                title or (f"{form} ({granted_by})" if form else ""),
                achievements,
                document_number(proposal_number, proposal_symbol)
                if proposal_number is not None
                else "",
                _sent_day(sent_days, sent_at),
                outcomes.get(outcome, outcome),
                comment,
                statuses.get(status, status),
            ]

    def heading(self):
        if len(self.rounds) == 1:
            return _("Danh sách đề nghị khen thưởng – %(round)s – %(office)s") % {
                "round": self.rounds[0].name,
                "office": self.office.name,
            }
        return _("Danh sách đề nghị khen thưởng – %(office)s") % {"office": self.office.name}

    def sheet(self):
        headings = [self.heading()]
        if self.filters is not None and _filter_line(self.filters):
            headings.append(_filter_line(self.filters))
        return Sheet(_("Danh sách đề nghị"), headings, self.headers(), self.rows(), self.widths())

    def sheets(self):
        yield self.sheet()


class RoundReportExport(StreamedWorkbook):
    """The round page of an office: one row per sender, with totals; then the list of
    every nomination received."""

    def __init__(self, report, round):
        self.report = report
        self.round = round
        self.workbook_title = _("Tổng hợp đề nghị khen thưởng")

    def filename(self):
        return f"tong-hop-de-nghi-dot-{self.round.pk}-{self.report.office.pk}.xlsx"

    def summary_rows(self):
        report = self.report
        rows = report.round_rows(self.round)
        # labels translated once for the sheet, not once a row
        kinds = {value: str(label) for value, label in Organization.Kind.choices}
        timings = {value: str(label) for value, label in Timing.LABELS.items()}
        unnumbered = _("(chưa ghi số)")
        for number, cell in enumerate(rows, start=1):
            yield [
                number,
                cell.organization.name,
                kinds.get(cell.organization.kind, cell.organization.kind),
                "; ".join(p.reference or unnumbered for p in cell.proposals),
                cell.sent_at,
                timings[cell.timing],
                *_counts_values(cell.counts, report.awards),
            ]
        total = report.total()
        timings = "; ".join(
            f"{Timing.LABELS[t]}: {total.timings[t]}" for t in Timing.ORDER if total.timings[t]
        )
        yield Total(
            [
                "",
                _("Tổng cộng"),
                "",
                "",
                None,
                timings,
                *_counts_values(total.counts, report.awards),
            ]
        )

    def sheets(self):
        report = self.report
        headings = [
            _("Tổng hợp đề nghị khen thưởng – %(round)s – %(office)s")
            % {"round": self.round.name, "office": report.office.name},
            _("Phong trào: %(campaign)s. Hạn gửi: %(deadline)s. Số liệu ngày %(today)s.")
            % {
                "campaign": self.round.campaign.name,
                "deadline": _date_label(self.round.deadline),
                "today": _date_label(report.today),
            },
        ]
        if _filter_line(report.filters):
            headings.append(_filter_line(report.filters))
        yield Sheet(
            _("Tổng hợp"),
            headings,
            [
                _("STT"),
                _("Đơn vị"),
                _("Loại đơn vị"),
                _("Tờ trình số"),
                _("Gửi lúc"),
                _("Tình trạng"),
                *_counts_headers(report.awards),
            ],
            self.summary_rows(),
            [6, 36, 14, 18, 16, 18, *_counts_widths(report.awards)],
        )
        yield NominationListExport(
            report.office, [self.round], report.filters, report.senders
        ).sheet()


class YearReportExport(StreamedWorkbook):
    """The numbers of a school year for an office: per sender, per round, and every
    nomination received."""

    def __init__(self, report, school_year):
        self.report = report
        self.school_year = school_year
        self.workbook_title = _("Tổng hợp đề nghị khen thưởng năm học")

    def filename(self):
        return f"tong-hop-de-nghi-{self.school_year.name}-{self.report.office.pk}.xlsx"

    def _timing_values(self, summary):
        return [summary.timings[t] for t in Timing.ORDER]

    def sender_rows(self):
        report = self.report
        for number, row in enumerate(report.sender_summaries(), start=1):
            yield [
                number,
                row.subject.name,
                row.subject.get_kind_display(),
                *self._timing_values(row),
                *_counts_values(row.counts, report.awards),
            ]
        total = report.total()
        yield Total(
            [
                "",
                _("Tổng cộng"),
                "",
                *self._timing_values(total),
                *_counts_values(total.counts, report.awards),
            ]
        )

    def round_rows(self):
        report = self.report
        for number, row in enumerate(report.round_summaries(), start=1):
            yield [
                number,
                row.subject.name,
                row.subject.campaign.name,
                row.subject.deadline,
                *self._timing_values(row),
                *_counts_values(row.counts, report.awards),
            ]

    def sheets(self):
        report = self.report
        heading = _("Tổng hợp đề nghị khen thưởng năm học %(year)s – %(office)s") % {
            "year": self.school_year.name,
            "office": report.office.name,
        }
        headings = [heading, _("Số liệu ngày %s.") % _date_label(report.today)]
        if _filter_line(report.filters):
            headings.append(_filter_line(report.filters))
        timing_headers = [str(Timing.LABELS[t]) for t in Timing.ORDER]
        yield Sheet(
            _("Theo đơn vị"),
            headings,
            [
                _("STT"),
                _("Đơn vị"),
                _("Loại đơn vị"),
                *[_("Số đợt: %s") % h for h in timing_headers],
                *_counts_headers(report.awards),
            ],
            self.sender_rows(),
            [6, 36, 14, 12, 12, 12, 12, *_counts_widths(report.awards)],
        )
        yield Sheet(
            _("Theo đợt"),
            headings,
            [
                _("STT"),
                _("Đợt"),
                _("Phong trào"),
                _("Hạn gửi"),
                *[_("Số đơn vị: %s") % h for h in timing_headers],
                *_counts_headers(report.awards),
            ],
            self.round_rows(),
            [6, 30, 36, 12, 12, 12, 12, 12, *_counts_widths(report.awards)],
        )
        yield NominationListExport(
            report.office, report.rounds, report.filters, report.senders
        ).sheet()


def _award_order(title, award_form):
    if title is not None:
        return (0, title.order, collation_key(title.name))
    if award_form is not None:
        return (1, award_form.order, collation_key(str(award_form)))
    return (2, 0, "")


def _nominee_key(nomination):
    if nomination.person_id:
        return (0, nomination.person.sort_key or name_sort_key(nomination.person.full_name))
    return (1, collation_key(nomination.nominee_name))


def _unit_label(nomination):
    """Where the nominee works: the team and the school for a person, the school for a
    team, the proposing organisation for a collective of its own."""
    organization = nomination.organization.name
    if nomination.person_id:
        team = nomination.person.team
        return f"{team.name}, {organization}" if team else organization
    if nomination.unit_id:
        return organization
    if nomination.collective_id and nomination.collective_id != nomination.organization_id:
        return organization
    return ""


def _attached_to(document, day, numbered, unnumbered):
    """The line under a list's title naming the tờ trình or quyết định it goes with:
    `numbered` (ref, date, org) once the document has its number, else `unnumbered`."""
    org = document.organization.name
    if not document.reference:
        return unnumbered % {"org": org}
    date = _(" ngày %s") % _date_label(day) if day else ""
    return numbered % {"ref": document.reference, "date": date, "org": org}


class ProposalListExport(StreamedWorkbook):
    """Danh sách đề nghị khen thưởng attached to one proposal (tờ trình): by award,
    people in Vietnamese name order, then collectives."""

    def __init__(self, proposal):
        self.proposal = proposal
        self.workbook_title = _("Danh sách đề nghị khen thưởng")

    def filename(self):
        return f"danh-sach-to-trinh-{self.proposal.pk}.xlsx"

    def items(self):
        items = self.proposal.items.select_related(*ITEM_NOMINATION)
        return sorted(
            items,
            key=lambda i: (
                _award_order(i.nomination.title, i.nomination.award_form),
                _nominee_key(i.nomination),
                i.order,
                i.pk,
            ),
        )

    def rows(self):
        for number, item in enumerate(self.items(), start=1):
            n = item.nomination
            yield [
                number,
                n.nominee_name,
                n.person.get_position_display() if n.person_id else "",
                _unit_label(n),
                n.award_label,
                n.achievements,
                item.get_outcome_display(),
                item.comment,
            ]

    def headings(self):
        p = self.proposal
        attached = _attached_to(
            p,
            p.issue_date,
            _("(Kèm theo Tờ trình số %(ref)s%(date)s của %(org)s)"),
            _("(Kèm theo tờ trình của %(org)s, chưa ghi số)"),
        )
        return [
            _("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG – %(round)s") % {"round": p.round.name},
            attached,
        ]

    def sheets(self):
        yield Sheet(
            _("Danh sách"),
            self.headings(),
            [
                _("STT"),
                _("Họ và tên"),
                _("Chức vụ"),
                _("Đơn vị"),
                _("Danh hiệu / hình thức khen thưởng"),
                _("Thành tích tóm tắt"),
                _("Kết quả xét"),
                _("Ý kiến"),
            ],
            self.rows(),
            [6, 28, 18, 34, 32, 70, 16, 30],
        )


class DecisionListExport(StreamedWorkbook):
    """Danh sách khen thưởng attached to a decision: the awardees as recorded (names and
    labels copied at recording), by award, people in Vietnamese name order, with the
    amount of each and the total."""

    def __init__(self, decision):
        self.decision = decision
        self.workbook_title = _("Danh sách khen thưởng")

    def filename(self):
        return f"danh-sach-khen-thuong-{self.decision.pk}.xlsx"

    def awardees(self):
        awardees = self.decision.awardees.select_related("nomination", "title", "award_form")
        return sorted(
            awardees,
            key=lambda a: (
                _award_order(a.title, a.award_form),
                a.nomination.person_id is None,
                name_sort_key(a.name) if a.nomination.person_id else collation_key(a.name),
                a.order,
                a.pk,
            ),
        )

    def rows(self):
        total = 0
        for number, a in enumerate(self.awardees(), start=1):
            total += a.amount
            yield [number, a.name, a.position, a.unit_label, a.award_label, a.amount, a.money_note]
        yield Total(["", _("Tổng cộng"), "", "", "", total])
        if total:
            yield ["", _("Bằng chữ: %(words)s") % {"words": money_in_words(total)}]

    def headings(self):
        d = self.decision
        attached = _attached_to(
            d,
            d.decision_date,
            _("(Kèm theo Quyết định số %(ref)s%(date)s của %(org)s)"),
            _("(Kèm theo quyết định (dự thảo) của %(org)s)"),
        )
        return [_("DANH SÁCH KHEN THƯỞNG"), attached]

    def sheets(self):
        yield Sheet(
            _("Danh sách"),
            self.headings(),
            [
                _("STT"),
                _("Họ và tên / tập thể"),
                _("Chức vụ"),
                _("Đơn vị"),
                _("Danh hiệu / hình thức khen thưởng"),
                _("Tiền thưởng (đồng)"),
                _("Ghi chú"),
            ],
            self.rows(),
            [6, 30, 18, 36, 34, 18, 40],
            money_columns=frozenset({6}),
        )
