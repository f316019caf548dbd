"""The one way the product writes a workbook: sheets of heading lines, a header row
and rows (a `Total` row in bold), the rows above the data frozen, column widths, every
cell cleaned one way (common/xmltext.py), streamed into the file by common/xlsx.py as
they are made. Every export is a StreamedWorkbook."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from . import xlsx
from .xmltext import cell_value

SHEET_TITLE_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text, taken):
    """A valid, unique Excel sheet title: no []:*?/\\, at most 31 characters, no leading
    or trailing apostrophe. `taken` holds the titles already used (lower case)."""
    base = _SHEET_FORBIDDEN.sub(" ", cell_value(text or "")).strip().strip("'").strip()
    base = " ".join(base.split())[:SHEET_TITLE_MAX].strip().strip("'").strip() or _("Trang")
    title, number = base, 1
    while title.lower() in taken:
        number += 1
        suffix = f" ({number})"
        title = base[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    taken.add(title.lower())
    return title


class Total(list):
    """A row written in bold (a totals row)."""


@dataclass
class Sheet:
    title: str
    headings: list
    headers: list
    rows: object  # iterable of lists
    widths: list = field(default_factory=list)
    money_columns: frozenset = frozenset()  # 1-based columns written as "#,##0"


def _text(value):
    return cell_value(value)


def _naive(value):
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _cells(values, bold=False, money_columns=frozenset()):
    """A row for the writer: (value, style) pairs, text cleaned of what an XLSX file
    cannot hold (text is always written as text: a name starting with "=" is never run
    as a formula), date-times in local time."""
    out = []
    for column, value in enumerate(values, start=1):
        style = xlsx.BOLD if bold else xlsx.NORMAL
        if isinstance(value, str):
            value = _text(value) or None  # an empty cell is not written at all
        elif isinstance(value, datetime.datetime):
            value = _naive(value)
        elif column in money_columns and value is not None:
            style = xlsx.BOLD_MONEY if bold else xlsx.MONEY
        out.append((value, style))
    return out


class StreamedWorkbook:
    """Base: `sheets()` yields Sheet; `content()` gives the bytes of the workbook, its
    rows streamed into the file as `sheets()` makes them (common/xlsx.py)."""

    workbook_title = ""

    def sheets(self):
        raise NotImplementedError

    def filename(self):
        raise NotImplementedError

    def content(self):
        book = xlsx.Workbook(title=str(self.workbook_title))
        taken = set()
        for sheet in self.sheets():
            book.add_sheet(
                sheet_title(sheet.title, taken),
                self.sheet_rows(sheet),
                widths=sheet.widths,
                frozen_rows=len(sheet.headings) + 1,
            )
        return book.content()

    @staticmethod
    def sheet_rows(sheet):
        for number, line in enumerate(sheet.headings):  # the first a title, then notes
            yield [(_text(str(line)), xlsx.TITLE if number == 0 else xlsx.ITALIC)]
        yield [(_text(str(text)), xlsx.HEADER) for text in sheet.headers]
        for row in sheet.rows:
            yield _cells(row, bold=isinstance(row, Total), money_columns=sheet.money_columns)
