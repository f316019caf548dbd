"""What an evidence file really is, read from its first bytes (and, for Office files, its
zip directory), never from its name."""

import io
import zipfile

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
OFFICE_PARTS = {
    Evidence.Kind.DOCX: "word/document.xml",
    Evidence.Kind.XLSX: "xl/workbook.xml",
}


def _office_kind(content):
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in OFFICE_PARTS.items():
        if part in names:
            return kind
    return None


def sniff(content):
    """The Evidence.Kind of `content`, or None when it is none of the accepted kinds."""
    if content.startswith(b"%PDF-"):
        return Evidence.Kind.PDF
    if content.startswith(b"\xff\xd8\xff"):
        return Evidence.Kind.JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return Evidence.Kind.PNG
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    return None


def extension_of(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""
