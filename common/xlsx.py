"""The product's one writer of XLSX workbooks (common/workbooks.py gives exports their
shape): sheets of text, numbers,
dates and date-times, column widths, the rows above the data frozen, and the few styles
the exports use. It writes the sheet XML itself, streamed into the zip file row by row:
openpyxl's write-only mode spent some 10 µs on every cell (a Sở's round Excel of 900
nominations took 110 ms to write, against 15 ms here), and large exports still need
little memory. Files open in Excel, LibreOffice and openpyxl (which the tests read them
back with)."""

import datetime
import decimal
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from .xmltext import cell_value, xml_text

# Styles (indexes into cellXfs below).
NORMAL, TITLE, ITALIC, HEADER, BOLD = 0, 1, 2, 3, 4
DATE, DATETIME, MONEY = 5, 6, 7
BOLD_DATE, BOLD_DATETIME, BOLD_MONEY = 8, 9, 10
TEXT = 11  # a column whose cells keep what is typed as text ("05/09/1985")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EPOCH = datetime.datetime(1899, 12, 30)
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/>'
    '<numFmt numFmtId="165" formatCode="DD/MM/YYYY HH:MM"/>'
    '<numFmt numFmtId="166" formatCode="#,##0"/></numFmts>'
    f'<fonts count="4"><font>{_FONT}</font><font><b/>{_FONT}</font>'
    '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>'
    f"<font><i/>{_FONT}</font></fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="12">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyFont="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyFont="1"/>'
    '<xf numFmtId="166" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyFont="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_ROWS_PER_CHUNK = 500


def column_letter(index):
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERS = [column_letter(i) for i in range(1, 257)]


def _letter(column):
    return _LETTERS[column - 1] if column <= len(_LETTERS) else column_letter(column)


def _cell(ref, value, style):
    """The XML of one cell, or "" for an empty one. Text is always a string cell (never
    a formula); dates and date-times are Excel serial numbers with a date style."""
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        value = cell_value(value)
        if not value:
            return ""
        space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime.datetime):  # naive, in local time
        serial = (value - _EPOCH).total_seconds() / 86400
        style = {NORMAL: DATETIME, BOLD: BOLD_DATETIME}.get(style, style)
        return f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        style = {NORMAL: DATE, BOLD: BOLD_DATE}.get(style, style)
        return f'<c r="{ref}" s="{style}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float | decimal.Decimal):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return _cell(ref, str(value), style)


def _column(index, width, text):
    style = f' style="{TEXT}"' if text else ""
    return f'<col min="{index}" max="{index}" width="{width}" customWidth="1"{style}/>'


def _validations(validations):
    """Dropdown lists: a list of texts is written in the formula (at most 255
    characters, Excel's limit), a range as it is."""
    items = []
    for cells, values in validations:
        if isinstance(values, str):
            formula = escape(values)
        else:
            formula = escape('"' + ",".join(xml_text(str(v)) for v in values) + '"')
        items.append(
            f'<dataValidation type="list" allowBlank="0" showErrorMessage="1" '
            f'sqref="{cells}"><formula1>{formula}</formula1></dataValidation>'
        )
    return f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'


class Workbook:
    """Sheets are written as they are added; `content()` closes the file."""

    def __init__(self, title=""):
        self.title = title
        self.names = []
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)

    def add_sheet(self, name, rows, widths=(), frozen_rows=0, text_columns=(), validations=()):
        """`rows`: iterable of lists whose items are values or (value, style) pairs;
        `text_columns`: 1-based columns typed as text; `validations`: (cells, list)
        pairs, a dropdown over the cells ("C2:C1001") of the values of `list`: a
        sequence of texts, or a range of another sheet ("'Hướng dẫn'!$B$1:$B$9")."""
        self.names.append(name)
        with self.zip.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w") as out:
            out.write(f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'.encode())
            if frozen_rows:
                top = f"A{frozen_rows + 1}"
                out.write(
                    '<sheetViews><sheetView workbookViewId="0">'
                    f'<pane ySplit="{frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" '
                    f'state="frozen"/><selection pane="bottomLeft" activeCell="{top}" '
                    f'sqref="{top}"/></sheetView></sheetViews>'.encode()
                )
            if widths:
                cols = "".join(
                    _column(i, w, i in text_columns) for i, w in enumerate(widths, start=1)
                )
                out.write(f"<cols>{cols}</cols>".encode())
            out.write(b"<sheetData>")
            chunk = []
            for number, row in enumerate(rows, start=1):
                cells = []
                for column, item in enumerate(row, start=1):
                    value, style = item if isinstance(item, tuple) else (item, NORMAL)
                    if value is not None:
                        cells.append(_cell(f"{_letter(column)}{number}", value, style))
                chunk.append(f'<row r="{number}">{"".join(cells)}</row>')
                if len(chunk) >= _ROWS_PER_CHUNK:
                    out.write("".join(chunk).encode())
                    chunk = []
            out.write(("".join(chunk) + "</sheetData>").encode())
            if validations:
                out.write(_validations(validations).encode())
            out.write(b"</worksheet>")

    def content(self):
        sheets = "".join(
            f'<sheet name={quoteattr(xml_text(name))} sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self.names, start=1)
        )
        count = len(self.names)
        files = {
            "[Content_Types].xml": (
                f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                'sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="'
                'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.'
                'openxmlformats-package.core-properties+xml"/>'
                + "".join(
                    f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="'
                    "application/vnd.openxmlformats-officedocument.spreadsheetml."
                    'worksheet+xml"/>'
                    for i in range(1, count + 1)
                )
                + "</Types>"
            ),
            "_rels/.rels": (
                f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/><Relationship '
                'Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
                'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                "</Relationships>"
            ),
            "docProps/core.xml": (
                f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
                f'elements/1.1/"><dc:title>{escape(xml_text(str(self.title)))}</dc:title>'
                "</cp:coreProperties>"
            ),
            "xl/workbook.xml": (
                f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
                f"<workbookView/></bookViews><sheets>{sheets}</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
                + "".join(
                    f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, count + 1)
                )
                + f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" '
                'Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": _STYLES,
        }
        for name, text in files.items():
            self.zip.writestr(name, text)
        self.zip.close()
        return self.buffer.getvalue()
