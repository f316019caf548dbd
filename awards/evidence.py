"""What an evidence file really is, read from its first bytes (and, for Office files, its
zip directory), never from its name."""

from common.uploads import file_kind

from .models import Evidence

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_NOMINATION_BYTES = 50 * 1024 * 1024
EXTENSIONS = {
    Evidence.Kind.PDF: {".pdf"},
    Evidence.Kind.JPEG: {".jpg", ".jpeg"},
    Evidence.Kind.PNG: {".png"},
    Evidence.Kind.DOCX: {".docx"},
    Evidence.Kind.XLSX: {".xlsx"},
}


def sniff(content):
    """The Evidence.Kind of `content`, or None when it is none of the accepted kinds
    (common/uploads.py reads what a file is)."""
    kind = file_kind(content)
    return Evidence.Kind(kind) if kind in Evidence.Kind.values else None


def extension_of(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""
