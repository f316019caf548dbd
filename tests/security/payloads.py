"""The payload corpus of the security tests: each payload a short id and a string, sent
through every text field of the product (pages, official documents, Excel and Word).

`PAYLOADS` holds what a field may legitimately store (up to a few thousand characters);
`HUGE` is the 1 MB string every field must refuse with a Vietnamese length message.
`unescaped_markup(html)` lists what a page must never contain when user text holds these
payloads: a script element, an event handler inside a tag, a javascript: link, a style
element or an image that fetches something."""

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser


@dataclass(frozen=True)
class Payload:
    id: str
    text: str
    markup: bool = False  # holds HTML that must stay text
    formula: bool = False  # starts with a character Excel reads as a formula

    def __str__(self):
        return self.id


LONG_UNICODE = ("Đổi mới sáng tạo 𝕍𝕚ệ𝕥 ✓ ưỡ ừ ặ ỹ — ") * 130  # 4,550 characters, astral plane too

PAYLOADS = [
    Payload("script", "<script>alert(1)</script>", markup=True),
    Payload("attribute_breaker", '"><img src=x onerror=alert(1)>', markup=True),
    Payload("single_quote_breaker", "'><svg onload=alert(1)>", markup=True),
    Payload("javascript_url", "javascript:alert(1)"),
    Payload("javascript_link", '<a href="javascript:alert(1)">x</a>', markup=True),
    Payload("css_url", "<style>body{background:url(http://127.0.0.1:9/x)}</style>", markup=True),
    Payload("img_file", '<img src="file:///etc/passwd">', markup=True),
    Payload("img_http", '<img src="http://127.0.0.1:9/leak">', markup=True),
    Payload("iframe", "<iframe src=//127.0.0.1:9/frame></iframe>", markup=True),
    Payload("entities", "&lt;b&gt;không in đậm&lt;/b&gt; &amp; &#60;i&#62;"),
    Payload("template_syntax", "{{ 7|add:7 }} {% now 'Y' %} ${7*7}"),
    Payload("excel_hyperlink", '=HYPERLINK("http://evil","x")', formula=True),
    Payload("excel_formula", "=1+2", formula=True),
    Payload("excel_plus", "+SUM(A1)", formula=True),
    Payload("excel_minus", "-2+3", formula=True),
    Payload("excel_at", "@cmd", formula=True),
    Payload("excel_dde", "=cmd|' /C calc'!A0", formula=True),
    Payload("rtl_override", "Nguyễn Văn \u202egnp.exe"),
    Payload("zero_width", "Nguyễn\u200b Văn\u200d An\ufeff"),
    # Noncharacters: valid in a database, refused by XML (Excel, Word) - the attack's 500.
    Payload("noncharacters", "Lê\ufffeVăn\uffff Cường"),
    Payload("null_byte", "Trần\x00 Thị Bình"),
    Payload("control_chars", "Lê\x01\x08\x0b\x1b Văn Cường"),
    Payload("crlf", "Dòng một\r\nX-Injected: 1\rDòng ba"),
    Payload("long_unicode", LONG_UNICODE),
    Payload("vietnamese", "Nguyễn Thị Ánh Tuyết – “đổi mới” & <sáng tạo> 100% Đạt"),
]
BY_ID = {p.id: p for p in PAYLOADS}


@dataclass(frozen=True)
class Group:
    """Payloads sent together, one line (the page tests send each group through every
    field once instead of every payload: a third of the requests, the same coverage)."""

    id: str
    parts: tuple

    @property
    def text(self):
        return " ".join(p.text for p in self.parts)

    @property
    def markup(self):
        return any(p.markup for p in self.parts)

    @property
    def formula(self):
        return self.parts[0].formula

    def __str__(self):
        return self.id


def _group(name, *ids):
    return Group(name, tuple(BY_ID[i] for i in ids))


GROUPS = [
    _group("markup", "script", "attribute_breaker", "single_quote_breaker", "javascript_link"),
    _group("fetching", "css_url", "img_file", "img_http", "iframe", "javascript_url"),
    _group("text_tricks", "entities", "template_syntax", "vietnamese"),
    _group("formulas", "excel_formula", "excel_plus", "excel_minus", "excel_at"),
    _group("formulas_2", "excel_hyperlink", "excel_dde"),
    _group("invisible", "rtl_override", "zero_width", "control_chars", "crlf", "noncharacters"),
    _group("null_byte", "null_byte"),
    _group("long_unicode", "long_unicode"),
]
assert {p for g in GROUPS for p in g.parts} == set(PAYLOADS), "every payload in a group"
MARKUP = [p for p in PAYLOADS if p.markup]
FORMULAS = [p for p in PAYLOADS if p.formula]

MEGABYTE = 1024 * 1024
HUGE = Payload("one_megabyte", "Đ" + "a" * (MEGABYTE - 1))

# What a payload may legitimately lose on the way in: NUL and the other C0 control
# characters (never meaningful in a text field, refused by XML, Excel and PostgreSQL),
# leading and trailing white space.
_DROPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def stored_form(text):
    """The payload as a field keeps it."""
    return _DROPPED.sub("", text).strip()


# XML 1.0's characters (what Excel and Word files can hold): everything else is dropped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def file_form(text):
    """The payload as a workbook or Word file shows it: as stored, without what XML
    cannot hold (U+FFFE, U+FFFF)."""
    return _NOT_XML.sub("", stored_form(text))


def storable(payload):
    """The payload as any database keeps it: PostgreSQL refuses NUL in text, and no path
    of the product stores one (forms refuse it, services drop it). For tests that write
    rows directly."""
    return replace(payload, text=payload.text.replace("\x00", ""))


STORABLE = [storable(p) for p in PAYLOADS]


def combined(payloads=PAYLOADS, separator="\n"):
    """Every payload in one text, one per line (for documents: one render, all payloads)."""
    return separator.join(p.text for p in payloads)


class _Scanner(HTMLParser):
    """Reads a page as a browser would and notes every live construct a payload could
    have made: a script or style element with the payloads' content, an event handler
    attribute, a javascript: URL, an image or frame that fetches a file or a local port."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value.startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")
            if name == "src" and value.startswith(("file:", "http://127.", "//127.")):
                self.found.append(f"<{tag} src={value}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        self._in = tag if tag in ("script", "style") else None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._in == "script" and "alert(" in data:
            self.found.append("<script>alert(...)")
        if self._in == "style" and "url(" in data:
            self.found.append("<style>url(...)")

    def handle_endtag(self, tag):
        self._in = None


def unescaped_markup(html):
    """The live constructs found in `html` (empty when every payload stayed text)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found
