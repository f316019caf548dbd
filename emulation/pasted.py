"""A document's text, as pasted from Word, split into the parts of a plan: the header
(issuer, number, place and date), the type and title, legal bases, preamble, numbered
parts with their levels (I., 1., a), -, +), the closing, recipients and signature blocks.

The same text form is what the editor shows for the body, so an author may paste a
whole document once, or keep editing the text: a line starting with a part's label
begins a part; the other lines are its paragraphs. Two markers keep what plain text
cannot say: "[[tiến độ]]" (and the other BLOCK_MARKERS) places a table the plan builds
from data, and "[CẦN SỬA: …]" before a heading keeps a part a derived plan must adapt."""

import datetime
import re
from dataclasses import dataclass, field

from schools.issuers import IssuerKind

from .numbering import VIETNAMESE_LETTERS, label_for

ROMAN_RE = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
LABEL_PATTERNS = [
    (1, re.compile(rf"^((?=[IVX]){ROMAN_RE}[.)])\s+(.*)$")),
    (3, re.compile(r"^(\d{1,2}\.\d{1,2}\.?)\s+(.*)$")),
    (2, re.compile(r"^(\d{1,2}[.)])\s+(.*)$")),
    (3, re.compile(rf"^([{VIETNAMESE_LETTERS}][).])\s+(.*)$")),
    (4, re.compile(r"^([-–•])\s*(.*)$")),
    (5, re.compile(r"^(\+)\s*(.*)$")),
]
BLOCK_MARKERS = {
    "chuyên đề": "themes",
    "tiến độ": "schedule",
    "chỉ tiêu khối": "targets",
    "kết quả khối": "results",
    "lịch khối": "calendar",
}
BLOCK_RE = re.compile(r"^\[\[\s*([^\]]+?)\s*\]\]$")
REVIEW_RE = re.compile(r"^\[CẦN SỬA:\s*([^\]]*)\]\s*(.*)$")
HEADING_CHARS = 160  # a labelled line longer than this is a paragraph, not a heading

NUMBER_RE = re.compile(r"^Số\s*:?\s*(\d{1,4})?\s*[/-]\s*(\S+)\s*$", re.IGNORECASE)
DATE_RE = re.compile(
    r"^(?P<place>[^,]*?),?\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
MOTTOS = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": None,
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM": None,
    "ĐOÀN TNCS HỒ CHÍ MINH": IssuerKind.YOUTH,
    "ĐỘI TNTP HỒ CHÍ MINH": IssuerKind.PIONEERS,
    "ĐẢNG CỘNG SẢN VIỆT NAM": IssuerKind.PARTY,
}
SLOGAN_RE = re.compile(r"^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc$", re.IGNORECASE)
SYMBOL_KINDS = {"ĐTN": IssuerKind.YOUTH, "LĐ": IssuerKind.PIONEERS, "CB": IssuerKind.PARTY}
TYPE_RE = re.compile(r"^(KẾ HOẠCH|TỜ TRÌNH|QUYẾT ĐỊNH|BÁO CÁO|THÔNG BÁO|HƯỚNG DẪN)\b")
AUTHORITY_RE = re.compile(r"^(KT\.|TM\.|T/M|Q\.|TL\.|TUQ\.)\s*(.*)$")
SIGNATURE_NOISE = re.compile(r"^\(?\s*(đã ký|ký|chữ ký)[^)]*\)?\.?$", re.IGNORECASE)


@dataclass
class PastedSection:
    level: int
    label: str
    heading: str = ""
    paragraphs: list = field(default_factory=list)
    block: str = ""
    review_note: str = ""

    @property
    def body(self):
        return "\n".join(self.paragraphs)


@dataclass
class PastedSignature:
    authority: str = ""
    authority_title: str = ""
    position: str = ""
    position_note: str = ""
    signer_name: str = ""


@dataclass
class PastedDocument:
    issuer_kind: str = ""
    header_lines: list = field(default_factory=list)
    number: int | None = None
    symbol: str = ""
    place: str = ""
    issue_date: datetime.date | None = None
    type_label: str = ""
    title: str = ""
    subtitle: str = ""
    legal_bases: list = field(default_factory=list)
    preamble: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    recipients: list = field(default_factory=list)
    signatures: list = field(default_factory=list)


def clean_rows(text):
    """Rows of pasted text with Word's debris removed (non-breaking spaces, runs of
    spaces, empty lines), each tab-separated cell of a pasted table kept in its column:
    an empty cell stays "" so the signature under a right-hand column stays there."""
    rows = []
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = [
            re.sub(r"\s+", " ", cell.replace("\u00a0", " ")).strip() for cell in raw.split("\t")
        ]
        if any(cells):
            rows.append(cells)
    return rows


def filled(cells):
    return [cell for cell in cells if cell]


def split_label(line):
    """(level, label, rest) of a line that starts a part, else None."""
    for level, pattern in LABEL_PATTERNS:
        match = pattern.match(line)
        if match and match.group(1):
            return level, match.group(1), match.group(2).strip()
    return None


def _is_heading(level, rest):
    if level == 1:
        return True
    if level >= 4 or len(rest) > HEADING_CHARS:
        return False
    return rest.endswith(":") or rest.isupper() or not rest.endswith((".", ";"))


def _auto_label(level, label):
    """A label the numbering gives by itself is not kept (reordering renumbers); one it
    cannot give ('1.1.', '3)') is kept as written."""
    if level in (4, 5):
        return ""
    if level == 1 and re.fullmatch(rf"{ROMAN_RE}\.", label):
        return ""
    if level == 2 and re.fullmatch(r"\d{1,2}\.", label):
        return ""
    if level == 3 and re.fullmatch(rf"[{VIETNAMESE_LETTERS}]\)", label):
        return ""
    return label


def split_body(lines, document=None):
    """The body's lines into legal bases, preamble, sections and closing."""
    document = document or PastedDocument()
    current = None
    for line in lines:
        block = BLOCK_RE.match(line)
        if block and block.group(1).lower() in BLOCK_MARKERS:
            if current is None:
                current = PastedSection(level=1, label="")
                document.sections.append(current)
            current.block = BLOCK_MARKERS[block.group(1).lower()]
            continue
        review = REVIEW_RE.match(line)
        note, line = (review.group(1).strip(), review.group(2)) if review else ("", line)
        labelled = split_label(line)
        if line.startswith("Trên đây") and document.sections:
            current = None
            document.closing.append(line)
        elif labelled and not (document.closing and labelled[0] >= 4):
            level, label, rest = labelled
            current = PastedSection(level=level, label=_auto_label(level, label))
            current.review_note = note
            if _is_heading(level, rest):
                current.heading = rest
            else:
                current.paragraphs.append(rest)
            document.sections.append(current)
            document.closing = []
        elif document.closing:
            document.closing.append(line)
        elif current is not None:
            current.paragraphs.append(line)
        elif line.startswith("Căn cứ") and not document.preamble:
            document.legal_bases.append(line)
        else:
            document.preamble.append(line)
    return document


def _is_motto(line):
    return line.upper() in MOTTOS or bool(SLOGAN_RE.match(line))


def _read_header(rows, document):
    """Consume the header rows (everything before the type line); returns the index of
    the type line."""
    for index, row in enumerate(rows):
        cells = filled(row)
        if TYPE_RE.match(cells[0]) and len(cells) == 1:
            return index
        for cell in cells:
            upper = cell.upper()
            number = NUMBER_RE.match(cell)
            date = DATE_RE.match(cell)
            if upper in MOTTOS:
                document.issuer_kind = document.issuer_kind or MOTTOS[upper] or ""
            elif SLOGAN_RE.match(cell) or set(cell) <= {"*", "-", "_", " "}:
                continue
            elif number:
                document.number = int(number.group(1)) if number.group(1) else None
                document.symbol = number.group(2)
                tail = document.symbol.rsplit("/", 1)[-1].rsplit("-", 1)[-1].upper()
                if tail in SYMBOL_KINDS:
                    document.issuer_kind = SYMBOL_KINDS[tail]
                elif tail.startswith("CĐ") and not document.issuer_kind:
                    document.issuer_kind = IssuerKind.UNION
            elif date:
                document.place = date.group("place").strip()
                try:
                    document.issue_date = datetime.date(
                        int(date.group("y")), int(date.group("m")), int(date.group("d"))
                    )
                except ValueError:
                    document.issue_date = None
            else:
                document.header_lines.append(cell)
    return None


def _read_title(lines, document):
    """Type line, title and subtitle; returns the lines after them."""
    document.type_label = lines[0]
    rest = lines[1:]
    title = []
    while rest and len(title) < 3:
        line = rest[0]
        if line.startswith("Căn cứ") or split_label(line) or len(line) > HEADING_CHARS:
            break
        if title and line.endswith(":"):
            break
        title.append(rest.pop(0))
    if title:
        document.title = title[0]
        document.subtitle = " ".join(title[1:])
    return rest


def signature_blocks(columns):
    blocks = []
    for lines in columns:
        block = None
        for line in lines:
            if SIGNATURE_NOISE.match(line):
                continue
            authority = AUTHORITY_RE.match(line)
            if block is None or (block.signer_name and (authority or line.isupper())):
                block = PastedSignature()
                blocks.append(block)
            if authority and not block.position:
                block.authority = "T/M" if authority.group(1) == "T/M" else authority.group(1)
                block.authority_title = authority.group(2)
            elif line.isupper() and not block.position:
                block.position = line
            elif line.isupper() or line.startswith("("):
                block.position_note = line.strip("()")
            else:
                block.signer_name = line
    return [b for b in blocks if b.position or b.signer_name]


def _read_footer(rows, document):
    """Recipients ('Nơi nhận:' and its '- ' lines) and signature blocks, from rows that
    may hold the two columns of Word's closing table side by side."""
    columns = {}
    in_recipients = False
    for cells in rows:
        signature_cells = []
        for column, cell in enumerate(cells):
            if not cell:
                continue
            if cell.lower().startswith("nơi nhận"):
                in_recipients = True
                rest = cell.split(":", 1)[1].strip() if ":" in cell else ""
                if rest:
                    document.recipients.append(rest)
            elif in_recipients and cell[:1] in "-–•+":
                document.recipients.append(cell)
            else:
                signature_cells.append((column, cell))
        for column, cell in signature_cells:
            columns.setdefault(column, []).append(cell)
    document.recipients = [r.lstrip("-–•+ ").rstrip(";.").strip() for r in document.recipients]
    document.recipients = [r for r in document.recipients if r]
    document.signatures = signature_blocks([columns[k] for k in sorted(columns)])


def _footer_start(rows):
    for index, cells in enumerate(rows):
        if any(cell.lower().startswith("nơi nhận") for cell in cells):
            return index
    # No recipients: the signature block is the trailing run of upper-case/name lines.
    index = len(rows)
    while index > 0 and len(filled(rows[index - 1])) == 1:
        line = filled(rows[index - 1])[0]
        if AUTHORITY_RE.match(line) or SIGNATURE_NOISE.match(line) or len(line.split()) <= 5:
            if split_label(line) or line.endswith((".", ";", ":")):
                break
            index -= 1
        else:
            break
    return index


def split_document(text):
    """A whole document, header to signature, as pasted from Word."""
    rows = clean_rows(text)
    document = PastedDocument()
    type_index = _read_header(rows, document)
    if type_index is None:  # no type line: the text is the body alone, mottos aside
        lines = [" ".join(filled(cells)) for cells in rows]
        split_body([line for line in lines if not _is_motto(line)], document)
        return document
    after = rows[type_index:]
    footer = _footer_start(after)
    body_rows, footer_rows = after[:footer], after[footer:]
    body = _read_title([" ".join(filled(cells)) for cells in body_rows], document)
    split_body(body, document)
    _read_footer(footer_rows, document)
    return document


def body_text(legal_bases, preamble, sections, closing):
    """The editor's text of a plan's body: the inverse of split_body."""
    from .numbering import number_items

    lines = [*legal_bases, *preamble]
    for label, section in number_items(sections, override=lambda s: s.label):
        note = f"[CẦN SỬA: {section.review_note}] " if section.review_note else ""
        label = label or label_for(section.level, 1)
        first = section.heading or ""
        paragraphs = [p for p in section.body.splitlines() if p.strip()]
        if not first and paragraphs:
            first = paragraphs.pop(0)
        lines.append(f"{note}{label} {first}".rstrip())
        lines.extend(paragraphs)
        if section.block:
            marker = next(k for k, v in BLOCK_MARKERS.items() if v == section.block)
            lines.append(f"[[{marker}]]")
    lines.extend(closing)
    return "\n".join(lines)
