"""Vietnamese text helpers used everywhere: collation keys for sorting names, accent-free
search keys, and date formats of official documents.

Collation (AWARDS.md, "Numbers and text"): letters in the order
a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z); tones come
after the base letter and only break ties (ngang, huyền, hỏi, ngã, sắc, nặng). A person's
name sorts by given name (last word), then the rest of the name.

Keys are made of ASCII digits only, so they sort the same under every database
collation (SQLite's BINARY, PostgreSQL's C or any locale).
"""

import unicodedata
from functools import lru_cache

ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {ch: f"{i + 1:02d}" for i, ch in enumerate(ALPHABET)}
_SEPARATOR = "00"

# Combining marks that are part of the letter (breve, circumflex, horn) ...
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}
# ... and the tone marks, in Vietnamese dictionary order (ngang = 0).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


@lru_cache(maxsize=4096)  # a pure function of one character (Vietnamese: a few hundred)
def _split_letter(char):
    """Return (base letter, tone digit) for one character, or (None, None)."""
    char = char.lower()
    if char == "đ":
        return "đ", "0"
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone = "0"
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            if mark == "\u0306":
                base = "ă"
            elif mark == "\u0302":
                base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == "\u031b":
                base = {"o": "ơ", "u": "ư"}.get(base, base)
    if base not in _LETTER_CODE:
        return None, None
    return base, tone


def _word_keys(text):
    """Primary (letters) and secondary (tones) keys of a run of words."""
    primary, secondary = [], []
    for word in text.split():
        if primary:
            primary.append(_SEPARATOR)
        for char in word:
            base, tone = _split_letter(char)
            if base is not None:
                primary.append(_LETTER_CODE[base])
                secondary.append(tone)
    return "".join(primary), "".join(secondary)


@lru_cache(maxsize=8192)  # organisation and award names come back on every page
def collation_key(text):
    """Sort key of any Vietnamese text, letters first, tones as tie-breakers."""
    primary, secondary = _word_keys(text or "")
    return f"{primary}{_SEPARATOR}{secondary}"


def split_name(full_name):
    """'Nguyễn Thị Bang' -> ('Nguyễn Thị', 'Bang')."""
    words = (full_name or "").split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def name_sort_key(full_name):
    """Sort key of a person's name: given name, then family and middle names."""
    rest, given = split_name(full_name)
    given_primary, given_tones = _word_keys(given)
    rest_primary, rest_tones = _word_keys(rest)
    return _SEPARATOR.join([given_primary, rest_primary, given_tones or "0", rest_tones or "0"])


def sort_people(items, name=lambda item: item.full_name):
    """Sort any iterable of people (or rows) by Vietnamese name order."""
    return sorted(items, key=lambda item: name_sort_key(name(item)))


def sort_by_text(items, text):
    """Sort any iterable by a text attribute in Vietnamese order (organisations, units)."""
    return sorted(items, key=lambda item: collation_key(text(item)))


def _dropped_from_search(char):
    """Accents, and control characters but white space (NUL cannot even be queried)."""
    category = unicodedata.category(char)
    return category == "Mn" or (category == "Cc" and not char.isspace())


def search_key(text):
    """Accent-free lower-case form for searching: 'Đặng Kim Ngân' -> 'dang kim ngan'."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not _dropped_from_search(c))
    return " ".join(stripped.lower().split())


def document_number(number, symbol):
    """'05/KH-THLU': NĐ 30/2020 (Phụ lục I, Phần I, Mục II) writes a number below 10 with
    a leading zero; '/KH-THLU' while the document has no number yet."""
    if number is None or number == "":
        return f"/{symbol}"
    return f"{int(number):02d}/{symbol}"


def document_date(value):
    """Date line of an official document: 'ngày 05 tháng 01 năm 2024'.

    Nghị định 30/2020: days below 10 and months 1 and 2 are written with a leading zero.
    """
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
