"""Text typed by users into pages that read the request without a Django form: trimmed,
rid of the control characters no field may hold (NUL is refused by PostgreSQL, XML,
Excel and Word), and checked against the field's length with a Vietnamese message
instead of being cut silently or failing in the database."""

import re
import unicodedata

from django.utils.translation import gettext as _

from .errors import ServiceError

# C0 control characters except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _number(value):
    return f"{value:,}".replace(",", ".")


def clean_text(value, limit, label):
    """`value` trimmed and without control characters; ServiceError when longer than
    `limit` characters."""
    value = CONTROL_CHARACTERS.sub("", value or "").strip()
    if len(value) > limit:
        raise ServiceError(
            _("%(label)s tối đa %(max)s ký tự; nội dung đã nhập có %(len)s ký tự.")
            % {"label": label, "max": _number(limit), "len": _number(len(value))}
        )
    return value


# What a file name shown to users must not hold: folders, control characters, invisible
# formatting (right-to-left override that makes "gnp.exe" read "exe.png", zero-width
# spaces), line and paragraph separators.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def safe_file_name(name, limit=200, default="tep"):
    """The last part of an uploaded file's name, as shown to users and offered again in
    downloads: no folder, no control or invisible characters, no leading dots, at most
    `limit` characters with the extension kept; `default` names a file whose name has
    nothing left. The stored path is made by the storage from it again."""
    name = re.split(r"[/\\]", name or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _HIDDEN)
    name = " ".join(name.split())
    stem, dot, extension = name.rpartition(".")
    if not dot or not extension or " " in extension or len(extension) > 10:
        stem, extension = name, ""
    stem = stem.strip(" .")[: limit - len(extension) - 1 if extension else limit]
    stem = stem.rstrip(" .") or default
    return f"{stem}.{extension}" if extension else stem
