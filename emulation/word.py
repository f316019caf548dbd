"""Word (.docx) of every official document, converted from the same HTML as its PDF
(templates/documents/, static/css/documents.css), so the two never drift apart: the Word
file has the PDF's parts in the PDF's order, for an office to adjust the wording before
signing (DESIGN.md, "Official documents").

The HTML is read with lxml and written with python-docx. Text styling follows the CSS
classes through CLASS_LOOKS, a small mirror of documents.css and of the awards styles; a
class not listed there prints as plain text of its block, so a new header line never
loses its words. Inline <b>/<strong>, <i>/<em>, <u> and the simple declarations of a
style="" attribute (weight, style, decoration, transform, alignment, indent, size) are
read too. The page (A4, the margins of Nghị định 30/2020, Times New Roman 13 pt, page
numbers from page 2) is emulation/word_page.py's."""

import io
import re
from dataclasses import dataclass, replace

import lxml.html
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Emu, Mm, Pt, Twips

from common.xmltext import xml_text

from .fonts import text_width_mm
from .word_page import (
    BODY_PT,
    TEXT_WIDTH_MM,
    border_below,
    new_document,
    no_cell_margins,
    set_child,
)

FIRST_LINE_INDENT_MM = 10
CELL_PADDING_MM = 1.9  # Word's default left and right margin of a table cell
DOTS_PT = 11
DOT_WIDTH_MM = DOTS_PT * 0.25 * 25.4 / 72  # a full stop of Times New Roman: a quarter em


@dataclass(frozen=True)
class Look:
    """What of the CSS matters in Word, inherited from parent to child as in CSS."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    upper: bool = False
    size: float | None = None  # points; None: the body's 13 pt
    align: str = "left"
    indent: bool = False  # first line indented 10 mm
    underline_spans: bool = False  # a <span> inside is underlined (the mottos)
    rule_width: float = 0.35  # a .short-rule inside: this share of the block's width


# What a tag adds to its parent's look.
TAG_LOOKS = {
    "b": {"bold": True},
    "strong": {"bold": True},
    "i": {"italic": True},
    "em": {"italic": True},
    "u": {"underline": True},
    "p": {"align": "justify", "indent": True},
    "th": {"bold": True, "align": "center"},
    **{f"h{n}": {"bold": True} for n in range(1, 7)},
}

# What a class adds, applied in this order (a later one wins): documents.css and
# templates/documents/awards/styles.html. Keys are fields of Look. Add a class here when
# a template gets one that prints differently from its block.
CLASS_LOOKS = {
    # The header (templates/documents/header.html), every issuer's variant.
    "doc-header": {"align": "center"},
    "issuer": {"size": 12.5},
    "governing": {"upper": True},
    "org": {"upper": True, "bold": True},
    "party": {"upper": True, "bold": True},
    "union-name": {"upper": True, "bold": True},
    "mark": {"bold": True},
    "number": {"size": 13},
    "nation": {"upper": True, "bold": True, "size": 12.5},
    "slogan": {"bold": True, "size": 13.5, "underline_spans": True},
    "organisation-motto": {"bold": True, "upper": True, "size": 13, "underline_spans": True},
    "full-rule": {"underline_spans": False},  # ruled below instead (RULED_BELOW)
    "date": {"italic": True},
    # Type and title.
    "doc-title": {"align": "center", "bold": True, "indent": False, "rule_width": 0.25},
    "type": {"upper": True, "bold": True, "size": 14},
    "title": {"bold": True, "size": 14},
    "subtitle": {"bold": True, "size": 14},
    # Body.
    "no-indent": {"indent": False},
    "legal-basis": {"italic": True},
    "section-heading": {"bold": True},
    "label": {"bold": True},
    "theme-name": {"bold": True, "italic": True},
    "recipient-line": {"align": "center", "indent": False},
    "authority-line": {"align": "center", "indent": False, "bold": True, "upper": True},
    "decides": {"align": "center", "indent": False, "bold": True, "size": 14},
    "attached": {"align": "center", "indent": False, "italic": True, "bold": False},
    "report-heading": {"bold": True, "indent": False},
    "report-subheading": {"bold": True, "italic": True},
    "total-line": {"italic": True, "indent": False},
    "total-words": {"italic": True},
    # Data tables.
    "award-list": {"size": 11},
    "part": {"bold": True},
    "stt": {"align": "center"},
    "money": {"align": "right"},
    "money-note": {"italic": True, "size": 10, "align": "left"},
    # Recipients and signatures.
    "recipients": {"size": 11, "align": "left"},
    "heading": {"bold": True, "italic": True, "size": 12},
    "signature": {"align": "center", "bold": True},
    "authority": {"upper": True, "size": 13.5},
    "position": {"upper": True, "size": 13.5},
    "note": {"bold": False},
    "name": {"bold": True, "size": 13.5},
    # Annexes and forms.
    "annex-title": {"align": "center", "bold": True, "size": 14},
    "annex-subtitle": {"align": "center", "bold": True},
    "form-field": {"indent": False},
    "field-label": {"bold": True},
}

# Space before and after a block, in points (its CSS margins); a class wins over its tag.
SPACING = {
    "p": (0, 6),
    "doc-header": (0, 12),
    "doc-title": (12, 12),
    "number": (4, 0),
    "date": (8, 0),
    "section-heading": (6, 6),
    "report-heading": (8, 4),
    "report-subheading": (4, 4),
    "profile": (0, 3),
    "authority-line": (0, 8),
    "decides": (8, 8),
    "recipient-line": (0, 10),
    "attached": (0, 0),
    "total-line": (6, 6),
    "doc-closing": (12, 0),
    "annex-title": (10, 4),
    "form-field": (5, 0),
}

SKIP_TAGS = {
    "head", "title", "style", "script", "link", "meta", "noscript", "template", "img",
    "svg", "iframe", "object", "embed", "form", "button", "input", "select", "textarea",
}  # fmt: skip
SKIP_CLASSES = {"preview-bar"}  # the links above a preview, never part of the document
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl",
    "dt", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
LAYOUT_TABLES = {"doc-header", "doc-closing", "annex-top"}  # borderless; others: a grid
CELL_WIDTHS = {"issuer": 0.42, "motto": 0.58, "recipients": 0.5}  # shares of the table
MIN_WEIGHT, MAX_WEIGHT = 4, 40  # characters: other columns share by their longest text
FULL_WEIGHT = {"signature"}
UNSPLIT_ROWS = {"doc-closing", "award-list"}  # a row never breaks across two pages
KEPT_TOGETHER = {"doc-closing"}  # its rows stay on one page
RULES = {"short-rule": None, "rule-full": 1.0}  # None: the look's rule_width
RULED_BELOW = {"full-rule"}  # a rule the width of the block under its last line
BLANK_LINES = {"space": 3}  # the room for a signature
DOTS = {"dots"}  # a line to fill in by hand
NEW_PAGE = {"annex"}  # annexes start on a page of their own
NOWRAP = {"keep", "nation", "when"}  # lines a column must fit (white-space: nowrap)

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
SPACES = re.compile("[ \t\n\r\f]+")  # HTML white space; never the no-break space
DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;]+)")
SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|mm|pt)")


def html_to_docx(html):
    """The official document `html` (a template extending documents/base.html, or any
    HTML of the same classes) as the bytes of a .docx file."""
    root = lxml.html.document_fromstring(html)
    writer = _Writer(title=" ".join((root.findtext(".//title") or "").split()))
    body = root.find("body")
    writer.flow(root if body is None else body, writer.body, Look())
    return writer.save()


def _classes(element):
    return set((element.get("class") or "").split())


def _skipped(node):
    if not isinstance(node.tag, str):  # a comment or a processing instruction
        return True
    return node.tag in SKIP_TAGS or bool(_classes(node) & SKIP_CLASSES)


def _style(element):
    """The declarations of a style="" attribute that Word can show, as Look changes."""
    changes = {}
    for prop, raw in DECLARATION.findall((element.get("style") or "").lower()):
        value = raw.replace("!important", "").strip()
        if prop == "font-weight":
            changes["bold"] = value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600)
        elif prop == "font-style":
            changes["italic"] = value in ("italic", "oblique")
        elif prop in ("text-decoration", "text-decoration-line"):
            changes["underline"] = "underline" in value
        elif prop == "text-transform":
            changes["upper"] = value == "uppercase"
        elif prop == "text-align" and value in ALIGN:
            changes["align"] = value
        elif prop == "text-indent":
            changes["indent"] = re.fullmatch(r"[0.]+[a-z%]*", value) is None
        elif prop == "font-size" and (size := SIZE.fullmatch(value)) and size[2] == "pt":
            changes["size"] = float(size[1])
    return changes


def look_of(element, parent):
    """The look of `element` inside a parent of look `parent`: its tag, its classes in
    CLASS_LOOKS order, then its style attribute."""
    changes = dict(TAG_LOOKS.get(element.tag, {}))
    classes = _classes(element)
    for name, extra in CLASS_LOOKS.items():
        if name in classes:
            changes.update(extra)
    changes.update(_style(element))
    return replace(parent, **changes) if changes else parent


def _spacing(element):
    classes = _classes(element)
    found = [SPACING[name] for name in SPACING if name in classes]
    return found[-1] if found else SPACING.get(element.tag, (0, 0))


def _width(element, total_mm):
    """The width an element's style or class asks for, as a share of `total_mm`."""
    size = SIZE.search((element.get("style") or "").lower().partition("width")[2][:20])
    if size and size[2] == "%":
        return float(size[1]) / 100
    if size and size[2] == "mm" and total_mm:
        return float(size[1]) / total_mm
    shares = [CELL_WIDTHS[name] for name in _classes(element) if name in CELL_WIDTHS]
    return shares[0] if shares else None


def _line(pieces):
    """Gathered inline pieces (text, look), None text for a <br>, with HTML's white
    space collapsed: no space at the start or end of a line, never two in a row."""
    out = []
    for text, look in pieces:
        if text is None:
            if out and out[-1][0]:
                out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
            out.append((None, look))
            continue
        text = SPACES.sub(" ", text)
        if not out or out[-1][0] is None or out[-1][0].endswith(" "):
            text = text.lstrip(" ")
        if text:
            out.append((text, look))
    while out and out[-1][0] is not None and not out[-1][0].rstrip(" "):
        out.pop()
    if out and out[-1][0]:
        out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
    return out if any(text for text, _look in out) else []


def _rows(table):
    """The table's own rows, each with whether it heads the table."""
    for child in table:
        if child.tag in ("thead", "tbody", "tfoot"):
            for row in child:
                if row.tag == "tr":
                    yield row, child.tag == "thead"
        elif child.tag == "tr":
            yield child, False


def _cells(row):
    cells = []
    for cell in row:
        if cell.tag in ("td", "th"):
            span = cell.get("colspan") or "1"
            cells.append((cell, min(max(int(span), 1), 50) if span.isdigit() else 1))
    return cells


class _Box:
    """Where blocks go, one after another: the document's body or a table cell."""

    def __init__(self, container, width_mm, cell=False):
        self.container, self.width, self.cell = container, width_mm, cell
        self.placeholder = cell  # a new cell holds an empty paragraph: written first
        self.before = 0.0  # space owed to the next paragraph, in points
        self.last = None  # the last paragraph, while it is the last block
        self.page_break = False
        self.empty = True

    def paragraph(self):
        if self.placeholder:
            paragraph = self.container.paragraphs[-1]
            self.placeholder = False
        else:
            paragraph = self.container.add_paragraph()
        if self.before:
            paragraph.paragraph_format.space_before = Pt(self.before)
        if self.page_break:
            paragraph.paragraph_format.page_break_before = True
        self.before, self.page_break, self.last, self.empty = 0.0, False, paragraph, False
        return paragraph

    def spacer(self, points):
        """An empty paragraph `points` high (a rule, the room before a table)."""
        self.before = 0.0
        paragraph = self.paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(max(points, 1))
        return paragraph

    def table(self, rows, cols):
        if self.page_break or (self.before and not self.cell):
            self.spacer(self.before)
        if self.placeholder:
            placeholder = self.container.paragraphs[-1]._p
            placeholder.getparent().remove(placeholder)
        table = self.container.add_table(rows, cols)
        # A cell's table is followed by an empty paragraph (Word needs one at the end).
        self.placeholder = self.cell
        self.before, self.last, self.empty = 0.0, None, False
        return table

    def end_block(self, after):
        if not after:
            return
        if self.last is not None:
            fmt = self.last.paragraph_format
            fmt.space_after = Pt(max(after, fmt.space_after.pt if fmt.space_after else 0))
        else:
            self.before = max(self.before, after)


class _Writer:
    def __init__(self, title=""):
        self.document = new_document(title)
        self.body = _Box(self.document, TEXT_WIDTH_MM)

    def save(self):
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def flow(self, element, box, look):
        """Write the element's text and children into `box`: inline content is gathered
        into paragraphs, block children are written in turn."""
        pieces = [(element.text, look)] if element.text else []
        for child in element:
            if not _skipped(child):
                if child.tag in BLOCK_TAGS:
                    self.paragraph(box, pieces, look)
                    pieces = []
                    self.block(child, box, look)
                else:
                    self.inline(child, pieces, look)
            if child.tail:
                pieces.append((child.tail, look))
        self.paragraph(box, pieces, look)

    def inline(self, element, pieces, parent):
        if element.tag == "br":
            pieces.append((None, parent))
            return
        look = look_of(element, parent)
        if element.tag == "span" and parent.underline_spans:
            look = replace(look, underline=True)
        if element.text:
            pieces.append((element.text, look))
        for child in element:
            if not _skipped(child):
                self.inline(child, pieces, look)
            if child.tail:
                pieces.append((child.tail, look))

    def paragraph(self, box, pieces, look):
        line = _line(pieces)
        if not line:
            return None
        paragraph = box.paragraph()
        paragraph.alignment = ALIGN[look.align]
        if look.indent:
            paragraph.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
        for text, piece in line:
            if text is None:
                paragraph.add_run().add_break()
                continue
            run = paragraph.add_run(xml_text(text.upper() if piece.upper else text))
            run.bold = piece.bold or None
            run.italic = piece.italic or None
            run.underline = piece.underline or None
            if piece.size and piece.size != BODY_PT:
                run.font.size = Pt(piece.size)
        return paragraph

    def block(self, element, box, parent):
        classes = _classes(element)
        look = look_of(element, parent)
        rule = [RULES[name] for name in RULES if name in classes]
        if rule or element.tag == "hr":
            share = _width(element, box.width) or (rule[0] if rule else 1.0) or look.rule_width
            self.rule(box, share)
            return
        if classes & DOTS:
            self.dots(box)
            return
        blanks = max([BLANK_LINES[name] for name in classes if name in BLANK_LINES] or [0])
        for _blank in range(blanks):
            box.paragraph()
        if blanks:
            return
        if classes & NEW_PAGE and not box.empty and not box.cell:
            box.page_break = True
        before, after = _spacing(element)
        box.before = max(box.before, before)
        if element.tag == "table":
            self.table(element, box, look)
        else:
            self.flow(element, box, look)
            if classes & RULED_BELOW and box.last is not None:
                border_below(box.last)
        box.end_block(after)

    def rule(self, box, share):
        paragraph = box.spacer(4)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        side = max(box.width * (1 - min(share, 1)) / 2, 0)
        paragraph.paragraph_format.left_indent = Mm(side)
        paragraph.paragraph_format.right_indent = Mm(side)
        border_below(paragraph)

    def dots(self, box):
        paragraph = box.paragraph()
        count = max(int(box.width / DOT_WIDTH_MM) - 4, 3)
        paragraph.add_run("." * count).font.size = Pt(DOTS_PT)

    def table(self, element, box, look):
        rows = [(row, head, _cells(row)) for row, head in _rows(element)]
        rows = [row for row in rows if row[2]]
        if not rows:
            return
        columns = max(sum(span for _cell, span in cells) for _row, _head, cells in rows)
        layout = bool(_classes(element) & LAYOUT_TABLES)
        table = box.table(len(rows), columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        base = replace(look, indent=False)
        if layout:  # cells without padding, as in the CSS: text lines up with the body
            no_cell_margins(table)
            padding = 0
        else:
            table.style = self.document.styles["Table Grid"]
            base = replace(base, align="left", bold=False, upper=False)
            padding = CELL_PADDING_MM
        shares = self.column_widths(element, rows, columns, box.width)
        least = _least_widths(rows, columns, base, padding)
        # Whole twips, and a merged cell exactly the sum of its columns: a width one twip
        # off makes LibreOffice add a column of its own.
        widths = [Twips(Mm(w).twips) for w in _widen(shares, least)]
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = width
        classes = _classes(element)
        unsplit, together = bool(classes & UNSPLIT_ROWS), bool(classes & KEPT_TOGETHER)
        for index, ((row, head, cells), target) in enumerate(zip(rows, table.rows, strict=True)):
            properties = target._tr.get_or_add_trPr()
            if unsplit:
                set_child(properties, "w:cantSplit", val="true")
            if head or all(cell.tag == "th" for cell, _span in cells):
                set_child(properties, "w:tblHeader", val="true")
            row_look = look_of(row, base)
            slots = target.cells
            column = 0
            for cell, span in cells:
                slot = slots[column]
                if span > 1:
                    slot = slot.merge(slots[column + span - 1])
                width = Emu(sum(widths[column : column + span]))
                slot.width = width
                inside = _Box(slot, width.mm - 2 * padding, cell=True)
                self.flow(cell, inside, look_of(cell, row_look))
                if together and index < len(rows) - 1:
                    for paragraph in slot.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
                column += span
            for rest in range(column, columns):
                slots[rest].width = widths[rest]

    def column_widths(self, element, rows, columns, total):
        """Millimetres of each column: from <col>s, else from a cell of that column alone;
        the rest is shared by the length of the columns' texts, as a browser would (a
        signature block counts as a long text: two signatures share equally); scaled to
        the table's width."""
        shares = [None] * columns
        for index, col in enumerate(element.iter("col")):
            if index < columns:
                shares[index] = _width(col, total)
        weights = [MIN_WEIGHT] * columns
        for _row, _head, cells in rows:
            column = 0
            for cell, span in cells:
                if span == 1:
                    if shares[column] is None:
                        shares[column] = _width(cell, total)
                    text = len(" ".join(cell.text_content().split()))
                    weight = MAX_WEIGHT if _classes(cell) & FULL_WEIGHT else text
                    weights[column] = max(weights[column], min(weight, MAX_WEIGHT))
                column += span
        unknown = [index for index, share in enumerate(shares) if not share]
        if unknown:
            rest = max(1 - sum(share for share in shares if share), 0.08 * len(unknown))
            weight = sum(weights[index] for index in unknown)
            for index in unknown:
                shares[index] = rest * weights[index] / weight
        scale = total / sum(shares)
        return [share * scale for share in shares]


def _least_widths(rows, columns, base, padding):
    """Millimetres each column needs for its lines that never wrap (NOWRAP: the header's
    names and motto, the date), measured in the font."""
    least = [0.0] * columns
    for row, _head, cells in rows:
        column = 0
        for cell, span in cells:
            if span == 1:
                for line in cell.iter():
                    if isinstance(line.tag, str) and _classes(line) & NOWRAP:
                        look = base
                        for step in [*reversed(list(line.iterancestors())), line]:
                            if step is row or row in step.iterancestors():
                                look = look_of(step, look)
                        text = " ".join(line.text_content().split())
                        size = look.size or BODY_PT
                        needed = text_width_mm(text.upper() if look.upper else text, size, look)
                        least[column] = max(least[column], needed + 2 * padding)
            column += span
    return least


def _widen(widths, least):
    """Give each column at least what it needs, taken from the others' spare width."""
    widths = list(widths)
    for index, needed in enumerate(least):
        short = needed - widths[index]
        spare = {i: widths[i] - least[i] for i in range(len(widths)) if i != index}
        spare = {i: room for i, room in spare.items() if room > 0}
        total = sum(spare.values())
        if short <= 0 or not total:
            continue
        taken = min(short, total)
        for i, room in spare.items():
            widths[i] -= taken * room / total
        widths[index] += taken
    return widths
